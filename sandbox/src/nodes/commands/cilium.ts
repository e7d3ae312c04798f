// The cilium CLI (cilium-cli), once someone installed its release binary on the node (the
// simulator runs it only from an executable stand-in file, see simulator.ts): `install
// --version V --set k=v ...` creates what the Helm chart would (the cilium DaemonSet, the
// operator, cilium-config with the IPAM pool and MTU, Helm's release record), `status [--wait]`
// reports like the real CLI (cilium-status.ts), `version` prints the binary's own version.
import type { CommandContext, CommandFn } from '../command-types';
import type { KObj } from '../kube/types';
import { readElf } from './elf';
import { createObjects, noticeCni } from './kubectl-objects';
import { ciliumStatus } from './cilium-status';
import { connect, HELM_RELEASE_SECRET, releasedVersion } from './cilium-cluster';
import { CILIUM_CLI_EMBEDDED_CHARTS, ciliumCliDefaultVersion } from '../../upstream/cni-artifacts';

/**
 * The CLI release this binary is (its ELF note), and so the Cilium charts it embeds and installs
 * by default (upstream/cni-artifacts.ts, from the real releases' vendored cilium/charts).
 */
function ownRelease(ctx: CommandContext): { cli: string | undefined; arch: 'amd64' | 'arm64'; charts: readonly string[]; defaultVersion: string | undefined } {
  const own = readElf(ctx.node.fs.readFile(ctx.env._ ?? '') ?? Buffer.alloc(0));
  const cli = own?.note?.version;
  return { cli, arch: own?.machine === 'aarch64' ? 'arm64' : 'amd64', charts: (cli && CILIUM_CLI_EMBEDDED_CHARTS[cli]) || [], defaultVersion: cli ? ciliumCliDefaultVersion(cli) : undefined };
}

/** cilium-cli looks for a chart at https://helm.cilium.io when the version is not embedded (internal/helm's newChartFromRemoteWithCache). */
const HELM_REPOSITORY = 'https://helm.cilium.io';

/** Helm's --set syntax: comma-separated k=v pairs, `{a,b}` lists kept whole. */
function parseSet(expr: string, into: Record<string, string>): string | undefined {
  const pairs: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of expr) {
    if (ch === '{') depth++;
    if (ch === '}') depth--;
    if (ch === ',' && depth === 0) {
      pairs.push(cur);
      cur = '';
    } else cur += ch;
  }
  pairs.push(cur);
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq < 0) return `failed parsing --set data: key "${p}" has no value`;
    into[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return undefined;
}

/** A list value (`{a,b}` or a plain string) as Helm hands it to the chart. */
const listOf = (v: string) => v.replace(/^\{|\}$/g, '').split(',').map((s) => s.trim()).filter(Boolean);

