import { useEffect, useMemo, useState } from 'react';
import type { VmSizeInfo } from '../../../shared/ipc/channels/azure';
import { ErrorCard, Skeleton } from '../components/Feedback';
import { TabList, TabPanel } from '../components/Tabs';
import { money } from '../lib/cost';
import { clusterQuota, DEFAULT_SIZE_FILTER, missingSizes, filterSizes, headroom, sortSizes, type SizeFilter, type SizeSortKey } from '../lib/sizes';
import { useLoad } from '../lib/use-load';
import { sizesKey, useAzureCache } from '../store/azure-cache';
import { useWizard } from '../store/wizard-store';

/** Whose size the table chooses: the control planes, or a pool by its index. */
type Role = 'controlPlane' | number;
/** The tab's id (the WAI-ARIA tabs take string ids). */
const tabId = (r: Role) => (r === 'controlPlane' ? 'controlPlane' : `pool-${r}`);
const COLUMNS: { key: SizeSortKey; label: string; num?: boolean }[] = [
  { key: 'name', label: 'Size' },
  { key: 'vCPUs', label: 'vCPUs', num: true },
  { key: 'memoryGB', label: 'Memory (GB)', num: true },
  { key: 'perHour', label: 'Price / hour', num: true },
  { key: 'headroom', label: 'Quota headroom (vCPUs)', num: true },
];

