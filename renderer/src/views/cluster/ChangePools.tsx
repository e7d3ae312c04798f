import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import { MAX_NODE_POOLS, MAX_WORKERS } from '../../../../shared/domain/cluster-layout';
import { FieldError } from '../../components/Feedback';
import { newPoolName } from '../../lib/draft';
import type { PoolEdit } from '../../lib/pool-edit';

/**
 * The node pools of a cluster, editable as apply allows: each pool's count, pools added (name,
 * size, count) and removed. A pool that exists keeps its name and size; the control planes are
 * shown with the reason they stay as they are.
 */
export function ChangePools({ spec, pools, sizes, issues, onChange }: { spec: ClusterSpec; pools: PoolEdit[]; sizes: readonly string[]; issues: Map<string, string[]>; onChange(pools: PoolEdit[]): void }) {
  const set = (i: number, patch: Partial<PoolEdit>) => onChange(pools.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const err = (path: string) => <FieldError id={`err-change-${path}`} messages={issues.get(path)} />;
  const field = (path: string) => ({ 'aria-invalid': issues.has(path), 'aria-describedby': `err-change-${path}` });
  const cp = spec.controlPlane;
  return (
    <>
      <p data-testid="control-plane-fixed">
        <strong>
          {cp.count} control plane{cp.count === 1 ? '' : 's'} ({cp.size})
        </strong>
        : not changeable here. The number of control planes is chosen when the cluster is created, and they keep
        their VM size (a change is only of node pools).
      </p>
      <fieldset className="node-pools">
        <legend>Node pools</legend>
        {pools.map((p, i) => (
          <div className="row" key={i} data-testid={`change-pool-${p.name || i}`}>
            {p.existing ? (
              <p className="field">
                <span>Pool</span>
                <span>
                  {p.name} · {p.size}
                </span>
              </p>
            ) : (
              <>
                <label className="field">
                  <span>New pool name</span>
                  <input value={p.name} onChange={(e) => set(i, { name: e.target.value })} autoComplete="off" {...field(`nodePools.${i}.name`)} />
                  {err(`nodePools.${i}.name`)}
                </label>
                <label className="field">
                  <span>VM size of pool {p.name}</span>
                  {sizes.length > 0 ? (
                    <select value={p.size} onChange={(e) => set(i, { size: e.target.value })} {...field(`nodePools.${i}.size`)}>
                      {!sizes.includes(p.size) && <option value={p.size}>{p.size}</option>}
                      {sizes.map((s) => (
                        <option key={s} value={s}>
                          {s}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <input value={p.size} onChange={(e) => set(i, { size: e.target.value })} autoComplete="off" {...field(`nodePools.${i}.size`)} />
                  )}
                  {err(`nodePools.${i}.size`)}
                </label>
              </>
            )}
            <label className="field">
              <span>Nodes in pool {p.name}</span>
              <input
                type="number"
                min={0}
                max={MAX_WORKERS}
                value={Number.isNaN(p.count) ? '' : p.count}
                onChange={(e) => set(i, { count: e.target.value === '' ? Number.NaN : Number(e.target.value) })}
                style={{ width: '6rem' }}
                {...field(`nodePools.${i}.count`)}
              />
              {err(`nodePools.${i}.count`)}
            </label>
            <button type="button" onClick={() => onChange(pools.filter((_, j) => j !== i))} aria-label={`Remove pool ${p.name}`} style={{ marginBottom: '0.8rem' }}>
              Remove
            </button>
          </div>
        ))}
        {pools.length < MAX_NODE_POOLS && (
          <button type="button" onClick={() => onChange([...pools, { name: newPoolName(pools), count: 1, size: pools.at(-1)?.size ?? cp.size, existing: false }])}>
            Add a pool
          </button>
        )}
        {err('nodePools')}
        {err('network.subnetCidr')}
      </fieldset>
    </>
  );
}
