// kubeadm upgrade plan | apply | node, as the real kubeadm answers them on a node whose
// Kubernetes sysext was swapped first (docs/operations.md#upgrades).
//
// Sources: kubernetes/kubernetes cmd/kubeadm/app/phases/upgrade/policy.go (EnforceVersionPolicies:
// the refusals and their wording: one minor at a time, not newer than kubeadm itself, downgrades
// by one minor at most), cmd/kubeadm/app/cmd/upgrade/apply.go (the "[upgrade/version] FATAL: the
// --version argument is invalid due to these fatal errors" wrapping, the -y/--yes/-f flags, the
// success lines), and the output `kubeadm upgrade plan` / `upgrade node` print on a v1.34 cluster
// (the plan's NODE column, "You can now apply the upgrade by executing the following command",
// "[upgrade] The configuration for this node was successfully updated!"), as quoted in
// https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-upgrade/ and users' logs.
import type { CommandContext } from '../command-types';
import type { ClusterRecord } from '../node-state';
import { parseVersion } from '../flatcar-os';
import { clusterData } from '../kube/data';
import { parseFlags, STACK_HINT } from './kubeadm-config';
import { KUBELET_CONFIG } from './kubelet-lifecycle';

const ADMIN_CONF = '/etc/kubernetes/admin.conf';
const CONFIG_LINES = [
  '[upgrade/config] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...',
  "[upgrade/config] Use 'kubeadm init phase upload-config --config your-config-file' to re-upload it.",
];

function fail(ctx: CommandContext, msg: string): number {
  ctx.io.stderr(`${msg}\n${STACK_HINT}\n`);
  return 1;
}

function rootOnly(ctx: CommandContext): boolean {
  if (ctx.root) return true;
  fail(ctx, '[preflight] Some fatal errors occurred:\n\t[ERROR IsPrivilegedUser]: user is not running as root');
  return false;
}

/** The cluster a control plane serves (its admin.conf); kubeadm upgrade plan/apply need one. */
function controlPlaneCluster(ctx: CommandContext): ClusterRecord | undefined {
  const cluster = ctx.node.state.cluster;
  if (!cluster || !ctx.node.fs.stat(ADMIN_CONF)) {
    fail(ctx, `[upgrade/init config] FATAL: failed to load admin kubeconfig: open ${ADMIN_CONF}: no such file or directory`);
    return undefined;
  }
  return cluster;
}

/** The cluster this node belongs to: its own record (a control plane) or the one it joined. */
function memberCluster(ctx: CommandContext): ClusterRecord | undefined {
  const node = ctx.node;
  return node.state.cluster ?? (node.state.joinedTo ? ctx.dir.get(node.state.joinedTo.vmId)?.state.cluster : undefined);
}

const norm = (v: string) => (v.startsWith('v') ? v : `v${v}`);

function cmp(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/** policy.go EnforceVersionPolicies, the checks a released version meets: mandatory and skippable (--force) errors. */
export function versionPolicyErrors(cluster: string, kubeadmVersion: string, target: string): { mandatory: string[]; skippable: string[] } {
  const [, cMinor] = parseVersion(cluster);
  const [, kMinor] = parseVersion(kubeadmVersion);
  const [, tMinor] = parseVersion(target);
  const mandatory: string[] = [];
  const skippable: string[] = [];
  if (tMinor > cMinor + 1) mandatory.push(`Specified version to upgrade to "${target}" is too high; kubeadm can upgrade only 1 minor version at a time`);
  if (tMinor < cMinor - 1) mandatory.push(`Specified version to downgrade to "${target}" is too low; kubeadm can downgrade only 1 minor version at a time`);
  if (cmp(kubeadmVersion, target) < 0) {
    if (tMinor > kMinor) mandatory.push(`Specified version to upgrade to "${target}" is at least one minor release higher than the kubeadm minor release (${tMinor} > ${kMinor}). Such an upgrade is not supported`);
    else skippable.push(`Specified version to upgrade to "${target}" is higher than the kubeadm version "${kubeadmVersion}". Upgrade kubeadm first using the tool you used to install kubeadm`);
  }
  if (kMinor > tMinor) skippable.push(`Kubeadm version ${kubeadmVersion} can only be used to upgrade to Kubernetes version 1.${kMinor}`);
  return { mandatory, skippable };
}

/** util.FormatErrMsg: each error as "\t- <msg>\n". */
const formatErrs = (errs: string[]) => errs.map((e) => `\t- ${e}\n`).join('');

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]! + 3))).join('')).join('\n');
}