function chartObjects(values: Record<string, string>, version: string, clusterName: string, nodes: number): KObj[] {
  const mtu = values.MTU;
  const config: Record<string, string> = {
    'cluster-name': values['cluster.name'] ?? clusterName,
    ipam: values['ipam.mode'] ?? 'cluster-pool',
    'cluster-pool-ipv4-cidr': listOf(values['ipam.operator.clusterPoolIPv4PodCIDRList'] ?? '10.0.0.0/8').join(' '),
    'cluster-pool-ipv4-mask-size': values['ipam.operator.clusterPoolIPv4MaskSize'] ?? '24',
    'routing-mode': values.routingMode ?? 'tunnel',
    'tunnel-protocol': values.tunnelProtocol ?? 'vxlan',
    ...(mtu && mtu !== '0' ? { mtu } : {}),
  };
  const labels = { 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/part-of': 'cilium' };
  const annotations = { 'meta.helm.sh/release-name': 'cilium', 'meta.helm.sh/release-namespace': 'kube-system' };
  const meta = (name: string, extra: Record<string, string> = {}) => ({ name, namespace: 'kube-system', labels: { ...labels, ...extra }, annotations });
  const all = [{ operator: 'Exists' }];
  const rbac = (kind: string, name: string) =>
    kind === 'ClusterRole'
      ? { apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name, labels, annotations }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] }] }
      : { apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name, labels, annotations }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name }, subjects: [{ kind: 'ServiceAccount', name, namespace: 'kube-system' }] };
  const init = (name: string) => ({ name, image: `quay.io/cilium/cilium:v${version}`, securityContext: { privileged: true } });
  const objects: unknown[] = [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('cilium') },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('cilium-envoy') },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('cilium-operator') },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('cilium-config'), data: config },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('cilium-envoy-config'), data: { 'bootstrap-config.json': '{}' } },
    rbac('ClusterRole', 'cilium'),
    rbac('ClusterRole', 'cilium-operator'),
    rbac('ClusterRoleBinding', 'cilium'),
    rbac('ClusterRoleBinding', 'cilium-operator'),
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: meta('cilium', { 'k8s-app': 'cilium', 'app.kubernetes.io/name': 'cilium-agent' }),
      spec: {
        selector: { matchLabels: { 'k8s-app': 'cilium' } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } },
        template: {
          metadata: { labels: { 'k8s-app': 'cilium', 'app.kubernetes.io/name': 'cilium-agent', 'app.kubernetes.io/part-of': 'cilium' } },
          spec: {
            hostNetwork: true,
            priorityClassName: 'system-node-critical',
            serviceAccountName: 'cilium',
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            tolerations: all,
            initContainers: ['config', 'mount-cgroup', 'apply-sysctl-overwrites', 'mount-bpf-fs', 'clean-cilium-state', 'install-cni-binaries'].map(init),
            containers: [{ name: 'cilium-agent', image: `quay.io/cilium/cilium:v${version}`, command: ['cilium-agent'], args: ['--config-dir=/tmp/cilium/config-map'], securityContext: { privileged: true } }],
          },
        },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: meta('cilium-envoy', { 'k8s-app': 'cilium-envoy', 'app.kubernetes.io/name': 'cilium-envoy' }),
      spec: {
        selector: { matchLabels: { 'k8s-app': 'cilium-envoy' } },
        template: {
          metadata: { labels: { 'k8s-app': 'cilium-envoy', 'app.kubernetes.io/name': 'cilium-envoy', 'app.kubernetes.io/part-of': 'cilium' } },
          spec: { hostNetwork: true, priorityClassName: 'system-node-critical', serviceAccountName: 'cilium-envoy', nodeSelector: { 'kubernetes.io/os': 'linux' }, tolerations: all, containers: [{ name: 'cilium-envoy', image: 'quay.io/cilium/cilium-envoy:v1.34.10', command: ['/usr/bin/cilium-envoy-starter'] }] },
        },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('cilium-operator', { 'io.cilium/app': 'operator', name: 'cilium-operator', 'app.kubernetes.io/name': 'cilium-operator' }),
      spec: {
        replicas: Math.max(1, Math.min(2, nodes)),
        selector: { matchLabels: { 'io.cilium/app': 'operator', name: 'cilium-operator' } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '50%' } },
        template: {
          metadata: { labels: { 'io.cilium/app': 'operator', name: 'cilium-operator', 'app.kubernetes.io/name': 'cilium-operator', 'app.kubernetes.io/part-of': 'cilium' } },
          spec: { hostNetwork: true, priorityClassName: 'system-cluster-critical', serviceAccountName: 'cilium-operator', nodeSelector: { 'kubernetes.io/os': 'linux' }, tolerations: all, containers: [{ name: 'cilium-operator', image: `quay.io/cilium/operator-generic:v${version}`, command: ['cilium-operator-generic'] }] },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'helm.sh/release.v1',
      metadata: { name: HELM_RELEASE_SECRET, namespace: 'kube-system', labels: { name: 'cilium', owner: 'helm', status: 'deployed', version: '1' } },
      data: { release: Buffer.from(JSON.stringify({ name: 'cilium', namespace: 'kube-system', version: 1, info: { status: 'deployed' }, chart: { metadata: { name: 'cilium', version } } })).toString('base64') },
    },
  ];
  return objects as KObj[];
}

