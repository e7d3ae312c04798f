// `kubeadm join --control-plane` after discovery: the control-plane preflight (a stable
// controlPlaneEndpoint; the shared certificates, downloaded with the certificate key or already
// on disk), [download-certs], the node's own apiserver certificate and kubeconfigs, the static
// pod manifests; after the kubelet starts, the new etcd member, the control-plane label and
// taint, and this node's kube-apiserver serving the cluster's one API store (every control plane
// holds the same cluster record: kube/cluster.ts). Texts from kubeadm's join output as shown in
// the HA guide (https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/high-availability/)
// and kubernetes/kubernetes cmd/kubeadm/app/cmd/join.go (joinControPlaneDoneTemp).
import type { CommandContext } from '../command-types';
import type { ClusterRecord } from '../node-state';
import { buildKubeconfig, issueCert } from '../pki';
import { serviceIp } from '../kube/bootstrap';
import { downloadCerts, SHARED_CERTS } from './kubeadm-certs';
import { STACK_HINT } from './kubeadm-config';
import { splitHostPort } from './kubeadm-endpoint';

const PKI = '/etc/kubernetes/pki';

function fail(ctx: CommandContext, msg: string): number {
  ctx.io.stderr(`${msg}\n${STACK_HINT}\n`);
  return 1;
}

function notSatisfied(ctx: CommandContext, why: string): number {
  return fail(
    ctx,
    `error execution phase preflight: \nOne or more conditions for hosting a new control plane instance is not satisfied.\n\n${why}\n\nPlease ensure that:\n* The cluster has a stable controlPlaneEndpoint address.\n* The certificates that must be shared among control plane instances are provided.\n`,
  );
}

export interface ControlPlaneJoin {
  certificateKey?: string;
  advertiseAddress?: string;
  nodeName: string;
}

