// `kubeadm join` (flag form or --config with a JoinConfiguration): reaches the
// API server at the endpoint as a connection from this node would (net/reach.ts:
// /etc/hosts and Azure DNS names, VNet addresses, load balancer frontends),
// checks the bootstrap token and the CA pin exactly as discovery does, then
// registers the node with the cluster record; `--control-plane` also makes it a
// control plane (kubeadm-join-cp.ts).
import type { CommandContext } from '../command-types';
import { BOOTSTRAP_TOKEN_RE } from '../pki';
import { reachApiServer } from '../net/reach';
import { dialError, splitHostPort } from './kubeadm-endpoint';
import { finishControlPlane, prepareControlPlane } from './kubeadm-join-cp';
import { certificateKeyOf } from './kubeadm-upload-certs';
import { get, loadKubeadmConfig, parseFlags, STACK_HINT } from './kubeadm-config';
import { kubeletServiceWarning, preflightFailure } from './kubeadm-init';
import { KUBELET_CONFIG, kubeletStart } from './kubelet-lifecycle';

interface JoinParams {
  endpoint: string;
  token: string;
  caHashes: string[];
  unsafeSkip: boolean;
  nodeName?: string;
  controlPlane: boolean;
  certificateKey?: string;
  advertiseAddress?: string;
}

function fail(ctx: CommandContext, msg: string): number {
  ctx.io.stderr(`${msg}\n${STACK_HINT}\n`);
  return 1;
}

function readParams(args: string[], ctx: CommandContext): JoinParams | number {
  const { flags, positional } = parseFlags(args, new Set(['discovery-token-unsafe-skip-ca-verification', 'control-plane', 'dry-run']));
  const configPath = flags.get('config');
  if (configPath !== undefined) {
    const text = ctx.node.fs.readText(configPath);
    if (text === undefined) return fail(ctx, `unable to read config from "${configPath}" : open ${configPath}: no such file or directory`);
    const loaded = loadKubeadmConfig(text, ctx.node.sysext()?.version as string);
    loaded.warnings.forEach((w) => ctx.io.stderr(w + '\n'));
    if (!loaded.ok) return fail(ctx, loaded.error);
    const jc = loaded.docs.JoinConfiguration;
    if (!jc) return fail(ctx, 'no JoinConfiguration kind was found in the YAML file');
    const key = certificateKeyOf(new Map(), get(jc, 'controlPlane'), 'controlPlane.certificateKey');
    if (key.error) return fail(ctx, key.error);
    const advertise = get<string>(jc, 'controlPlane', 'localAPIEndpoint', 'advertiseAddress');
    return {
      ...(key.key ? { certificateKey: key.key } : {}),
      ...(advertise ? { advertiseAddress: advertise } : {}),
      endpoint: String(get<string>(jc, 'discovery', 'bootstrapToken', 'apiServerEndpoint') ?? ''),
      token: String(get<string>(jc, 'discovery', 'bootstrapToken', 'token') ?? get<string>(jc, 'discovery', 'tlsBootstrapToken') ?? ''),
      caHashes: get<string[]>(jc, 'discovery', 'bootstrapToken', 'caCertHashes') ?? [],
      unsafeSkip: get<boolean>(jc, 'discovery', 'bootstrapToken', 'unsafeSkipCAVerification') === true,
      ...(get<string>(jc, 'nodeRegistration', 'name') ? { nodeName: get<string>(jc, 'nodeRegistration', 'name') as string } : {}),
      controlPlane: get(jc, 'controlPlane') != null,
    };
  }
  const hash = flags.get('discovery-token-ca-cert-hash');
  const key = certificateKeyOf(flags, undefined, 'controlPlane.certificateKey');
  if (key.error) return fail(ctx, key.error);
  return {
    ...(key.key ? { certificateKey: key.key } : {}),
    ...(flags.get('apiserver-advertise-address') ? { advertiseAddress: flags.get('apiserver-advertise-address') as string } : {}),
    endpoint: positional[0] ?? '',
    token: flags.get('token') ?? flags.get('discovery-token') ?? '',
    caHashes: hash ? hash.split(',') : [],
    unsafeSkip: flags.get('discovery-token-unsafe-skip-ca-verification') === 'true',
    ...(flags.get('node-name') ? { nodeName: flags.get('node-name') as string } : {}),
    controlPlane: flags.get('control-plane') === 'true',
  };
}

