import { useEffect, useRef, useState } from 'react';
import type { ClusterState, ClusterSummary } from '../../../shared/ipc/channels/cluster';
import type { IpcError } from '../../../shared/ipc/result';
import { ErrorCard, Skeleton, Spinner } from '../components/Feedback';
import { STATE_TEXT } from '../lib/cluster-state';
import { invoke } from '../lib/ipc';
import { teardownText, type TeardownOutcome } from '../lib/teardown-text';
import { useLoad } from '../lib/use-load';
import { useDeploy } from '../store/deploy-store';
import { clearLogs } from '../store/logs-store';
import { useWizard } from '../store/wizard-store';
import { NodeLogs } from './NodeLogs';

const RESUMABLE: ClusterState[] = ['unfinished', 'cancelled', 'failed'];

function Teardown({ cluster, onDone }: { cluster: ClusterSummary; onDone(outcome: TeardownOutcome): void }) {
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const run = async () => {
    setBusy(true);
    setError(null);
    const r = await invoke('cluster.destroy', { name: cluster.name });
    setBusy(false);
    if (r.ok) onDone(r.value);
    else setError(r.error);
  };
  return (
    <div className="teardown-form">
      <p>
        Deletes every Azure resource Flatkube created for <strong>{cluster.name}</strong> (resource group <code>{cluster.resourceGroup}</code>, unless it existed before). This cannot be undone.
      </p>
      <div className="row">
        <label className="field">
          <span>
            Type the cluster name <code>{cluster.name}</code> to confirm
          </span>
          <input ref={input} value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="off" style={{ width: '16rem' }} />
        </label>
        <button type="button" className="danger" onClick={() => void run()} disabled={confirm !== cluster.name || busy} style={{ marginBottom: '0.8rem' }}>
          Tear down {cluster.name}
        </button>
        {busy && <Spinner label="Tearing down…" />}
      </div>
      {error && <ErrorCard error={error} title="The teardown did not finish" />}
    </div>
  );
}

function ClusterRow({ cluster, onTornDown }: { cluster: ClusterSummary; onTornDown(outcome: TeardownOutcome): void }) {
  const goTo = useWizard((s) => s.goTo);
  const setDeployment = useWizard((s) => s.setDeployment);
  const showCluster = useWizard((s) => s.showCluster);
  const [tearingDown, setTearingDown] = useState(false);
  const [logsOpen, setLogsOpen] = useState(false);
  const canFollow = cluster.state === 'created';
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const meaning = STATE_TEXT[cluster.state];

  const resume = async () => {
    setBusy(true);
    setError(null);
    clearLogs();
    useDeploy.getState().reset(cluster.name);
    const r = await invoke('cluster.resume', { name: cluster.name });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setDeployment(r.value.name);
    goTo('deploy');
  };
  const follow = () => {
    useDeploy.getState().reset(cluster.name);
    setDeployment(cluster.name);
    goTo('deploy');
  };

  return (
    <li className={`cluster-row card ${cluster.state}`} data-testid={`cluster-${cluster.name}`} data-state={cluster.state} aria-label={`Cluster ${cluster.name}`}>
      <div className="row" style={{ justifyContent: 'space-between', alignItems: 'center' }}>
        <h2 style={{ margin: 0 }}>{cluster.name}</h2>
        <span className={`badge ${meaning.tone}`} data-testid="cluster-state">
          {meaning.label}
        </span>
      </div>
      <p className="notice">{meaning.text}</p>
      <dl className="summary-grid">
        <dt>Where</dt>
        <dd>
          {cluster.environment === 'sandbox' ? 'Sandbox' : 'Azure'} · {cluster.location} · resource group <code>{cluster.resourceGroup}</code>
        </dd>
        <dt>Nodes</dt>
        <dd>{cluster.nodes}</dd>
        <dt>Deployment</dt>
        <dd>
          {cluster.stepsTotal ? `${cluster.stepsDone} of ${cluster.stepsTotal} steps done` : 'not started'} · updated {new Date(cluster.updatedAt).toLocaleString()}
        </dd>
        {cluster.kubeconfigPath && (
          <>
            <dt>Kubeconfig</dt>
            <dd>
              <code>{cluster.kubeconfigPath}</code>
            </dd>
          </>
        )}
      </dl>
      {cluster.lastError && (
        <div className="finding error">
          <strong>Last error:</strong> {cluster.lastError.message}
          {cluster.lastError.azureCode && (
            <>
              {' '}
              (<code>{cluster.lastError.azureCode}</code>)
            </>
          )}
          {cluster.lastError.hint && <div>{cluster.lastError.hint}</div>}
        </div>
      )}
      {cluster.state !== 'deleted' && (
        <div className="row" style={{ alignItems: 'center' }}>
          {RESUMABLE.includes(cluster.state) && (
            <button type="button" className="primary" onClick={() => void resume()} disabled={busy}>
              Resume {cluster.name}
            </button>
          )}
          {cluster.state === 'created' && (
            <button type="button" onClick={() => showCluster(cluster.name)}>
              Open {cluster.name}
            </button>
          )}
          {cluster.state === 'running' && (
            <button type="button" onClick={follow}>
              Follow {cluster.name}
            </button>
          )}
          {canFollow && (
            <button type="button" aria-expanded={logsOpen} onClick={() => setLogsOpen((o) => !o)}>
              Live node logs…
            </button>
          )}
          {cluster.state !== 'running' && (
            <button type="button" className="danger" aria-expanded={tearingDown} onClick={() => setTearingDown((t) => !t)}>
              Tear down…
            </button>
          )}
          {busy && <Spinner label="Resuming…" />}
        </div>
      )}
      {error && <ErrorCard error={error} title={`${cluster.name} could not be resumed`} />}
      {canFollow && logsOpen && <NodeLogs cluster={cluster} />}
      {tearingDown && <Teardown cluster={cluster} onDone={onTornDown} />}
    </li>
  );
}