/** Everything before the kubelet starts. Returns an exit status on failure. */
export async function prepareControlPlane(ctx: CommandContext, cluster: ClusterRecord, j: ControlPlaneJoin): Promise<number | undefined> {
  const out = (s: string) => ctx.io.stdout(s + '\n');
  const node = ctx.node;
  if (!cluster.controlPlaneEndpoint) return notSatisfied(ctx, "unable to add a new control plane instance to a cluster that doesn't have a stable controlPlaneEndpoint address");
  out('[preflight] Running pre-flight checks before initializing the new control plane instance');
  out('[preflight] Pulling images required for setting up a Kubernetes cluster');
  out('[preflight] This might take a minute or two, depending on the speed of your internet connection');
  out("[preflight] You can also perform this action beforehand using 'kubeadm config images pull'");
  await ctx.sleep('kubeadm-images');
  if (j.certificateKey) {
    out('[download-certs] Downloading the certificates in Secret "kubeadm-certs" in the "kube-system" Namespace');
    const got = downloadCerts(cluster, j.certificateKey);
    if (!got.ok) return fail(ctx, `error execution phase control-plane-prepare/download-certs: error downloading certs: ${got.error}`);
    for (const [path, pem] of Object.entries(got.files)) node.fs.writeFile(path, pem, { mode: path.endsWith('.key') ? 0o600 : 0o644 });
    out(`[download-certs] Saving the certificates to the folder: "${PKI}"`);
  } else {
    const missing = Object.values(SHARED_CERTS).find((f) => !node.fs.stat(`${PKI}/${f}`));
    if (missing) return notSatisfied(ctx, `[failure loading certificate for CA: couldn't load the certificate file ${PKI}/${missing}: open ${PKI}/${missing}: no such file or directory]`);
  }
  const ca = { certPem: node.fs.readText(`${PKI}/ca.crt`) ?? '', keyPem: node.fs.readText(`${PKI}/ca.key`) ?? '' };
  const advertise = j.advertiseAddress ?? node.state.privateIp;
  const [endpointHost] = splitHostPort(cluster.controlPlaneEndpoint);
  const isIp = (s: string) => /^[\d.]+$|:/.test(s);
  const dns = [j.nodeName, 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', ...(isIp(endpointHost) ? [] : [endpointHost])];
  const ips = [...new Set([serviceIp(cluster, 1), advertise, ...(isIp(endpointHost) ? [endpointHost] : [])])];
  out(`[certs] Using certificateDir folder "${PKI}"`);
  out('[certs] Generating "apiserver" certificate and key');
  out(`[certs] apiserver serving cert is signed for DNS names [${dns.join(' ')}] and IPs [${ips.join(' ')}]`);
  // Loopback SANs let the desktop reach the emulated API server on 127.0.0.1 (as on the init node).
  const serving = issueCert(ca, { commonName: 'kube-apiserver', usage: 'server', altNames: [...dns, 'localhost', ...ips, '127.0.0.1', ...(node.state.publicIp ? [node.state.publicIp] : [])] });
  node.fs.writeFile(`${PKI}/apiserver.crt`, serving.certPem, { mode: 0o644 });
  node.fs.writeFile(`${PKI}/apiserver.key`, serving.keyPem, { mode: 0o600 });
  node.state.apiServing = serving;
  for (const c of ['apiserver-kubelet-client', 'front-proxy-client', 'etcd/server', 'etcd/peer', 'etcd/healthcheck-client', 'apiserver-etcd-client']) out(`[certs] Generating "${c}" certificate and key`);
  out(`[certs] Valid certificates and keys now exist in "${PKI}"`);
  out('[certs] Using the existing "sa" key');
  out('[kubeconfig] Generating kubeconfig files');
  out('[kubeconfig] Using kubeconfig folder "/etc/kubernetes"');
  const admin = issueCert(ca, { commonName: 'kubernetes-admin', organization: 'kubeadm:cluster-admins', usage: 'client' });
  const conf = buildKubeconfig({ clusterName: cluster.clusterName, server: `https://${cluster.endpoint}`, caCertPem: ca.certPem, user: 'kubernetes-admin', client: admin });
  for (const f of ['admin.conf', 'controller-manager.conf', 'scheduler.conf']) {
    out(`[kubeconfig] Writing "${f}" kubeconfig file`);
    node.fs.writeFile(`/etc/kubernetes/${f}`, conf, { mode: 0o600 });
  }
  out('[control-plane] Using manifest folder "/etc/kubernetes/manifests"');
  for (const m of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
    out(`[control-plane] Creating static Pod manifest for "${m}"`);
    node.fs.writeFile(`/etc/kubernetes/manifests/${m}.yaml`, `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${m}\n  namespace: kube-system\n# simulated static pod manifest (Flatkube sandbox)\n`, { mode: 0o600 });
  }
  out('[check-etcd] Checking that the etcd cluster is healthy');
  await ctx.sleep('kubeadm-phase');
  return undefined;
}

/** After the kubelet's TLS bootstrap: the etcd member, the control-plane marks, this node's API server. */
export async function finishControlPlane(ctx: CommandContext, cluster: ClusterRecord, nodeName: string): Promise<void> {
  const out = (s: string) => ctx.io.stdout(s + '\n');
  const node = ctx.node;
  out('[etcd] Announced new etcd member joining to the existing etcd cluster');
  out('[etcd] Creating static Pod manifest for "etcd"');
  node.fs.writeFile('/etc/kubernetes/manifests/etcd.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd\n  namespace: kube-system\n# simulated static pod manifest (Flatkube sandbox)\n', { mode: 0o600 });
  node.fs.writeFile('/var/lib/etcd/member/snap/db', 'simulated etcd data\n', { mode: 0o600 });
  out('[etcd] Waiting for the new etcd member to join the cluster. This can take up to 40s');
  await ctx.sleep('kubeadm-phase');
  out(`[mark-control-plane] Marking the node ${nodeName} as control-plane by adding the labels: [node-role.kubernetes.io/control-plane node.kubernetes.io/exclude-from-external-load-balancers]`);
  out(`[mark-control-plane] Marking the node ${nodeName} as control-plane by adding the taints [node-role.kubernetes.io/control-plane:NoSchedule]`);
  node.state.cluster = cluster;
  node.save();
  await ctx.dir.startApiServer(node);
  for (const line of [
    '',
    'This node has joined the cluster and a new control plane instance was created:',
    '',
    '* Certificate signing request was sent to apiserver and approval was received.',
    '* The Kubelet was informed of the new secure connection details.',
    '* Control plane label and taint were applied to the new node.',
    '* The Kubernetes control plane instances scaled up.',
    '* A new etcd member was added to the local/stacked etcd cluster.',
    '',
    'To start administering your cluster from this node, you need to run the following as a regular user:',
    '',
    '\tmkdir -p $HOME/.kube',
    '\tsudo cp -i /etc/kubernetes/admin.conf $HOME/.kube/config',
    '\tsudo chown $(id -u):$(id -g) $HOME/.kube/config',
    '',
    "Run 'kubectl get nodes' to see this node join the cluster.",
    '',
  ]) {
    out(line);
  }
}