export function SizesStep() {
  const draft = useWizard((s) => s.draft);
  const update = useWizard((s) => s.update);
  const arch = draft.architecture ?? 'x64';
  const gen = draft.image.generation ?? 2;
  const ready = !!draft.subscriptionId && !!draft.location;
  const sizes = useLoad('azure.sizes', draft.subscriptionId && draft.location ? { subscriptionId: draft.subscriptionId, location: draft.location, architecture: arch, generation: gen } : null);
  const putSizes = useAzureCache((s) => s.putSizes);
  useEffect(() => {
    if (sizes.data) putSizes(sizesKey(sizes.data.location, arch, gen), sizes.data);
  }, [sizes.data, putSizes, arch, gen]);
  const [role, setRole] = useState<Role>('controlPlane');
  const [sort, setSort] = useState<{ by: SizeSortKey; dir: 'asc' | 'desc' }>({ by: 'perHour', dir: 'asc' });
  const [filter, setFilter] = useState<SizeFilter>(DEFAULT_SIZE_FILTER);
  const rows = useMemo(() => sortSizes(filterSizes(sizes.data?.sizes ?? [], filter), sort.by, sort.dir), [sizes.data, filter, sort]);
  // A pool removed in the Cluster step while its tab was open: back to the control plane.
  const pool = role === 'controlPlane' ? undefined : draft.nodePools[role];
  const chosen = pool ? pool.size : draft.controlPlane.size;
  const choose = (s: VmSizeInfo) =>
    pool ? update({ nodePools: draft.nodePools.map((p, i) => (i === role ? { ...p, size: s.name } : p)) }) : update({ controlPlane: { ...draft.controlPlane, size: s.name } });
  const tabs: [Role, string][] = [
    ['controlPlane', `Control plane: ${draft.controlPlane.size}`],
    // The pool `workers` keeps the label it had before pools ("Workers: <size>").
    ...draft.nodePools.map((p, i): [Role, string] => [i, `${p.name === 'workers' ? 'Workers' : `Pool ${p.name}`}: ${p.size}`]),
  ];
  const sortBy = (by: SizeSortKey) => setSort((s) => ({ by, dir: s.by === by && s.dir === 'asc' ? 'desc' : 'asc' }));

  // Quota for the whole cluster, not one VM: every node of every pool draws on it.
  const quota = sizes.data ? clusterQuota(sizes.data.sizes, draft.controlPlane, draft.nodePools) : null;
  // A region change can drop a chosen size: say so instead of showing no row selected.
  const missing = sizes.data ? missingSizes(sizes.data.sizes, draft.controlPlane, draft.nodePools) : [];

  return (
    <div className="sizes-step">
      {missing.length > 0 && (
        <p className="field-error" role="alert" data-testid="sizes-missing">
          {missing.map(({ who, size }) => `${size}, chosen for ${who}, is not offered in ${draft.location}`).join('; ')}: choose another size in its tab.
        </p>
      )}
      {quota && quota.needs.length > 0 && (
        <p className={quota.short.length > 0 ? 'field-error' : 'help'} role="status" data-testid="cluster-quota">
          The whole cluster needs{' '}
          {quota.needs.map((n) => `${n.needed} ${n.label}${n.available === undefined ? '' : ` (${n.available} left)`}`).join(', ')}.
          {quota.short.length > 0 && ` Not enough ${quota.short.map((n) => n.label).join(' and ')}: pick a smaller size or fewer nodes, or ask Azure for more quota.`}
        </p>
      )}
      <TabList<string>
        label="Which nodes"
        idBase="size-role"
        tabs={tabs.map(([r, label]) => ({ id: tabId(r), label }))}
        selected={tabId(pool ? role : 'controlPlane')}
        onSelect={(id) => setRole(id === 'controlPlane' ? 'controlPlane' : Number(id.slice('pool-'.length)))}
      />
      <TabPanel idBase="size-role" selected={tabId(pool ? role : 'controlPlane')}>
      {!ready && <p className="notice">Pick a subscription and a region first: sizes, prices and quota are per region.</p>}
      {sizes.error && <ErrorCard error={sizes.error} title="Could not list the VM sizes" onRetry={sizes.reload} />}
      <div className="row">
        <label className="field">
          <span>Filter by name</span>
          <input type="search" value={filter.text} onChange={(e) => setFilter({ ...filter, text: e.target.value })} placeholder="e.g. B2, D4s" />
        </label>
        <label className="field">
          <span>At least vCPUs</span>
          <input type="number" min={0} value={filter.minVCPUs} onChange={(e) => setFilter({ ...filter, minVCPUs: Number(e.target.value) || 0 })} style={{ width: '6rem' }} />
        </label>
        <label className="field">
          <span>At least memory (GB)</span>
          <input type="number" min={0} value={filter.minMemoryGB} onChange={(e) => setFilter({ ...filter, minMemoryGB: Number(e.target.value) || 0 })} style={{ width: '6rem' }} />
        </label>
        <label className="inline-check field">
          <input type="checkbox" checked={filter.onlyAvailable} onChange={(e) => setFilter({ ...filter, onlyAvailable: e.target.checked })} /> Only sizes the quota allows
        </label>
      </div>
      {sizes.data?.prices.unknownReason && <p className="notice">Prices unknown: {sizes.data.prices.unknownReason}</p>}
      {sizes.loading && !sizes.data ? (
        <Skeleton rows={6} label="Loading VM sizes" />
      ) : (
        sizes.data && (
          <table data-testid="sizes-table" aria-label={`VM sizes for the ${pool ? (pool.name === 'workers' ? 'workers' : `pool ${pool.name}`) : 'control plane'}`}>
            <thead>
              <tr>
                <th scope="col">Use</th>
                {COLUMNS.map((c) => (
                  <th key={c.key} scope="col" className={c.num ? 'num' : undefined} aria-sort={sort.by === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
                    <button type="button" onClick={() => sortBy(c.key)}>
                      {c.label}
                      {sort.by === c.key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                    </button>
                  </th>
                ))}
                <th scope="col" className="num">
                  Price / month
                </th>
                <th scope="col">Arch</th>
                <th scope="col">Availability</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => {
                const h = headroom(s);
                const below = !pool && s.belowControlPlaneMinimum;
                return (
                  <tr key={s.name} className={s.name === chosen ? 'selected' : undefined} data-size={s.name}>
                    <td>
                      <input type="radio" name={`size-${role}`} aria-label={`Use ${s.name}`} checked={s.name === chosen} onChange={() => choose(s)} />
                    </td>
                    <td>
                      {s.name} {below && <span className="badge error">below control-plane minimum (2 vCPUs, 1.7 GB)</span>}
                    </td>
                    <td className="num">{s.vCPUs}</td>
                    <td className="num">{s.memoryGB}</td>
                    <td className="num">{s.price ? money(s.price.perHour, s.price.currency, 4) : 'unknown'}</td>
                    <td className="num">{h ?? '—'}</td>
                    <td className="num">{s.price ? money(s.price.perMonth, s.price.currency) : 'unknown'}</td>
                    <td>{s.architecture}</td>
                    <td>{s.quotaAllowsOne ? <span className="badge ok">available</span> : <span className="badge error">quota exhausted</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )
      )}
      {sizes.data && (
        <p className="count" data-testid="sizes-count">
          {rows.length} of {sizes.data.sizes.length} sizes{sizes.data.prices.asOf ? ` · prices as of ${sizes.data.prices.asOf}` : ''}
        </p>
      )}
      </TabPanel>
    </div>
  );
}