export async function kubeadmUpgrade(args: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'plan') return plan(rest, ctx);
  if (sub === 'apply') return apply(rest, ctx);
  if (sub === 'node') return upgradeNode(ctx);
  ctx.io.stderr(sub ? `Error: unknown command "${sub}" for "kubeadm upgrade"\nRun 'kubeadm upgrade --help' for usage.\n` : 'Usage:\n  kubeadm upgrade [command]\n\nAvailable Commands:\n  apply       Upgrade your Kubernetes cluster to the specified version\n  node        Upgrade commands for a node in the cluster\n  plan        Check which versions are available to upgrade to and validate whether your current cluster is upgradeable.\n');
  return 1;
}

async function plan(args: string[], ctx: CommandContext): Promise<number> {
  if (!rootOnly(ctx)) return 1;
  const cluster = controlPlaneCluster(ctx);
  if (!cluster) return 1;
  const out = (l: string) => ctx.io.stdout(l + '\n');
  const kubeadmVersion = ctx.node.sysext()?.version as string;
  const { positional } = parseFlags(args, new Set());
  const target = norm(positional[0] ?? kubeadmVersion);
  [...CONFIG_LINES, '[preflight] Running pre-flight checks.', '[upgrade] Running cluster health checks', '[upgrade] Fetching available versions to upgrade to'].forEach(out);
  await ctx.sleep('kubeadm-phase');
  out(`[upgrade/versions] Cluster version: ${cluster.kubernetesVersion}`);
  out(`[upgrade/versions] kubeadm version: ${kubeadmVersion}`);
  out(`[upgrade/versions] Target version: ${target}`);
  const [, cMinor] = parseVersion(cluster.kubernetesVersion);
  out(`[upgrade/versions] Latest version in the v1.${cMinor} series: ${target}`);
  out('');
  if (cmp(target, cluster.kubernetesVersion) <= 0) {
    out('Awesome, you\'re up-to-date! Enjoy!');
    return 0;
  }
  out("Components that must be upgraded manually after you have upgraded the control plane with 'kubeadm upgrade apply':");
  out(table([['COMPONENT', 'NODE', 'CURRENT', 'TARGET'], ...cluster.members.map((m) => ['kubelet', m.name, m.kubeletVersion, target])]));
  out('');
  out(parseVersion(target)[1] === cMinor ? `Upgrade to the latest version in the v1.${cMinor} series:` : 'Upgrade to the latest stable version:');
  out('');
  const cps = cluster.members.filter((m) => m.role === 'control-plane');
  const rows = [['COMPONENT', 'NODE', 'CURRENT', 'TARGET']];
  for (const comp of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) for (const m of cps) rows.push([comp, m.name, cluster.kubernetesVersion, target]);
  rows.push(['kube-proxy', '', cluster.kubernetesVersion, target]);
  out(table(rows));
  out('');
  out('You can now apply the upgrade by executing the following command:');
  out('');
  out(`\tkubeadm upgrade apply ${target}`);
  out('');
  if (cmp(kubeadmVersion, target) < 0) {
    out(`Note: Before you can perform this upgrade, you have to update kubeadm to ${target}.`);
    out('');
  }
  out('_____________________________________________________________________');
  return 0;
}

