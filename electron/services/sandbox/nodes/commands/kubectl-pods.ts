// `kubectl get pods [-A | -n NS] [-o wide|name] [-l k=v]`: the pods a kubeadm
// cluster runs (static control-plane pods, kube-proxy, CoreDNS) plus the CNI's,
// derived from the simulated cluster state. Minimal on purpose.
import { createHash } from 'node:crypto';
import type { CommandContext } from '../command-types';
import type { ClusterMember } from '../node-state';
import { cniReadyNow, memberCondition } from '../cluster-view';
import { findObject, type Target } from './kubectl-objects';
import { calicoOperatorError, podCidrFor } from './pod-network';

export interface Pod {
  namespace: string;
  name: string;
  ready: string;
  status: string;
  node: string;
  ip: string;
  since: string;
  labels: Record<string, string>;
  /** The member it runs on (for its logs). */
  member?: ClusterMember;
}

/** `-l a=b,c=d` (equality selectors only). */
export function matchesSelector(labels: Record<string, string>, selector: string): boolean {
  return selector.split(',').every((term) => {
    const [k, v] = term.split(/==?/, 2) as [string, string | undefined];
    return v === undefined ? k.trim() in labels : labels[k.trim()] === v.trim();
  });
}

/** Kubernetes' random name suffix alphabet; deterministic here so output is stable. */
function suffix(seed: string, len: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const h = createHash('sha256').update(seed).digest();
  let s = '';
  for (let i = 0; i < len; i++) s += alphabet[(h[i] as number) % alphabet.length];
  return s;
}

function age(iso: string): string {
  const s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  return `${Math.floor(s / 3600)}h`;
}

export function simulatedPods(ctx: CommandContext, t: Target): Pod[] {
  const c = t.cluster;
  const cniReady = cniReadyNow(c, ctx.pace.delayMs('cni-ready'));
  const kubeletUp = (m: ClusterMember) => ctx.dir.get(m.vmId)?.state.units['kubelet.service']?.active === 'active';
  const pods: Pod[] = [];
  const running = (namespace: string, name: string, labels: Record<string, string>, m: ClusterMember, since: string, ok = kubeletUp(m), notOk = 'Pending') =>
    pods.push({ namespace, name, ready: ok ? '1/1' : '0/1', status: ok ? 'Running' : notOk, node: m.name, ip: m.ip, since, labels, member: m });
  for (const m of c.members) {
    if (m.role !== 'control-plane') continue;
    for (const p of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) running('kube-system', `${p}-${m.name}`, { component: p, tier: 'control-plane' }, m, m.joinedAt);
  }
  for (const m of c.members) running('kube-system', `kube-proxy-${suffix(m.vmId + 'proxy', 5)}`, { 'k8s-app': 'kube-proxy' }, m, m.joinedAt);
  const cp = c.members.find((m) => m.role === 'control-plane');
  const anyReady = c.members.some((m) => memberCondition(c, m, ctx.dir, cniReady).ready);
  const rs = suffix(c.clusterName + 'coredns', 10);
  // CoreDNS gets addresses from the control plane's podCIDR, once the pod network works there.
  const dnsBase = c.podSubnet ? podCidrFor(c.podSubnet, 0)?.replace(/\.0\/24$/, '') : undefined;
  for (let i = 0; i < 2 && cp; i++) {
    pods.push({ namespace: 'kube-system', name: `coredns-${rs}-${suffix(`${c.clusterName}coredns${i}`, 5)}`, ready: anyReady ? '1/1' : '0/1', status: anyReady ? 'Running' : 'Pending', node: anyReady ? cp.name : '<none>', ip: anyReady && dnsBase ? `${dnsBase}.${i + 2}` : '<none>', since: cp.joinedAt, labels: { 'k8s-app': 'kube-dns' }, member: cp });
  }
  const since = c.cni?.appliedAt ?? cp?.joinedAt ?? new Date().toISOString();
  const cniPod = (namespace: string, prefix: string, labels: Record<string, string>) => {
    for (const m of c.members) {
      const cond = memberCondition(c, m, ctx.dir, cniReady);
      const starting = kubeletUp(m) && !cniReady;
      running(namespace, `${prefix}-${suffix(m.vmId + prefix, 5)}`, labels, m, since, cond.ready, starting ? 'Init:0/2' : kubeletUp(m) ? 'CrashLoopBackOff' : 'Pending');
    }
  };
  if (cp && findObject(c, 'deployment.apps', 'tigera-operator', 'tigera-operator')) {
    running('tigera-operator', `tigera-operator-${suffix(c.clusterName + 'tigera', 10)}-${suffix(c.clusterName + 'tigera-pod', 5)}`, { name: 'tigera-operator', 'k8s-app': 'tigera-operator' }, cp, cp.joinedAt);
  }
  if (c.cni?.name === 'flannel') cniPod('kube-flannel', 'kube-flannel-ds', { app: 'flannel', 'k8s-app': 'flannel', tier: 'node' });
  // An operator that refused the Installation deploys no calico-node at all.
  if (c.cni?.name === 'calico' && !calicoOperatorError(c)) cniPod('calico-system', 'calico-node', { 'k8s-app': 'calico-node' });
  if (c.cni?.name === 'cilium') cniPod('kube-system', 'cilium', { 'k8s-app': 'cilium' });
  return pods;
}

export function getPods(args: string[], t: Target, ctx: CommandContext, namespace: string | undefined, allNamespaces: boolean): number {
  let output = '';
  let selector: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-l' || a === '--selector') selector = args[++i] ?? '';
    else if (a.startsWith('--selector=')) selector = a.slice(11);
    else if (a === '-o' || a === '--output') output = args[++i] ?? '';
    else if (a.startsWith('-o')) output = a.slice(2).replace(/^=/, '');
    else if (a.startsWith('--output=')) output = a.slice(9);
    else if (!a.startsWith('-')) {
      ctx.io.stderr(`Error from server (NotFound): pods "${a}" not found\n`);
      return 1;
    }
  }
  if (output !== '' && output !== 'wide' && output !== 'name') {
    ctx.io.stderr(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: name,wide\n`);
    return 1;
  }
  const ns = namespace ?? 'default';
  const pods = simulatedPods(ctx, t).filter((p) => (allNamespaces || p.namespace === ns) && (selector === undefined || matchesSelector(p.labels, selector)));
  if (pods.length === 0) {
    ctx.io.stderr(allNamespaces ? 'No resources found\n' : `No resources found in ${ns} namespace.\n`);
    return 0;
  }
  if (output === 'name') {
    for (const p of pods) ctx.io.stdout(`pod/${p.name}\n`);
    return 0;
  }
  const header = [...(allNamespaces ? ['NAMESPACE'] : []), 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', ...(output === 'wide' ? ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'] : [])];
  const rows = pods.map((p) => [...(allNamespaces ? [p.namespace] : []), p.name, p.ready, p.status, '0', age(p.since), ...(output === 'wide' ? [p.ip, p.node, '<none>', '<none>'] : [])]);
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  for (const r of all) ctx.io.stdout(r.map((c, i) => (i === r.length - 1 ? c : c.padEnd((widths[i] as number) + 3))).join('') + '\n');
  return 0;
}
