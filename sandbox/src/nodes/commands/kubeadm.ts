// kubeadm: version, init (and `init phase upload-certs`), join, token create|list,
// certs certificate-key, reset, upgrade (kubeadm-upgrade.ts).
import type { CommandContext, CommandFn } from '../command-types';
import { newBootstrapToken, BOOTSTRAP_TOKEN_RE } from '../pki';
import { parseVersion } from '../flatcar-os';
import { kubeadmInit } from './kubeadm-init';
import { kubeadmJoin } from './kubeadm-join';
import { parseFlags, STACK_HINT } from './kubeadm-config';
import { kubeletStart } from './kubelet-lifecycle';
import { certsCertificateKey, initPhaseUploadCerts } from './kubeadm-upload-certs';
import { kubeadmUpgrade } from './kubeadm-upgrade';

function version(args: string[], ctx: CommandContext): number {
  const v = ctx.node.sysext()?.version as string;
  const { flags } = parseFlags(args, new Set());
  const o = flags.get('o') ?? flags.get('output');
  if (o === 'short') ctx.io.stdout(v + '\n');
  else {
    const [maj, min] = parseVersion(v);
    const arch = ctx.node.state.architecture === 'Arm64' ? 'arm64' : 'amd64';
    ctx.io.stdout(`kubeadm version: &version.Info{Major:"${maj}", Minor:"${min}", EmulationMajor:"", EmulationMinor:"", MinCompatibilityMajor:"", MinCompatibilityMinor:"", GitVersion:"${v}", GitCommit:"0000000000000000000000000000000000000000", GitTreeState:"clean", BuildDate:"2026-01-01T00:00:00Z", GoVersion:"go1.25.5", Compiler:"gc", Platform:"linux/${arch}"}\n`);
  }
  return 0;
}

/** Token commands talk to the API server with admin.conf: root only, cluster required. */
function adminCluster(ctx: CommandContext) {
  const p = '/etc/kubernetes/admin.conf';
  if (!ctx.root && ctx.node.fs.stat(p)) {
    ctx.io.stderr(`failed to load admin kubeconfig: open ${p}: permission denied\n${STACK_HINT}\n`);
    return undefined;
  }
  const cluster = ctx.node.state.cluster;
  if (!cluster) {
    ctx.io.stderr(`failed to load admin kubeconfig: open ${p}: no such file or directory\n${STACK_HINT}\n`);
    return undefined;
  }
  return cluster;
}

function parseTtl(s: string): number | undefined {
  const m = /^(\d+)(h|m|s)$/.exec(s);
  if (!m) return s === '0' ? 100 * 365 * 24 * 3600_000 : undefined;
  return Number(m[1]) * ({ h: 3600_000, m: 60_000, s: 1000 } as const)[m[2] as 'h' | 'm' | 's'];
}

function token(args: string[], ctx: CommandContext): number {
  const { flags, positional } = parseFlags(args, new Set(['print-join-command']));
  const sub = positional[0];
  if (sub === 'create') {
    const cluster = adminCluster(ctx);
    if (!cluster) return 1;
    const given = positional[1];
    if (given !== undefined && !BOOTSTRAP_TOKEN_RE.test(given)) {
      ctx.io.stderr(`token "${given}" was not of the form "\\\\A([a-z0-9]{6})\\\\.([a-z0-9]{16})\\\\z"\n${STACK_HINT}\n`);
      return 1;
    }
    const ttl = parseTtl(flags.get('ttl') ?? '24h');
    if (ttl === undefined) {
      ctx.io.stderr(`invalid argument "${flags.get('ttl')}" for "--ttl" flag: time: invalid duration "${flags.get('ttl')}"\n`);
      return 1;
    }
    const t = given ?? newBootstrapToken();
    cluster.tokens.push({ token: t, expires: new Date(Date.now() + ttl).toISOString() });
    ctx.node.save();
    if (flags.get('print-join-command') === 'true') {
      ctx.io.stdout(`kubeadm join ${cluster.endpoint} --token ${t} --discovery-token-ca-cert-hash ${cluster.caHash} \n`);
    } else ctx.io.stdout(t + '\n');
    return 0;
  }
  if (sub === 'list') {
    const cluster = adminCluster(ctx);
    if (!cluster) return 1;
    ctx.io.stdout('TOKEN                     TTL         EXPIRES                USAGES                   DESCRIPTION   EXTRA GROUPS\n');
    for (const t of cluster.tokens) {
      const h = Math.max(0, Math.round((new Date(t.expires).getTime() - Date.now()) / 3600_000));
      ctx.io.stdout(`${t.token}   ${`${h}h`.padEnd(11)} ${t.expires.slice(0, 19)}Z   authentication,signing   <none>        system:bootstrappers:kubeadm:default-node-token\n`);
    }
    return 0;
  }
  ctx.io.stderr(`Error: unknown command "${sub ?? ''}" for "kubeadm token"\nRun 'kubeadm token --help' for usage.\n`);
  return 1;
}

