import { useEffect, useRef, useState } from 'react';
import { ErrorCard, Skeleton, Spinner } from '../../components/Feedback';
import { OperationLive } from '../../components/OperationLive';
import { STATE_TEXT } from '../../lib/cluster-state';
import { useLoad } from '../../lib/use-load';
import { useDeploy } from '../../store/deploy-store';
import { useWizard } from '../../store/wizard-store';
import { ClusterChange } from './ClusterChange';
import { ClusterUpgrade } from './ClusterUpgrade';
import { FlatcarUpdates } from './FlatcarUpdates';
import { NodesTable } from './NodesTable';
import { OperationHistory } from './OperationHistory';
import { ReplayHistory } from './ReplayHistory';

/**
 * One cluster (opened from the Clusters view): its state and API endpoint, how it takes Flatcar
 * updates, its nodes as the Kubernetes API sees them and its operation history (cluster.status),
 * "Change" for its node pools and "Upgrade available" when the bakery has a newer Kubernetes it
 * may move to. The status is read again whenever an operation on it ends.
 */
export function ClusterPage({ name }: { name: string }) {
  const showCluster = useWizard((s) => s.showCluster);
  const setDeployment = useWizard((s) => s.setDeployment);
  const goTo = useWizard((s) => s.goTo);
  const status = useLoad('cluster.status', { name });
  const { reload } = status;
  const [changing, setChanging] = useState(false);
  const [upgrading, setUpgrading] = useState(false);
  const spec = useLoad('cluster.spec', changing ? { name } : null);
  const finished = useDeploy((s) => (s.cluster === name ? s.finished : null));
  const seen = useRef(finished);
  useEffect(() => {
    if (finished && finished !== seen.current) reload();
    seen.current = finished;
  }, [finished, reload]);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const s = status.data;
  const meaning = s ? STATE_TEXT[s.state] : null;

  return (
    <section className="step-page cluster-page" aria-labelledby="cluster-title" data-testid="cluster-page">
      <button type="button" onClick={() => showCluster(null)}>
        ← All clusters
      </button>
      <div className="row" style={{ alignItems: 'center', justifyContent: 'space-between' }}>
        <h1 id="cluster-title" tabIndex={-1} ref={heading}>
          Cluster {name}
        </h1>
        {meaning && (
          <span className={`badge ${meaning.tone}`} data-testid="cluster-page-state" data-state={s?.state}>
            {meaning.label}
          </span>
        )}
      </div>
      {status.loading && !s && <Skeleton rows={4} label="Reading the cluster's status" />}
      {status.error && <ErrorCard error={status.error} title={`Could not read ${name}'s status`} onRetry={reload} />}
      {s && meaning && (
        <>
          <div className="card">
            <p className="notice">{meaning.text}</p>
            <dl className="summary-grid">
              <dt>API endpoint</dt>
              <dd>{s.controlPlaneEndpoint ? <code>{s.controlPlaneEndpoint}</code> : 'not known yet'}</dd>
              <FlatcarUpdates updates={s.updates} />
            </dl>
            <div className="row" style={{ alignItems: 'center', marginTop: '0.6rem' }}>
              <button type="button" onClick={reload} disabled={status.loading}>
                Refresh
              </button>
              {s.state === 'created' && !changing && !upgrading && (
                <button type="button" className="primary" onClick={() => setChanging(true)}>
                  Change…
                </button>
              )}
              {s.state === 'created' && (
                // The Done step has the kubeconfig (path, merge) for the cluster it follows.
                <button
                  type="button"
                  onClick={() => {
                    setDeployment(name);
                    goTo('done');
                  }}
                >
                  Kubeconfig…
                </button>
              )}
              {status.loading && <Spinner label="Refreshing…" />}
            </div>
            {s.state !== 'created' && !changing && !upgrading && (
              <p className="notice">Changes can be made to a created cluster only: {s.state === 'running' ? 'an operation runs on it now' : 'resume or tear it down in the Clusters view'}.</p>
            )}
          </div>
          {/* Notices about the cluster as a whole: a newer Kubernetes release to upgrade to. */}
          {s.state === 'created' && s.upgrades.length > 0 && !changing && !upgrading && (
            <div className="card notice-card" role="status" data-testid="upgrade-available">
              <strong>Upgrade available: {s.upgrades[0]}</strong>
              {s.upgrades.length > 1 && <span className="notice"> (also {s.upgrades.slice(1).join(', ')})</span>}{' '}
              <button type="button" onClick={() => setUpgrading(true)}>
                Upgrade…
              </button>
            </div>
          )}
          {upgrading && (
            <ClusterUpgrade
              cluster={name}
              current={s.nodes.find((n) => n.role === 'control-plane')?.kubernetesVersion ?? null}
              offered={s.upgrades}
              onClose={() => {
                setUpgrading(false);
                reload();
              }}
            />
          )}
          <div className="card">
            <NodesTable nodes={s.nodes} />
          </div>
          {/* While an operation runs (started here, in another window or before a reload): its view, rebuilt from its record. */}
          {!changing && !upgrading && s.state === 'running' && (
            <section className="card" aria-label="The running operation">
              <OperationLive cluster={name} plan={[]} />
            </section>
          )}
          {changing && spec.loading && <Skeleton rows={3} label="Reading the cluster's spec" />}
          {changing && spec.error && <ErrorCard error={spec.error} title={`Could not read ${name}'s spec`} onRetry={spec.reload} />}
          {changing && spec.data && (
            <ClusterChange
              spec={spec.data.spec}
              onClose={() => {
                setChanging(false);
                reload();
                // The next Change starts from the spec as the cluster has it then, not this one.
                spec.reload();
              }}
            />
          )}
          <div className="card">
            <OperationHistory operations={s.operations} />
          </div>
          <ReplayHistory name={name} operations={s.operations.length + s.operations.filter((o) => o.state !== 'running').length} />
        </>
      )}
    </section>
  );
}