async function apply(args: string[], ctx: CommandContext): Promise<number> {
  if (!rootOnly(ctx)) return 1;
  const { flags, positional } = parseFlags(args, new Set(['yes', 'y', 'force', 'f', 'dry-run']));
  const cluster = controlPlaneCluster(ctx);
  if (!cluster) return 1;
  const out = (l: string) => ctx.io.stdout(l + '\n');
  if (!positional[0]) return fail(ctx, '[upgrade/version] FATAL: missing version argument');
  const target = norm(positional[0]);
  const kubeadmVersion = ctx.node.sysext()?.version as string;
  const force = flags.get('force') === 'true' || flags.get('f') === 'true';
  [...CONFIG_LINES, '[preflight] Running pre-flight checks.', '[upgrade] Running cluster health checks'].forEach(out);
  out(`[upgrade/version] You have chosen to change the cluster version to "${target}"`);
  out(`[upgrade/versions] Cluster version: ${cluster.kubernetesVersion}`);
  out(`[upgrade/versions] kubeadm version: ${kubeadmVersion}`);
  const errs = versionPolicyErrors(cluster.kubernetesVersion, kubeadmVersion, target);
  if (errs.mandatory.length) return fail(ctx, `[upgrade/version] FATAL: the --version argument is invalid due to these fatal errors:\n\n${formatErrs(errs.mandatory)}\nPlease fix the misalignments highlighted above and try upgrading again`);
  if (errs.skippable.length && !force) return fail(ctx, `[upgrade/version] FATAL: the --version argument is invalid due to these errors:\n\n${formatErrs(errs.skippable)}\nCan be bypassed if you pass the --force flag`);
  // apply.go sessionIsInteractive: without -y, -f or --dry-run it asks, and a session without a
  // terminal answers nothing, which is a no.
  if (!force && flags.get('yes') !== 'true' && flags.get('y') !== 'true') {
    ctx.io.stdout('[upgrade] Are you sure you want to proceed? [y/N]: ');
    return fail(ctx, 'won\'t proceed; the user didn\'t answer (Y|y) in order to continue');
  }
  out('[upgrade/prepull] Pulling images required for setting up a Kubernetes cluster');
  out('[upgrade/prepull] This might take a minute or two, depending on the speed of your internet connection');
  out("[upgrade/prepull] You can also perform this action beforehand using 'kubeadm config images pull'");
  await ctx.sleep('kubeadm-phase');
  out(`[upgrade/control-plane] Upgrading your static Pod-hosted control plane to version "${target}" (timeout: 5m0s)...`);
  // The simulated static Pod manifests carry no image (kubeadm-init.ts): the version lives in the
  // cluster record, which the API server reports.
  for (const comp of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) out(`[upgrade/staticpods] Component "${comp}" upgraded successfully!`);
  // The cluster's version is the ClusterConfiguration's kubernetesVersion, which apply uploads
  // anew (the kubeadm-config ConfigMap); the API server answers /version with it from now on,
  // and kube-proxy, an add-on apply re-applies, runs the new image.
  cluster.kubernetesVersion = target;
  recordClusterVersion(cluster, target);
  out('[upgrade/control-plane] The control plane instance for this node was successfully upgraded!');
  out(`[upgrade/kubeconfig] The kubeconfig files for this node were successfully upgraded!`);
  out(`[upgrade/kubelet-config] The kubelet configuration for this node was successfully upgraded!`);
  out('[upgrade/bootstrap-token] Configuring bootstrap token and cluster-info RBAC rules');
  out('[addons] Applied essential addon: CoreDNS');
  out('[addons] Applied essential addon: kube-proxy');
  out('');
  out(`[upgrade] SUCCESS! A control plane node of your cluster was upgraded to "${target}".`);
  out('');
  out('[upgrade] Now please proceed with upgrading the rest of the nodes by following the right order.');
  ctx.node.save();
  return 0;
}