function reset(args: string[], ctx: CommandContext): number {
  if (!ctx.root) {
    ctx.io.stderr(`error execution phase preflight: [preflight] Some fatal errors occurred:\n\t[ERROR IsPrivilegedUser]: user is not running as root\n${STACK_HINT}\n`);
    return 1;
  }
  if (!args.includes('-f') && !args.includes('--force')) {
    ctx.io.stderr('[reset] Are you sure you want to proceed? [y/N]: \nerror execution phase preflight: aborted reset operation\n');
    return 1;
  }
  const fs = ctx.node.fs;
  for (const root of ['/etc/kubernetes', '/var/lib/etcd', '/var/lib/kubelet']) {
    for (const p of fs.list(root).reverse()) if (p !== root) fs.remove(p);
  }
  fs.mkdirp('/etc/kubernetes/manifests');
  ctx.io.stdout('[reset] Reading configuration from the "kubeadm-config" ConfigMap in the "kube-system" namespace...\n[preflight] Running pre-flight checks\n[reset] Stopping the kubelet service\n[reset] Unmounting mounted directories in "/var/lib/kubelet"\n[reset] Deleting contents of directories: [/etc/kubernetes/manifests /var/lib/kubelet /etc/kubernetes/pki]\n[reset] Deleting files: [/etc/kubernetes/admin.conf /etc/kubernetes/super-admin.conf /etc/kubernetes/kubelet.conf /etc/kubernetes/bootstrap-kubelet.conf /etc/kubernetes/controller-manager.conf /etc/kubernetes/scheduler.conf]\n\nThe reset process does not perform cleanup of CNI plugin configuration,\nnetwork filtering rules and kubeconfig files.\n');
  // A control plane of a cluster others still serve leaves it (kubeadm reset removes its etcd member).
  const cluster = ctx.node.state.cluster;
  if (cluster) {
    const others = cluster.members.filter((m) => m.role === 'control-plane' && m.vmId !== ctx.node.vmId);
    if (others.length > 0) cluster.members = cluster.members.filter((m) => m.vmId !== ctx.node.vmId);
  }
  delete ctx.node.state.cluster;
  delete ctx.node.state.apiServing;
  delete ctx.node.state.joinedTo;
  kubeletStart(ctx.node);
  ctx.node.save();
  return 0;
}

export const kubeadm: CommandFn = async (args, ctx) => {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'version':
      return version(rest, ctx);
    case 'init':
      if (rest[0] === 'phase' && rest[1] === 'upload-certs') return initPhaseUploadCerts(rest.slice(2), ctx);
      return kubeadmInit(rest, ctx);
    case 'certs':
      if (rest[0] === 'certificate-key') return certsCertificateKey(ctx);
      ctx.io.stderr(`Error: unknown command "${rest[0] ?? ''}" for "kubeadm certs"\nRun 'kubeadm certs --help' for usage.\n`);
      return 1;
    case 'join':
      return kubeadmJoin(rest, ctx);
    case 'token':
      return token(rest, ctx);
    case 'upgrade':
      return kubeadmUpgrade(rest, ctx);
    case 'reset':
      return reset(rest, ctx);
    default:
      ctx.io.stderr(
        sub
          ? `Error: unknown command "${sub}" for "kubeadm"\nRun 'kubeadm --help' for usage.\n`
          : 'Usage:\n  kubeadm [command]\n\nAvailable Commands:\n  init        Run this command in order to set up the Kubernetes control plane\n  join        Run this on any machine you wish to join an existing cluster\n  reset       Performs a best effort revert of changes made to this host by \'kubeadm init\' or \'kubeadm join\'\n  token       Manage bootstrap tokens\n  version     Print the version of kubeadm\n',
      );
      return 1;
  }
};
