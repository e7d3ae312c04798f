// `kubeadm init`: loads the config, runs preflight, then prints the phases of
// a real init at the pace's speed while creating the PKI, kubeconfigs,
// manifests and kubelet config on the node. A kubelet that cannot run (wrong
// cgroup driver) makes wait-control-plane time out as it does for real.
import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import type { CommandContext } from '../command-types';
import type { ClusterRecord } from '../node-state';
import { buildKubeconfig, caCertHash, createClusterCa, issueCert, newBootstrapToken, BOOTSTRAP_TOKEN_RE } from '../pki';
import { minorOf, parseVersion } from '../flatcar-os';
import { get, loadKubeadmConfig, parseFlags, STACK_HINT, type KubeadmDocs } from './kubeadm-config';
import { KUBELET_CONFIG, kubeletStart } from './kubelet-lifecycle';
import { certificateKeyOf, controlPlaneJoinText, uploadCertsPhase, WITHHELD } from './kubeadm-upload-certs';
import { endpointUnreachable } from './kubeadm-endpoint';

const MANIFESTS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd'];
const ALREADY_INIT_ERRORS = [
  '[ERROR Port-6443]: Port 6443 is in use',
  '[ERROR Port-10259]: Port 10259 is in use',
  '[ERROR Port-10257]: Port 10257 is in use',
  ...MANIFESTS.map((m) => `[ERROR FileAvailable--etc-kubernetes-manifests-${m}.yaml]: /etc/kubernetes/manifests/${m}.yaml already exists`),
  '[ERROR Port-10250]: Port 10250 is in use',
  '[ERROR Port-2379]: Port 2379 is in use',
  '[ERROR Port-2380]: Port 2380 is in use',
  '[ERROR DirAvailable--var-lib-etcd]: /var/lib/etcd is not empty',
];

/**
 * kubeadm's preflight ServiceCheck for kubelet: a warning, not an error, when `systemctl
 * is-enabled kubelet.service` is not "enabled" (the Flatcar sysext starts kubelet with Upholds=,
 * which does not enable it).
 */
export function kubeletServiceWarning(ctx: CommandContext): void {
  if (ctx.node.state.units['kubelet.service']?.enabled === false) {
    ctx.io.stderr("\t[WARNING Service-Kubelet]: kubelet service is not enabled, please run 'systemctl enable kubelet.service'\n");
  }
}

export function preflightFailure(ctx: CommandContext, errors: string[], ignore: Set<string>): boolean {
  const fatal = errors.filter((e) => {
    const id = /^\[ERROR ([^\]]+)\]/.exec(e)?.[1] ?? '';
    return !(ignore.has('all') || ignore.has(id.toLowerCase()));
  });
  if (fatal.length === 0) return false;
  ctx.io.stderr(
    `error execution phase preflight: [preflight] Some fatal errors occurred:\n${fatal.map((e) => `\t${e}\n`).join('')}[preflight] If you know what you are doing, you can make a check non-fatal with \`--ignore-preflight-errors=...\`\n${STACK_HINT}\n`,
  );
  return true;
}

function endpointWithPort(e: string): string {
  if (/^\[.*\]:\d+$/.test(e) || /^[^:]+:\d+$/.test(e)) return e;
  return `${e}:6443`;
}

// kubeadm init's flags (https://kubernetes.io/docs/reference/setup-tools/kubeadm/kubeadm-init/,
// "Options", and the global --v and --rootfs): the four switches, and those taking a value.
const INIT_BOOLEANS = new Set(['upload-certs', 'skip-certificate-key-print', 'skip-token-print', 'dry-run']);
const INIT_VALUED = new Set([
  'apiserver-advertise-address', 'apiserver-bind-port', 'apiserver-cert-extra-sans', 'cert-dir', 'certificate-key', 'config',
  'control-plane-endpoint', 'cri-socket', 'feature-gates', 'ignore-preflight-errors', 'image-repository', 'kubernetes-version',
  'node-name', 'patches', 'pod-network-cidr', 'service-cidr', 'service-dns-domain', 'skip-phases', 'token', 'token-ttl', 'v', 'rootfs',
]);