export async function kubeadmJoin(args: string[], ctx: CommandContext): Promise<number> {
  const p = readParams(args, ctx);
  if (typeof p === 'number') return p;
  const out = (s: string) => ctx.io.stdout(s + '\n');
  const node = ctx.node;

  if (!p.endpoint) return fail(ctx, 'discovery: Invalid value: "": bootstrapToken or file must be set');
  if (!BOOTSTRAP_TOKEN_RE.test(p.token)) {
    return fail(ctx, `[discovery.bootstrapToken.token: Invalid value: "${p.token}": the bootstrap token is invalid, discovery.tlsBootstrapToken: Invalid value: "${p.token}": the bootstrap token is invalid]`);
  }
  if (p.caHashes.length === 0 && !p.unsafeSkip) {
    return fail(ctx, 'discovery.bootstrapToken: Invalid value: "": using token-based discovery without caCertHashes can be unsafe. Set unsafeSkipCAVerification as true in your kubeadm config file or pass --discovery-token-unsafe-skip-ca-verification flag to continue');
  }
  for (const h of p.caHashes) {
    const m = /^sha256:([0-9a-f]*)$/.exec(h);
    if (!m) return fail(ctx, `invalid hash "${h}", expected "format:hex-value"`);
    if ((m[1] as string).length !== 64) return fail(ctx, `invalid hash "${h}", expected a 32 byte SHA-256 hash, found ${Math.floor((m[1] as string).length / 2)} bytes`);
  }

  out('[preflight] Running pre-flight checks');
  await ctx.sleep('kubeadm-phase');
  if (!ctx.root) return preflightFailure(ctx, ['[ERROR IsPrivilegedUser]: user is not running as root'], new Set()) ? 1 : 0;
  const errors: string[] = [];
  if (node.fs.stat('/etc/kubernetes/kubelet.conf')) {
    errors.push('[ERROR FileAvailable--etc-kubernetes-kubelet.conf]: /etc/kubernetes/kubelet.conf already exists');
    if (node.state.units['kubelet.service']?.active === 'active') errors.push('[ERROR Port-10250]: Port 10250 is in use');
    errors.push('[ERROR FileAvailable--etc-kubernetes-pki-ca.crt]: /etc/kubernetes/pki/ca.crt already exists');
  }
  kubeletServiceWarning(ctx);
  if (preflightFailure(ctx, errors, new Set())) return 1;

  // Discovery: dial the API server as a connection from this node would go.
  const [host, portStr] = splitHostPort(p.endpoint);
  const reach = reachApiServer(node, ctx.dir, host, Number(portStr));
  const url = `https://${p.endpoint}/api/v1/namespaces/kube-public/configmaps/cluster-info?timeout=10s`;
  const discoveryFailed = (why: string) => fail(ctx, `error execution phase preflight: couldn't validate the identity of the API Server: failed to request the cluster-info ConfigMap: Get "${url}": ${why}`);
  if (!reach.ok || reach.cp.vmId === node.vmId) {
    const r = reach.ok ? ({ ok: false, why: 'timeout', ip: reach.ip } as const) : reach;
    if (r.why === 'timeout') await ctx.sleep('kubeadm-discovery-timeout');
    return discoveryFailed(dialError(r, host, portStr));
  }
  const cp = reach.cp;
  const cluster = cp.state.cluster!;
  const [tokenId] = p.token.split('.');
  const now = Date.now();
  const known = cluster.tokens.filter((t) => new Date(t.expires).getTime() > now);
  if (!known.some((t) => t.token.split('.')[0] === tokenId)) {
    await ctx.sleep('kubeadm-phase');
    return fail(ctx, `error execution phase preflight: couldn't validate the identity of the API Server: could not find a JWS signature in the cluster-info ConfigMap for token ID "${tokenId}"`);
  }
  if (!known.some((t) => t.token === p.token)) {
    return fail(ctx, `error execution phase preflight: couldn't validate the identity of the API Server: failed to verify JWS signature of received cluster info object, can't trust this API Server`);
  }
  if (!p.unsafeSkip && !p.caHashes.includes(cluster.caHash)) {
    return fail(ctx, `error execution phase preflight: couldn't validate the identity of the API Server: cluster CA found in cluster-info ConfigMap is invalid: none of the public keys "${cluster.caHash}" are pinned`);
  }
  out('[preflight] Reading configuration from the "kubeadm-config" ConfigMap in the "kube-system" namespace...');
  out("[preflight] Use 'kubeadm init phase upload-config kubeadm --config your-config-file' to re-upload it.");

  const name = p.nodeName ?? node.hostname;
  const clash = cluster.members.find((m) => m.name === name && m.vmId !== node.vmId);
  if (clash) {
    return fail(ctx, `error execution phase kubelet-start: a Node with name "${name}" and status "Ready" already exists in the cluster. You must delete the existing Node or change the name of this new joining Node`);
  }
  if (p.controlPlane) {
    const failed = await prepareControlPlane(ctx, cluster, { nodeName: name, ...(p.certificateKey ? { certificateKey: p.certificateKey } : {}), ...(p.advertiseAddress ? { advertiseAddress: p.advertiseAddress } : {}) });
    if (failed !== undefined) return failed;
  }
  // The kubelet config comes from the cluster's kubelet-config ConfigMap, i.e. the control plane's.
  const cpKubeletConfig = cp.fs.readText(KUBELET_CONFIG) ?? 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: systemd\n';
  out(`[kubelet-start] Writing kubelet configuration to file "${KUBELET_CONFIG}"`);
  node.fs.writeFile(KUBELET_CONFIG, cpKubeletConfig);
  out('[kubelet-start] Writing kubelet environment file with flags to file "/var/lib/kubelet/kubeadm-flags.env"');
  node.fs.writeFile('/var/lib/kubelet/kubeadm-flags.env', 'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///run/containerd/containerd.sock"\n');
  if (!node.fs.stat('/etc/kubernetes/pki/ca.crt')) node.fs.writeFile('/etc/kubernetes/pki/ca.crt', cluster.caCertPem, { mode: 0o644 });
  out('[kubelet-start] Starting the kubelet');
  const health = kubeletStart(node);
  out('[kubelet-check] Waiting for a healthy kubelet at http://127.0.0.1:10248/healthz. This can take up to 4m0s');
  if (!health.healthy) {
    node.save();
    await ctx.sleep('kubeadm-timeout');
    out('[kubelet-check] The kubelet is not healthy after 4m0.000512345s');
    return fail(ctx, `error execution phase kubelet-start: failed while waiting for the kubelet to start: The HTTP call equal to 'curl -sSL http://127.0.0.1:10248/healthz' returned error: Get "http://127.0.0.1:10248/healthz": dial tcp 127.0.0.1:10248: connect: connection refused`);
  }
  await ctx.sleep('kubeadm-join');
  out(`[kubelet-check] The kubelet is healthy after ${(0.5 + Math.random()).toFixed(9)}s`);
  out('[kubelet-start] Waiting for the kubelet to perform the TLS Bootstrap');
  node.fs.writeFile('/etc/kubernetes/kubelet.conf', `apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://${cluster.endpoint}\n  name: default-cluster\n# simulated kubelet kubeconfig (Flatkube sandbox)\n`, { mode: 0o600 });
  const existing = cluster.members.find((m) => m.vmId === node.vmId);
  const role = p.controlPlane ? 'control-plane' : 'worker';
  if (!existing) {
    cluster.members.push({ vmId: node.vmId, name, ip: p.advertiseAddress ?? node.state.privateIp, role, kubeletVersion: node.sysext()?.version ?? cluster.kubernetesVersion, joinedAt: new Date().toISOString() });
  } else existing.role = role;
  node.state.joinedTo = { vmId: cp.vmId, endpoint: p.endpoint };
  node.save();
  cp.save();
  if (p.controlPlane) {
    await finishControlPlane(ctx, cluster, name);
    return 0;
  }
  out('');
  out('This node has joined the cluster:');
  out('* Certificate signing request was sent to apiserver and a response was received.');
  out('* The Kubelet was informed of the new secure connection details.');
  out('');
  out("Run 'kubectl get nodes' on the control-plane to see this node join the cluster.");
  out('');
  return 0;
}