/** The kubeadm-config ConfigMap's ClusterConfiguration and kube-proxy's image, at the new version. */
function recordClusterVersion(cluster: ClusterRecord, target: string): void {
  const api = clusterData(cluster).api;
  const cms = api.type('', 'configmaps');
  const cm = api.find(cms, 'kube-system', 'kubeadm-config') as { data?: Record<string, string> } | undefined;
  const config = cm?.data?.ClusterConfiguration;
  if (cm && config !== undefined) {
    api.update(cms, 'kube-system', 'kubeadm-config', { ...cm, data: { ...cm.data, ClusterConfiguration: config.replace(/^kubernetesVersion: .*$/m, `kubernetesVersion: ${target}`) } });
  }
  const dss = api.type('apps', 'daemonsets');
  const proxy = api.find(dss, 'kube-system', 'kube-proxy') as { spec?: { template?: { spec?: { containers?: { image?: string }[] } } } } | undefined;
  const containers = proxy?.spec?.template?.spec?.containers;
  if (proxy && containers?.length) {
    const next = containers.map((c, i) => (i === 0 ? { ...c, image: `registry.k8s.io/kube-proxy:${target}` } : c));
    api.update(dss, 'kube-system', 'kube-proxy', { ...proxy, spec: { ...proxy.spec, template: { ...proxy.spec!.template, spec: { ...proxy.spec!.template!.spec, containers: next } } } });
  }
}

/**
 * `kubeadm upgrade node`: another control plane's static Pods go to the cluster's version (the one
 * apply uploaded); every node's kubelet configuration is written again. The kubelet itself is the
 * sysext's binary, upgraded by swapping the image and restarting it.
 */
async function upgradeNode(ctx: CommandContext): Promise<number> {
  if (!rootOnly(ctx)) return 1;
  const cluster = memberCluster(ctx);
  if (!cluster || !ctx.node.fs.stat('/etc/kubernetes/kubelet.conf')) {
    return fail(ctx, 'error execution phase preflight: couldn\'t create a Kubernetes client from file "/etc/kubernetes/kubelet.conf": failed to load admin kubeconfig: open /etc/kubernetes/kubelet.conf: no such file or directory');
  }
  const out = (l: string) => ctx.io.stdout(l + '\n');
  ['[upgrade] Reading configuration from the "kubeadm-config" ConfigMap in namespace "kube-system"...', "[upgrade] Use 'kubeadm init phase upload-config --config your-config-file' to re-upload it.", '[upgrade/preflight] Running pre-flight checks'].forEach(out);
  const controlPlane = ctx.node.fs.stat(ADMIN_CONF) !== undefined && ctx.node.fs.stat('/etc/kubernetes/manifests/kube-apiserver.yaml') !== undefined;
  await ctx.sleep('kubeadm-phase');
  if (controlPlane) {
    out('[upgrade/preflight] Pulling images required for setting up a Kubernetes cluster');
    out(`[upgrade/control-plane] Upgrading your Static Pod-hosted control plane instance to version "${cluster.kubernetesVersion}"...`);
    for (const comp of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) out(`[upgrade/staticpods] Component "${comp}" upgraded successfully!`);
  } else {
    out('[upgrade/preflight] Skipping prepull. Not a control plane node.');
    out('[upgrade/control-plane] Skipping phase. Not a control plane node.');
  }
  const kubeletConfig = ctx.node.fs.readText(KUBELET_CONFIG);
  if (kubeletConfig !== undefined) {
    out(`[upgrade] Backing up kubelet config file to /etc/kubernetes/tmp/kubeadm-kubelet-config${1000000000 + Math.floor(Math.random() * 8999999999)}/config.yaml`);
    out(`[upgrade/kubelet-config] Writing kubelet configuration to file "${KUBELET_CONFIG}"`);
  }
  out('[upgrade/kubelet-config] The kubelet configuration for this node was successfully upgraded!');
  out('[upgrade] The configuration for this node was successfully updated!');
  out('[upgrade] Now you should go ahead and upgrade the kubelet package using your package manager.');
  ctx.node.save();
  return 0;
}
