import { useEffect, useMemo } from 'react';
import { validateClusterSpec, DEFAULT_KUBERNETES_VERSION } from '../../../shared/domain/cluster-spec';
import type { KubernetesVersionsResult } from '../../../shared/ipc/channels/azure';
import { FieldError, Spinner } from '../components/Feedback';
import { MAX_NODE_POOLS, MAX_WORKERS } from '../../../shared/domain/cluster-layout';
import { issuesByPath, newPoolName, type DraftPool } from '../lib/draft';
import { useLoad } from '../lib/use-load';
import { useWizard } from '../store/wizard-store';
import { SshKeyCard } from './SshKeyCard';

/** The newest patch of the default minor if the bakery has one, else its newest version. */
function recommendedVersion(list: KubernetesVersionsResult['versions']): string | undefined {
  const minor = Number(DEFAULT_KUBERNETES_VERSION.split('.')[1]);
  return (list.find((v) => v.minor === minor && v.latestPatch) ?? list[0])?.version;
}

/** The node pools: a name and a count each (sizes are chosen in the Sizes step). */
function NodePools() {
  const draft = useWizard((s) => s.draft);
  const update = useWizard((s) => s.update);
  const v = validateClusterSpec(draft);
  const issues = issuesByPath(v.ok ? [] : v.issues);
  const pools = draft.nodePools;
  const set = (i: number, patch: Partial<DraftPool>) => update({ nodePools: pools.map((p, j) => (j === i ? { ...p, ...patch } : p)) });
  const workers = pools.reduce((n, p) => n + p.count, 0);
  return (
    <fieldset className="node-pools">
      <legend>Node pools</legend>
      {pools.map((p, i) => (
        <div className="row" key={i} data-testid={`pool-${i}`}>
          <label className="field">
            <span>Pool name</span>
            <input value={p.name} onChange={(e) => set(i, { name: e.target.value })} aria-invalid={issues.has(`nodePools.${i}.name`)} aria-describedby={`err-nodePools.${i}.name`} />
            <FieldError id={`err-nodePools.${i}.name`} messages={issues.get(`nodePools.${i}.name`)} />
          </label>
          <label className="field">
            <span>Workers in pool {p.name}</span>
            <input type="number" min={0} max={MAX_WORKERS} value={p.count} onChange={(e) => set(i, { count: Number(e.target.value) })} aria-invalid={issues.has(`nodePools.${i}.count`)} aria-describedby={`err-nodePools.${i}.count`} style={{ width: '6rem' }} />
            <FieldError id={`err-nodePools.${i}.count`} messages={issues.get(`nodePools.${i}.count`)} />
          </label>
          <button type="button" onClick={() => update({ nodePools: pools.filter((_, j) => j !== i) })} aria-label={`Remove pool ${p.name}`}>
            Remove
          </button>
        </div>
      ))}
      {pools.length < MAX_NODE_POOLS && (
        <button type="button" onClick={() => update({ nodePools: [...pools, { name: newPoolName(pools), count: 1, size: pools.at(-1)?.size ?? draft.controlPlane.size }] })}>
          Add a pool
        </button>
      )}
      <p className="help">
        {draft.controlPlane.count} control plane{draft.controlPlane.count === 1 ? '' : 's'} + {workers} worker{workers === 1 ? '' : 's'}
        {pools.length > 1 ? ` in ${pools.length} pools` : ''}. Each pool has its own VM size (next step).
      </p>
    </fieldset>
  );
}

