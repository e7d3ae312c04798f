import { useEffect } from 'react';
import { clusterCost, money } from '../../lib/cost';
import { networkLines } from '../../lib/network-cost';
import { STATE_TEXT } from '../../lib/cluster-state';
import { useLoad } from '../../lib/use-load';
import { ErrorCard, Skeleton } from '../../components/Feedback';
import { CopyButton } from '../../components/CopyButton';

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

/**
 * What the Done step knows to be true of the cluster now, read from the backend (not from what
 * the page saw): its state (cluster.status), how long its create took and the Azure resources it
 * made (the create's record, cluster.operation), its nodes and their readiness, and what it
 * costs per hour while it runs (the size list's prices, and the network's list prices in USD).
 */
export function ClusterFacts({ name, refresh }: { name: string; refresh: number }) {
  const status = useLoad('cluster.status', { name });
  const op = useLoad('cluster.operation', { name });
  const reloadStatus = status.reload;
  const reloadOp = op.reload;
  // Read again after something changed the cluster (a teardown from this page).
  useEffect(() => {
    if (!refresh) return;
    reloadStatus();
    reloadOp();
  }, [refresh, reloadStatus, reloadOp]);
  const spec = useLoad('cluster.spec', { name });
  const s = spec.data?.spec;
  const sizes = useLoad('azure.sizes', s ? { subscriptionId: s.subscriptionId, location: s.location, architecture: s.architecture, generation: s.image.generation } : null);
  if (status.error) return <ErrorCard error={status.error} title={`Could not read ${name}'s status`} onRetry={status.reload} />;
  if (!status.data) return <Skeleton rows={3} label="Reading the cluster's status" />;
  const st = status.data;
  const create = op.data?.history.filter((h) => h.kind === 'create' && h.state === 'succeeded').at(-1);
  const made = op.data?.operation?.kind === 'create' ? op.data.operation.steps.filter((x) => x.kind === 'arm' && x.status === 'done') : [];
  const alive = st.state !== 'deleted' && st.state !== 'deleting';
  const compute = s && sizes.data ? clusterCost(sizes.data.sizes, s.controlPlane, s.nodePools) : null;
  const workers = s ? s.nodePools.reduce((n, p) => n + p.count, 0) : 0;
  const network = s && compute?.currency === 'USD' ? networkLines(s.controlPlane.count, workers).reduce((n, l) => n + l.perHour, 0) : 0;
  const ready = st.nodes.filter((n) => n.ready).length;
  return (
    <div className="card" data-testid="cluster-facts" data-state={st.state}>
      <h2>
        {name}: {STATE_TEXT[st.state].label}
      </h2>
      <p className="notice">{STATE_TEXT[st.state].text}</p>
      <dl className="summary-grid">
        {create && create.finishedAt && (
          <>
            <dt>Created in</dt>
            <dd data-testid="create-duration">{duration(Date.parse(create.finishedAt) - Date.parse(create.startedAt))}</dd>
          </>
        )}
        {alive && (
          <>
            <dt>Nodes</dt>
            <dd data-testid="nodes-ready">
              {ready} of {st.nodes.length} Ready{st.nodes.length ? ': ' : ''}
              {st.nodes.map((n) => `${n.name} (${n.role === 'control-plane' ? 'control plane' : 'worker'}, ${n.vmSize}, ${n.ready ? 'Ready' : 'not ready'})`).join('; ')}
            </dd>
            <dt>API endpoint</dt>
            <dd>
              {st.controlPlaneEndpoint ? (
                <>
                  <code>{st.controlPlaneEndpoint}</code> <CopyButton text={st.controlPlaneEndpoint} label="Copy the API endpoint" />
                </>
              ) : (
                'not known'
              )}
            </dd>
            <dt>Cost while it runs</dt>
            <dd data-testid="cost-per-hour">
              {compute
                ? `${money(compute.perHour + network, compute.currency, 3)} per hour (VMs${network ? ', public IPs and load balancer at list price' : ''})${compute.unknown.length ? `; no price known for ${compute.unknown.join(', ')}` : ''}`
                : 'prices not known here'}
            </dd>
          </>
        )}
      </dl>
      {alive && made.length > 0 && (
        <details>
          <summary>The {made.length} Azure resources Flatkube created</summary>
          <ul className="plain-list" data-testid="resources-created">
            {made.map((r) => (
              <li key={r.id}>
                {r.title}
                {r.az && (
                  <>
                    {' '}
                    <CopyButton text={r.az} label={`Copy the az command of ${r.title}`} />
                    <pre tabIndex={0}>{r.az}</pre>
                  </>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
