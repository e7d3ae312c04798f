import { useState } from 'react';
import type { ChannelOutput } from '../../../shared/ipc/contract';
import type { IpcError } from '../../../shared/ipc/result';
import { ErrorCard, Spinner } from '../components/Feedback';
import { invoke } from '../lib/ipc';
import { teardownText, type TeardownOutcome } from '../lib/teardown-text';
import { useLoad } from '../lib/use-load';
import { useWizard } from '../store/wizard-store';
import { ClusterFacts } from './done/ClusterFacts';
import { CopyButton } from '../components/CopyButton';

export function DoneStep() {
  const deployment = useWizard((s) => s.deployment);
  const setDeployment = useWizard((s) => s.setDeployment);
  const kube = useLoad('cluster.kubeconfig', deployment ? { name: deployment } : null);
  const [merged, setMerged] = useState<ChannelOutput<'cluster.mergeKubeconfig'> | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState('');
  const [confirm, setConfirm] = useState('');
  const [tornDown, setTornDown] = useState<TeardownOutcome | null>(null);
  const [changed, setChanged] = useState(0);

  if (!deployment) return <p className="notice">No cluster yet: create one on the Review step.</p>;
  const merge = async () => {
    setBusy('Merging');
    setError(null);
    const r = await invoke('cluster.mergeKubeconfig', { name: deployment, setCurrentContext: true });
    setBusy('');
    if (r.ok) setMerged(r.value);
    else setError(r.error);
  };
  const teardown = async () => {
    setBusy('Tearing down');
    setError(null);
    const r = await invoke('cluster.destroy', { name: deployment });
    setBusy('');
    if (r.ok) setTornDown(r.value);
    else setError(r.error);
    setChanged((n) => n + 1);
  };
  const kubeconfigFlag = merged ? '' : kube.data ? ` --kubeconfig ${kube.data.path}` : '';
  const commands = `kubectl${kubeconfigFlag} get nodes -o wide\nkubectl${kubeconfigFlag} get pods -A\nkubectl${kubeconfigFlag} create deployment hello --image=nginx`;
  return (
    <div className="done-step">
      {/* The cluster as it is now (state, nodes, cost, what was made), not as the page last saw it. */}
      <ClusterFacts name={deployment} refresh={changed} />
      {!tornDown && (
      <div className="card" data-testid="kubeconfig">
        <h2>Kubeconfig of {deployment}</h2>
        {kube.loading && <Spinner label="Fetching the kubeconfig…" />}
        {kube.error && <ErrorCard error={kube.error} title="Could not read the kubeconfig" onRetry={kube.reload} />}
        {kube.data && (
          <p>
            Kubeconfig: <code>{kube.data.path}</code> <CopyButton text={kube.data.path} label="Copy the kubeconfig path" />
          </p>
        )}
        <button type="button" onClick={() => void merge()} disabled={!!busy || !!merged}>
          Merge into my kubeconfig
        </button>
        {merged && (
          <p role="status" data-testid="merged">
            Merged into <code>{merged.path}</code> as context <code>{merged.context}</code>
            {merged.backupPath ? (
              <>
                ; the previous file was saved as <code>{merged.backupPath}</code>
              </>
            ) : null}
            .
          </p>
        )}
      </div>
      )}
      {!tornDown && (
        <div className="card">
          <h2>Next commands</h2>
          <CopyButton text={commands} label="Copy the next commands" />
          <pre tabIndex={0}>{commands}</pre>
        </div>
      )}
      <div className="card" data-testid="teardown">
        <h2>Tear down</h2>
        {tornDown ? (
          <p role="status">
            Deleted. {teardownText(tornDown)}{' '}
            <button type="button" onClick={() => setDeployment(null)}>
              Start a new cluster
            </button>
          </p>
        ) : (
          <>
            <p>Deletes every Azure resource Flatkube created for the cluster (its resource group, unless that existed before). This cannot be undone.</p>
            <label className="field">
              <span>
                Type the cluster name <code>{deployment}</code> to confirm
              </span>
              <input value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="off" style={{ width: '16rem' }} />
            </label>
            <button type="button" className="danger" onClick={() => void teardown()} disabled={confirm !== deployment || !!busy}>
              Tear down {deployment}
            </button>
          </>
        )}
        {busy && <Spinner label={`${busy}…`} />}
      </div>
      {error && <ErrorCard error={error} title="That did not work" />}
    </div>
  );
}