async function install(args: string[], ctx: CommandContext): Promise<number> {
  const values: Record<string, string> = {};
  const release = ownRelease(ctx);
  let version = release.defaultVersion ?? '';
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? args[++i];
    if (flag === '--version') version = value() ?? '';
    else if (flag === '--set' || flag === '--set-string') {
      const err = parseSet(value() ?? '', values);
      if (err) {
        ctx.io.stderr(`Error: Unable to install Cilium: ${err}\n`);
        return 1;
      }
    } else if (flag === '--wait') continue;
    else if (flag === '--namespace' || flag === '-n') {
      if (value() !== 'kube-system') {
        ctx.io.stderr('Error: only the kube-system namespace is simulated for cilium install\n');
        return 1;
      }
    } else {
      ctx.io.stderr(`Error: unknown flag: ${flag}\n`);
      return 1;
    }
  }
  const t = connect(ctx);
  if (typeof t === 'string') {
    ctx.io.stderr(`Error: Unable to install Cilium: Kubernetes cluster unreachable: ${t}\n`);
    return 1;
  }
  const bare = version.replace(/^v/, '');
  ctx.io.stdout(`ℹ️  Using Cilium version ${bare}\n`);
  if (!release.charts.includes(bare)) {
    // Not embedded: the real CLI pulls the chart from the Helm repository, which the sandbox's
    // simulated internet does not carry (what a node without a route there would see).
    const index = `${HELM_REPOSITORY}/index.yaml`;
    const r = ctx.dir.internet.fetch(index);
    const why = r.ok ? `chart "cilium" version "${bare}" not found in ${HELM_REPOSITORY} repository` : `looks like "${HELM_REPOSITORY}" is not a valid chart repository or cannot be reached: Get "${index}": dial tcp: lookup helm.cilium.io: no such host`;
    ctx.io.stderr(`Error: Unable to install Cilium: ${why}\n`);
    return 1;
  }
  ctx.io.stdout(`🔮 Auto-detected cluster name: ${t.cluster.clusterName}\n🔮 Auto-detected kube-proxy has been installed\n`);
  if (releasedVersion(t.cluster) !== undefined) {
    ctx.io.stderr('Error: Unable to install Cilium: cannot re-use a name that is still in use\n');
    return 1;
  }
  await ctx.sleep('kubectl-apply');
  createObjects(t, chartObjects(values, bare, t.cluster.clusterName, t.cluster.members.length));
  noticeCni(t);
  t.cp.save();
  return 0;
}

function version(ctx: CommandContext): number {
  const own = ownRelease(ctx);
  ctx.io.stdout(`cilium-cli: ${own.cli ?? 'unknown'} compiled for linux/${own.arch} (Flatkube sandbox stand-in)\ncilium image (default): v${own.defaultVersion ?? 'unknown'}\ncilium image (stable): unknown\n`);
  const t = connect(ctx);
  const running = typeof t === 'string' ? undefined : releasedVersion(t.cluster);
  ctx.io.stdout(running ? `cilium image (running): ${running}\n` : 'cilium image (running): unknown. Unable to obtain cilium version. Reason: release: not found\n');
  return 0;
}

const USAGE = `CLI to install, manage, & troubleshooting Cilium clusters running Kubernetes.

Usage:
  cilium [command]

Available Commands (simulated on this sandbox node):
  install     Install Cilium in a Kubernetes cluster using Helm
  status      Display status
  version     Display detailed version information
`;

export const cilium: CommandFn = async (args, ctx) => {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'install':
      return install(rest, ctx);
    case 'status':
      return ciliumStatus(rest, ctx);
    case 'version':
      return version(ctx);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      ctx.io.stdout(USAGE);
      return 0;
    default:
      ctx.io.stderr(`Error: unknown command "${sub}" for "cilium"\nRun 'cilium --help' for usage.\n`);
      return 1;
  }
};
