import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import type { NodeChange, OperationPreview } from '../../../../shared/ipc/channels/cluster';
import type { VmSizeInfo } from '../../../../shared/ipc/channels/azure';
import { money } from '../../lib/cost';
import { costChange } from '../../lib/pool-edit';

function nodeLine(c: NodeChange): string {
  return `${c.node} (${c.pool ? `pool ${c.pool}` : 'control plane'}, ${c.size}, ${c.privateIp})`;
}

/** What the change will do, as `flatkube apply --dry-run` prints it: nodes added and removed, then each step with its `az` equivalent. */
export function PlanSummary({ preview }: { preview: OperationPreview }) {
  return (
    <div data-testid="change-plan">
      <p>
        {preview.add.length} node{preview.add.length === 1 ? '' : 's'} to add, {preview.remove.length} to remove, {preview.keep.length} unchanged; {preview.steps.length} step
        {preview.steps.length === 1 ? '' : 's'}
        {preview.resumes ? ` (continues the unfinished operation ${preview.resumes})` : ''}.
      </p>
      <ul className="plan-nodes">
        {preview.add.map((c) => (
          <li key={`+${c.node}`} data-testid="plan-add">
            Adds {nodeLine(c)}
          </li>
        ))}
        {preview.remove.map((c) => (
          <li key={`-${c.node}`} data-testid="plan-remove">
            Removes {nodeLine(c)}: cordoned, drained, then its VM, disk, NIC and public IP are deleted
          </li>
        ))}
      </ul>
      <ol className="step-list">
        {preview.steps.map((s) => (
          <li key={s.id} data-step-id={s.id}>
            <span className="status pending">{s.kind}</span> {s.title}
            <details>
              <summary>az equivalent</summary>
              <pre tabIndex={0} aria-label={`az equivalent of ${s.title}`}>
                {s.az}
              </pre>
            </details>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** The monthly estimate before and after the change (VMs, public IPs, the API's load balancer). */
export function CostDelta({ sizes, before, after, asOf }: { sizes: readonly VmSizeInfo[]; before: ClusterSpec; after: ClusterSpec; asOf?: string | undefined }) {
  const c = costChange(sizes, before, after);
  const sign = c.delta > 0 ? '+' : c.delta < 0 ? '−' : '±';
  return (
    <div data-testid="change-cost" data-before={c.before.toFixed(2)} data-after={c.after.toFixed(2)} data-delta={c.delta.toFixed(2)}>
      <p>
        About <strong>{money(c.before, c.currency)}</strong> → <span className="cost">{money(c.after, c.currency)}</span> per month ({sign}
        {money(Math.abs(c.delta), c.currency)}; 730 hours, Linux pay-as-you-go list prices)
      </p>
      <p className="notice">
        VMs at the prices Azure's Retail Prices API lists{asOf ? ` (as of ${asOf.slice(0, 10)})` : ''}
        {c.networkLeftOut ? '' : ", plus each node's public IP and, with three control planes, the API's load balancer and its IP (USD list prices)"}; disks,
        traffic and taxes are not included.
      </p>
      {c.unknown.length > 0 && <p className="notice">No price known for {c.unknown.join(', ')}: left out of both totals.</p>}
    </div>
  );
}