/** Every cluster Flatkube knows (cluster.list): created, failed and unfinished ones, with their actions. */
export function ClustersView() {
  const list = useLoad('cluster.list', undefined);
  const heading = useRef<HTMLHeadingElement>(null);
  const [showDeleted, setShowDeleted] = useState(false);
  const [tornDown, setTornDown] = useState<({ name: string } & TeardownOutcome) | null>(null);
  useEffect(() => heading.current?.focus(), []);
  const all = list.data ?? [];
  const shown = all.filter((c) => showDeleted || c.state !== 'deleted');
  const hidden = all.length - shown.length;
  return (
    <section className="step-page clusters-view" aria-labelledby="clusters-title" data-testid="clusters-view">
      <h1 id="clusters-title" tabIndex={-1} ref={heading}>
        Clusters
      </h1>
      <p className="step-summary">Clusters created with Flatkube on this computer: resume an unfinished one, open a running one, or tear one down.</p>
      <div className="row" style={{ alignItems: 'center', marginBottom: '1rem' }}>
        <button type="button" onClick={list.reload} disabled={list.loading}>
          Refresh
        </button>
        <label className="inline-check">
          <input type="checkbox" checked={showDeleted} onChange={(e) => setShowDeleted(e.target.checked)} /> Show deleted clusters
        </label>
        {list.loading && list.data && <Spinner label="Refreshing…" />}
      </div>
      {tornDown && (
        <p role="status" className="card" data-testid="teardown-result">
          {tornDown.name} deleted. {teardownText(tornDown)}
        </p>
      )}
      {list.loading && !list.data && <Skeleton rows={3} label="Loading clusters" />}
      {list.error && <ErrorCard error={list.error} title="Could not list the clusters" onRetry={list.reload} />}
      {list.data && shown.length === 0 && (
        <p className="notice" data-testid="clusters-empty">
          No clusters{hidden ? ` (${hidden} deleted hidden)` : ''}. Create one with the wizard.
        </p>
      )}
      <ul className="cluster-list" aria-label="Clusters">
        {shown.map((c) => (
          <ClusterRow
            key={c.name}
            cluster={c}
            onTornDown={(outcome) => {
              setTornDown({ name: c.name, ...outcome });
              list.reload();
            }}
          />
        ))}
      </ul>
    </section>
  );
}