export async function kubeadmInit(args: string[], ctx: CommandContext): Promise<number> {
  const { flags, unknown } = parseFlags(args, INIT_BOOLEANS, INIT_VALUED);
  if (unknown.length > 0) {
    ctx.io.stderr(`unknown flag: --${unknown[0]}\n${STACK_HINT}\n`);
    return 1;
  }
  const out = (s: string) => ctx.io.stdout(s + '\n');
  const node = ctx.node;
  const kubeadmVersion = node.sysext()?.version as string;
  const ignore = new Set((flags.get('ignore-preflight-errors') ?? '').toLowerCase().split(',').filter(Boolean));

  let docs: KubeadmDocs = {};
  const configPath = flags.get('config');
  if (configPath !== undefined) {
    const text = node.fs.readText(configPath);
    if (text === undefined) {
      ctx.io.stderr(`unable to read config from "${configPath}" : open ${configPath}: no such file or directory\n${STACK_HINT}\n`);
      return 1;
    }
    const loaded = loadKubeadmConfig(text, kubeadmVersion);
    loaded.warnings.forEach((w) => ctx.io.stderr(w + '\n'));
    if (!loaded.ok) {
      ctx.io.stderr(`${loaded.error}\n${STACK_HINT}\n`);
      return 1;
    }
    docs = loaded.docs;
    if (docs.JoinConfiguration && !docs.InitConfiguration && !docs.ClusterConfiguration) {
      ctx.io.stderr(`no InitConfiguration or ClusterConfiguration kind was found in the YAML file\n${STACK_HINT}\n`);
      return 1;
    }
  }
  const initCfg = docs.InitConfiguration ?? {};
  const clusterCfg = docs.ClusterConfiguration ?? {};
  const kubeletCfg = docs.KubeletConfiguration ?? {};

  const k8sVersion = String(get<string>(clusterCfg, 'kubernetesVersion') ?? flags.get('kubernetes-version') ?? kubeadmVersion);
  const [, kMinor] = parseVersion(kubeadmVersion);
  if (minorOf(k8sVersion) < kMinor - 1) {
    ctx.io.stderr(`this version of kubeadm only supports deploying clusters with the control plane version >= 1.${kMinor - 1}.0. Current version: ${k8sVersion}\n${STACK_HINT}\n`);
    return 1;
  }
  const certKey = certificateKeyOf(flags, initCfg, 'certificateKey');
  if (certKey.error) {
    ctx.io.stderr(`${certKey.error}\n${STACK_HINT}\n`);
    return 1;
  }
  const tokenCfg = get<string>(initCfg, 'bootstrapTokens', '0', 'token') ?? get<{ token?: string }[]>(initCfg, 'bootstrapTokens')?.[0]?.token ?? flags.get('token');
  if (tokenCfg !== undefined && !BOOTSTRAP_TOKEN_RE.test(tokenCfg)) {
    ctx.io.stderr(`bootstrapTokens[0].token: Invalid value: "${tokenCfg}": the bootstrap token is invalid\n${STACK_HINT}\n`);
    return 1;
  }

  out(`[init] Using Kubernetes version: ${k8sVersion.startsWith('v') ? k8sVersion : 'v' + k8sVersion}`);
  out('[preflight] Running pre-flight checks');
  await ctx.sleep('kubeadm-phase');
  if (!ctx.root) {
    return preflightFailure(ctx, ['[ERROR IsPrivilegedUser]: user is not running as root'], new Set()) ? 1 : 0;
  }
  const errors: string[] = [];
  if (node.fs.stat('/etc/kubernetes/manifests/kube-apiserver.yaml')) errors.push(...ALREADY_INIT_ERRORS);
  if (node.state.units['containerd.service']?.active !== 'active') {
    errors.push('[ERROR CRI]: container runtime is not running: output: time="" level=fatal msg="validate service connection: validate CRI v1 runtime API for endpoint \\"unix:///run/containerd/containerd.sock\\": rpc error: code = Unavailable desc = connection error"\n, error: exit status 1');
  }
  // kubeadm < 1.30 still checked the bridge sysctl that br_netfilter provides (removed by kubernetes#123464).
  if (kMinor < 30 && !hasModule(ctx, 'br_netfilter')) {
    errors.push('[ERROR FileContent--proc-sys-net-bridge-bridge-nf-call-iptables]: /proc/sys/net/bridge/bridge-nf-call-iptables does not exist');
  }
  kubeletServiceWarning(ctx);
  if (preflightFailure(ctx, errors, ignore)) return 1;
  out('[preflight] Pulling images required for setting up a Kubernetes cluster');
  out('[preflight] This might take a minute or two, depending on the speed of your internet connection');
  out("[preflight] You can also perform this action beforehand using 'kubeadm config images pull'");
  await ctx.sleep('kubeadm-images');

  const hostname = String(get<string>(initCfg, 'nodeRegistration', 'name') ?? node.hostname);
  const advertise = String(get<string>(initCfg, 'localAPIEndpoint', 'advertiseAddress') ?? flags.get('apiserver-advertise-address') ?? node.state.privateIp);
  const controlPlaneEndpoint = get<string>(clusterCfg, 'controlPlaneEndpoint') ?? flags.get('control-plane-endpoint');
  const endpoint = endpointWithPort(String(controlPlaneEndpoint ?? advertise));
  // kubeadm adds the controlPlaneEndpoint host to the apiserver SANs ("add cluster
  // controlPlaneEndpoint if present (dns or ip)": kubernetes/kubernetes cmd/kubeadm/app/util/pkiutil/pki_helpers.go).
  const endpointHost = controlPlaneEndpoint ? (/^\[?([^\]]+?)\]?(?::\d+)?$/.exec(String(controlPlaneEndpoint))?.[1] ?? '') : '';
  const clusterName = String(get<string>(clusterCfg, 'clusterName') ?? 'kubernetes');
  const serviceSubnet = String(get<string>(clusterCfg, 'networking', 'serviceSubnet') ?? flags.get('service-cidr') ?? '10.96.0.0/12');
  const podSubnet = get<string>(clusterCfg, 'networking', 'podSubnet') ?? flags.get('pod-network-cidr');
  const certSans = get<string[]>(clusterCfg, 'apiServer', 'certSANs') ?? [];
  const cgroupDriver = String(get<string>(kubeletCfg, 'cgroupDriver') ?? 'systemd');

  // [certs]
  out('[certs] Using certificateDir folder "/etc/kubernetes/pki"');
  out('[certs] Generating "ca" certificate and key');
  const ca = createClusterCa();
  const apiDns = [hostname, 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', ...(endpointHost && !isIP(endpointHost) ? [endpointHost] : [])];
  const apiIps = [...new Set(['10.96.0.1', advertise, ...(endpointHost && isIP(endpointHost) ? [endpointHost] : [])])];
  // Loopback SANs let the desktop reach the emulated API server on 127.0.0.1.
  const sans = [...apiDns, 'localhost', ...apiIps, '127.0.0.1', ...certSans, ...(node.state.publicIp ? [node.state.publicIp] : [])];
  const apiServer = issueCert(ca, { commonName: 'kube-apiserver', usage: 'server', altNames: sans });
  out('[certs] Generating "apiserver" certificate and key');
  out(`[certs] apiserver serving cert is signed for DNS names [${[...apiDns, ...certSans.filter((s) => !/^[\d.:]+$/.test(s))].join(' ')}] and IPs [${[...apiIps, ...certSans.filter((s) => /^[\d.:]+$/.test(s))].join(' ')}]`);
  for (const c of ['apiserver-kubelet-client', 'front-proxy-ca', 'front-proxy-client', 'etcd/ca', 'etcd/server']) {
    out(`[certs] Generating "${c}" certificate and key`);
  }
  out(`[certs] etcd/server serving cert is signed for DNS names [${hostname} localhost] and IPs [${advertise} 127.0.0.1 ::1]`);
  out('[certs] Generating "etcd/peer" certificate and key');
  out(`[certs] etcd/peer serving cert is signed for DNS names [${hostname} localhost] and IPs [${advertise} 127.0.0.1 ::1]`);
  out('[certs] Generating "etcd/healthcheck-client" certificate and key');
  out('[certs] Generating "apiserver-etcd-client" certificate and key');
  out('[certs] Generating "sa" key and public key');
  node.fs.writeFile('/etc/kubernetes/pki/ca.crt', ca.certPem, { mode: 0o644 });
  node.fs.writeFile('/etc/kubernetes/pki/ca.key', ca.keyPem, { mode: 0o600 });
  node.fs.writeFile('/etc/kubernetes/pki/apiserver.crt', apiServer.certPem, { mode: 0o644 });
  node.fs.writeFile('/etc/kubernetes/pki/apiserver.key', apiServer.keyPem, { mode: 0o600 });
  await ctx.sleep('kubeadm-phase');

  // [kubeconfig]
  out('[kubeconfig] Using kubeconfig folder "/etc/kubernetes"');
  const admin = issueCert(ca, { commonName: 'kubernetes-admin', organization: 'kubeadm:cluster-admins', usage: 'client' });
  const server = `https://${endpoint}`;
  const adminConf = buildKubeconfig({ clusterName, server, caCertPem: ca.certPem, user: 'kubernetes-admin', client: admin });
  for (const f of ['admin.conf', 'super-admin.conf', 'kubelet.conf', 'controller-manager.conf', 'scheduler.conf']) {
    out(`[kubeconfig] Writing "${f}" kubeconfig file`);
    node.fs.writeFile(`/etc/kubernetes/${f}`, adminConf, { mode: 0o600 });
  }
  await ctx.sleep('kubeadm-phase');

  // [etcd] + [control-plane]
  out('[etcd] Creating static Pod manifest for local etcd in "/etc/kubernetes/manifests"');
  out('[control-plane] Using manifest folder "/etc/kubernetes/manifests"');
  for (const c of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) out(`[control-plane] Creating static Pod manifest for "${c}"`);
  for (const m of MANIFESTS) {
    node.fs.writeFile(`/etc/kubernetes/manifests/${m}.yaml`, `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${m}\n  namespace: kube-system\n# simulated static pod manifest (Flatkube sandbox)\n`, { mode: 0o600 });
  }
  node.fs.writeFile('/var/lib/etcd/member/snap/db', 'simulated etcd data\n', { mode: 0o600 });
  await ctx.sleep('kubeadm-phase');

  // [kubelet-start]
  out('[kubelet-start] Writing kubelet environment file with flags to file "/var/lib/kubelet/kubeadm-flags.env"');
  node.fs.writeFile('/var/lib/kubelet/kubeadm-flags.env', 'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.10"\n');
  out(`[kubelet-start] Writing kubelet configuration to file "${KUBELET_CONFIG}"`);
  node.fs.writeFile(KUBELET_CONFIG, `apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: ${cgroupDriver}\nstaticPodPath: /etc/kubernetes/manifests\n`);
  out('[kubelet-start] Starting the kubelet');
  const health = kubeletStart(node);
  node.save();
  out('[wait-control-plane] Waiting for the kubelet to boot up the control plane as static Pods from directory "/etc/kubernetes/manifests"');
  out('[kubelet-check] Waiting for a healthy kubelet at http://127.0.0.1:10248/healthz. This can take up to 4m0s');
  if (!health.healthy) {
    await ctx.sleep('kubeadm-timeout');
    out('[kubelet-check] The kubelet is not healthy after 4m0.000588458s');
    out('');
    out('Unfortunately, an error has occurred, likely caused by:');
    out('\t- The kubelet is not running');
    out('\t- The kubelet is unhealthy due to a misconfiguration of the node in some way (required cgroups disabled)');
    out('');
    out('If you are on a systemd-powered system, you can try to troubleshoot the error with the following commands:');
    out("\t- 'systemctl status kubelet'");
    out("\t- 'journalctl -xeu kubelet'");
    out('');
    ctx.io.stderr(`error execution phase wait-control-plane: failed while waiting for the kubelet to start: The HTTP call equal to 'curl -sSL http://127.0.0.1:10248/healthz' returned error: Get "http://127.0.0.1:10248/healthz": dial tcp 127.0.0.1:10248: connect: connection refused\n\n${STACK_HINT}\n`);
    return 1;
  }
  await ctx.sleep('kubeadm-wait-control-plane');
  out(`[kubelet-check] The kubelet is healthy after ${(0.5 + Math.random()).toFixed(9)}s`);
  if (kMinor >= 33) {
    out('[control-plane-check] Waiting for healthy control plane components. This can take up to 4m0s');
    out(`[control-plane-check] Checking kube-apiserver at https://${advertise}:6443/livez`);
    out('[control-plane-check] Checking kube-controller-manager at https://127.0.0.1:10257/healthz');
    out('[control-plane-check] Checking kube-scheduler at https://127.0.0.1:10259/livez');
    await ctx.sleep('kubeadm-wait-control-plane');
    out(`[control-plane-check] kube-controller-manager is healthy after ${(1 + Math.random()).toFixed(9)}s`);
    out(`[control-plane-check] kube-scheduler is healthy after ${(1.5 + Math.random()).toFixed(9)}s`);
    out(`[control-plane-check] kube-apiserver is healthy after ${(3 + Math.random()).toFixed(9)}s`);
  } else {
    await ctx.sleep('kubeadm-wait-control-plane');
    out(`[apiclient] All control plane components are healthy after ${(4 + Math.random()).toFixed(6)} seconds`);
  }

  // The API server is up from here on: start its emulation so kubectl and the desktop can talk to it.
  const token = tokenCfg ?? newBootstrapToken();
  const cluster: ClusterRecord = {
    id: randomUUID(),
    ...(controlPlaneEndpoint ? { controlPlaneEndpoint: String(controlPlaneEndpoint) } : {}),
    clusterName,
    kubernetesVersion: k8sVersion.startsWith('v') ? k8sVersion : `v${k8sVersion}`,
    endpoint,
    ...(podSubnet ? { podSubnet } : {}),
    serviceSubnet,
    caCertPem: ca.certPem,
    caKeyPem: ca.keyPem,
    adminCertPem: admin.certPem,
    adminKeyPem: admin.keyPem,
    apiServerCertPem: apiServer.certPem,
    apiServerKeyPem: apiServer.keyPem,
    caHash: caCertHash(ca.certPem),
    tokens: [{ token, expires: new Date(Date.now() + 24 * 3600_000).toISOString() }],
    members: [{ vmId: node.vmId, name: hostname, ip: node.state.privateIp, role: 'control-plane', kubeletVersion: kubeadmVersion, joinedAt: new Date().toISOString() }],
  };
  node.state.cluster = cluster;
  node.save();
  await ctx.dir.startApiServer(node);
  // From here kubeadm talks to the API through admin.conf, i.e. the controlPlaneEndpoint.
  if (await endpointUnreachable(ctx, endpoint, 'upload-config/kubeadm', '/api/v1/namespaces/kube-system/configmaps/kubeadm-config?timeout=10s')) return 1;

  out('[upload-config] Storing the configuration used in ConfigMap "kubeadm-config" in the "kube-system" Namespace');
  out('[kubelet] Creating a ConfigMap "kubelet-config" in namespace kube-system with the configuration for the kubelets in the cluster');
  const skipKeyPrint = flags.get('skip-certificate-key-print') === 'true';
  const uploaded = uploadCertsPhase(ctx, cluster, flags.get('upload-certs') === 'true', certKey.key, skipKeyPrint);
  node.save();
  await ctx.sleep('kubeadm-phase');
  out(`[mark-control-plane] Marking the node ${hostname} as control-plane by adding the labels: [node-role.kubernetes.io/control-plane node.kubernetes.io/exclude-from-external-load-balancers]`);
  out(`[mark-control-plane] Marking the node ${hostname} as control-plane by adding the taints [node-role.kubernetes.io/control-plane:NoSchedule]`);
  out(`[bootstrap-token] Using token: ${token}`);
  out('[bootstrap-token] Configuring bootstrap tokens, cluster-info ConfigMap, RBAC Roles');
  out('[bootstrap-token] Configured RBAC rules to allow Node Bootstrap tokens to get nodes');
  out('[bootstrap-token] Configured RBAC rules to allow Node Bootstrap tokens to post CSRs in order for nodes to get long term certificate credentials');
  out('[bootstrap-token] Configured RBAC rules to allow the csrapprover controller automatically approve CSRs from a Node Bootstrap Token');
  out('[bootstrap-token] Configured RBAC rules to allow certificate rotation for all node client certificates in the cluster');
  out('[bootstrap-token] Creating the "cluster-info" ConfigMap in the "kube-public" namespace');
  out('[kubelet-finalize] Updating "/etc/kubernetes/kubelet.conf" to point to a rotatable kubelet client certificate and key');
  await ctx.sleep('kubeadm-phase');
  out('[addons] Applied essential addon: CoreDNS');
  out('[addons] Applied essential addon: kube-proxy');
  out('');
  out('Your Kubernetes control-plane has initialized successfully!');
  out('');
  out('To start using your cluster, you need to run the following as a regular user:');
  out('');
  out('  mkdir -p $HOME/.kube');
  out('  sudo cp -i /etc/kubernetes/admin.conf $HOME/.kube/config');
  out('  sudo chown $(id -u):$(id -g) $HOME/.kube/config');
  out('');
  out('Alternatively, if you are the root user, you can run:');
  out('');
  out('  export KUBECONFIG=/etc/kubernetes/admin.conf');
  out('');
  out('You should now deploy a pod network to the cluster.');
  out('Run "kubectl apply -f [podnetwork].yaml" with one of the options listed at:');
  out('  https://kubernetes.io/docs/concepts/cluster-administration/addons/');
  out('');
  // kubeadm's init template prints the control-plane join command only with a controlPlaneEndpoint.
  if (controlPlaneEndpoint) controlPlaneJoinText(endpoint, token, cluster.caHash, uploaded && skipKeyPrint ? WITHHELD : uploaded).forEach(out);
  out('Then you can join any number of worker nodes by running the following on each as root:');
  out('');
  out(`kubeadm join ${endpoint} --token ${token} \\`);
  out(`\t--discovery-token-ca-cert-hash ${cluster.caHash} `);
  return 0;
}

function hasModule(ctx: CommandContext, mod: string): boolean {
  return ctx.node.fs
    .list('/etc/modules-load.d')
    .some((p) => (ctx.node.fs.readText(p) ?? '').split('\n').some((l) => l.trim() === mod));
}