export function ClusterStep() {
  const draft = useWizard((s) => s.draft);
  const update = useWizard((s) => s.update);
  const ip = useLoad('azure.publicIp', draft.allowedSourceIp ? null : {});
  useEffect(() => {
    if (ip.data && !draft.allowedSourceIp) update({ allowedSourceIp: ip.data.ip });
  }, [ip.data, draft.allowedSourceIp, update]);
  // Only versions the Flatcar sysext bakery publishes for this architecture are offered.
  const versions = useLoad('azure.kubernetesVersions', { architecture: draft.architecture ?? 'x64' });
  const list = useMemo(() => versions.data?.versions ?? [], [versions.data]);
  const recommended = recommendedVersion(list);
  const current = draft.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
  useEffect(() => {
    // The built-in default may not be published (yet) where this environment looks: move an
    // untouched draft to the recommended version instead of letting preflight refuse it later.
    if (versions.data && recommended && current === DEFAULT_KUBERNETES_VERSION && !list.some((x) => x.version === current)) update({ kubernetesVersion: recommended });
  }, [versions.data, recommended, current, list, update]);
  const v = validateClusterSpec(draft);
  const issues = issuesByPath(v.ok ? [] : v.issues);
  const field = (path: string) => ({ 'aria-invalid': issues.has(path), 'aria-describedby': `err-${path}` });
  const err = (path: string) => <FieldError id={`err-${path}`} messages={issues.get(path)} />;

  return (
    <div className="cluster-step">
      <div className="card">
        <div className="row">
          <label className="field">
            <span>Cluster name</span>
            <input value={draft.name ?? ''} onChange={(e) => update({ name: e.target.value })} {...field('name')} />
            {err('name')}
          </label>
          <label className="field">
            <span>Control planes</span>
            <select value={draft.controlPlane.count} onChange={(e) => update({ controlPlane: { ...draft.controlPlane, count: Number(e.target.value) === 3 ? 3 : 1 } })} {...field('controlPlane.count')}>
              <option value={1}>1</option>
              <option value={3}>3 (highly available)</option>
            </select>
            {err('controlPlane.count')}
          </label>
          <label className="field">
            <span>Kubernetes version</span>
            <select value={current} onChange={(e) => update({ kubernetesVersion: e.target.value })} {...field('kubernetesVersion')} data-testid="kubernetes-version">
              {!list.some((x) => x.version === current) && <option value={current}>{current}{versions.data ? ' (not in the bakery)' : ''}</option>}
              {list.map((x) => (
                <option key={x.version} value={x.version}>
                  {x.version}
                  {x.version === recommended ? ' (recommended)' : x.latestPatch ? ` (latest 1.${x.minor})` : ''}
                </option>
              ))}
            </select>
            {versions.loading && <Spinner label="Asking the Flatcar sysext bakery for its versions…" />}
            {versions.error && (
              <span className="help" role="alert">
                Could not list the published versions ({versions.error.message}). The review's preflight checks the one you pick.{' '}
                <button type="button" onClick={versions.reload}>
                  Retry
                </button>
              </span>
            )}
            {err('kubernetesVersion')}
          </label>
          <label className="field">
            <span>Pod network (CNI)</span>
            <select value={draft.cni ?? 'flannel'} onChange={(e) => update({ cni: e.target.value as 'flannel' | 'calico' | 'cilium' })}>
              <option value="flannel">Flannel (simple, recommended)</option>
              <option value="calico">Calico (network policies)</option>
              <option value="cilium">Cilium (eBPF)</option>
            </select>
          </label>
          <label className="field">
            <span>
              <input type="checkbox" checked={(draft.updates?.reboots ?? 'kured') === 'kured'} onChange={(e) => update({ updates: { reboots: e.target.checked ? 'kured' : 'off' } })} data-testid="automatic-reboots" />{' '}
              Automatic reboots after Flatcar updates
            </span>
            <small>Flatcar downloads OS updates by itself; Kured reboots one node at a time into them, draining it first. Off: updates wait until you reboot the nodes.</small>
          </label>
        </div>
        <NodePools />
      </div>
      <AzureIntegration />
      <SshKeyCard issues={issues.get('ssh.publicKey')} />
      <div className="card">
        <label className="field">
          <span>Your public IP (SSH and the API server are open to it only)</span>
          <input value={draft.allowedSourceIp ?? ''} onChange={(e) => update({ allowedSourceIp: e.target.value })} {...field('allowedSourceIp')} style={{ width: '12rem' }} />
          {ip.loading && <Spinner label="Detecting your public IP…" />}
          {ip.data && <span className="help">Detected: {ip.data.detail}</span>}
          {ip.error && <span className="help">Could not detect it ({ip.error.message}); type it in.</span>}
        </label>
        {err('allowedSourceIp')}
      </div>
      <details className="card" data-testid="advanced-network">
        <summary>Advanced network (address ranges)</summary>
        {(['vnetCidr', 'subnetCidr', 'podCidr', 'serviceCidr'] as const).map((k) => (
          <label key={k} className="field">
            <span>{{ vnetCidr: 'Virtual network', subnetCidr: 'Node subnet', podCidr: 'Pod network', serviceCidr: 'Service network' }[k]}</span>
            <input value={draft.network[k] ?? ''} onChange={(e) => update({ network: { ...draft.network, [k]: e.target.value } })} {...field(`network.${k}`)} style={{ width: '12rem' }} />
            {err(`network.${k}`)}
          </label>
        ))}
      </details>
    </div>
  );
}

/** The Azure integration (spec `azureIntegration`, docs/azure.md#the-clusters-identity): both on by default. */
function AzureIntegration() {
  const draft = useWizard((s) => s.draft);
  const update = useWizard((s) => s.update);
  const v = validateClusterSpec(draft);
  const issues = issuesByPath(v.ok ? [] : v.issues);
  const err = (path: string) => <FieldError id={`err-${path}`} messages={issues.get(path)} />;
  const cloudProvider = draft.azureIntegration?.cloudProvider ?? true;
  const disks = draft.azureIntegration?.disks ?? true;
  return (
    <div className="card" data-testid="azure-integration">
      <h2>Azure integration</h2>
      <label className="field">
        <span>
          <input type="checkbox" checked={cloudProvider} onChange={(e) => update({ azureIntegration: { cloudProvider: e.target.checked, disks: e.target.checked && disks } })} /> Azure cloud provider
        </span>
        <span className="help">Services of type LoadBalancer get a public address, and nodes know their VM; it signs in as the cluster&apos;s own managed identity, so no secret is stored on the nodes.</span>
      </label>
      <label className="field">
        <span>
          <input type="checkbox" checked={disks} disabled={!cloudProvider} onChange={(e) => update({ azureIntegration: { cloudProvider, disks: e.target.checked } })} /> Azure disks
        </span>
        <span className="help">A PersistentVolumeClaim gets its own Azure managed disk (the default StorageClass managed-csi), removed with the claim and with the cluster.</span>
      </label>
      {err('azureIntegration.disks')}
    </div>
  );
}
