import { useEffect } from 'react';
import { SUPPORTED_KUBERNETES_MINORS, validateClusterSpec, DEFAULT_KUBERNETES_VERSION } from '../../../shared/domain/cluster-spec';
import type { PublicIpInfo } from '../../../shared/ipc/channels/azure';
import { FieldError, Spinner } from '../components/Feedback';
import { issuesByPath } from '../lib/draft';
import { useLoad } from '../lib/use-load';
import { useWizard } from '../store/wizard-store';

/** Offered releases: the default plus x.y.0 of each supported minor (a live list needs a backend channel). */
const VERSIONS = [...new Set([DEFAULT_KUBERNETES_VERSION, ...SUPPORTED_KUBERNETES_MINORS.map((m) => `1.${m}.0`)])].sort();

export function ClusterStep() {
  const draft = useWizard((s) => s.draft);
  const update = useWizard((s) => s.update);
  const ip = useLoad<PublicIpInfo>('azure.publicIp', {}, !!draft.allowedSourceIp);
  useEffect(() => {
    if (ip.data && !draft.allowedSourceIp) update({ allowedSourceIp: ip.data.ip });
  }, [ip.data, draft.allowedSourceIp, update]);
  const v = validateClusterSpec(draft);
  const issues = issuesByPath(v.ok ? [] : v.issues);
  const field = (path: string) => ({ 'aria-invalid': issues.has(path), 'aria-describedby': `err-${path}` });
  const err = (path: string) => <FieldError id={`err-${path}`} messages={issues.get(path)} />;

  const importKey = async (file: File | undefined) => {
    if (!file) return;
    const text = (await file.text()).trim();
    update({ ssh: { ...draft.ssh, publicKey: text } });
  };

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
            <span>Workers</span>
            <input type="number" min={0} max={20} value={draft.workers.count} onChange={(e) => update({ workers: { ...draft.workers, count: Number(e.target.value) } })} {...field('workers.count')} style={{ width: '6rem' }} />
            {err('workers.count')}
          </label>
          <label className="field">
            <span>Kubernetes version</span>
            <select value={draft.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION} onChange={(e) => update({ kubernetesVersion: e.target.value })} {...field('kubernetesVersion')}>
              {VERSIONS.map((v) => (
                <option key={v} value={v}>
                  {v}
                  {v === DEFAULT_KUBERNETES_VERSION ? ' (recommended)' : ''}
                </option>
              ))}
            </select>
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
        </div>
        <p className="help">1 control plane + {draft.workers.count} worker{draft.workers.count === 1 ? '' : 's'}.</p>
      </div>
      <div className="card">
        <h2>SSH key</h2>
        <label className="field">
          <span>Public key (user core)</span>
          <textarea rows={3} value={draft.ssh.publicKey} onChange={(e) => update({ ssh: { ...draft.ssh, publicKey: e.target.value } })} placeholder="ssh-ed25519 AAAA… you@laptop" {...field('ssh.publicKey')} />
          <span className="help">Paste your ~/.ssh/id_ed25519.pub, or import the file. Flatkube also keeps its own key per cluster for the live logs.</span>
        </label>
        {err('ssh.publicKey')}
        <label className="field">
          <span>Import a .pub file</span>
          <input type="file" accept=".pub,text/plain" onChange={(e) => void importKey(e.target.files?.[0])} />
        </label>
      </div>
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
