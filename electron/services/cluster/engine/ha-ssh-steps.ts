import { randomBytes } from 'node:crypto';
import { apiServerFqdn, loadBalancedControlPlaneEndpoint } from '../../../../shared/domain/api-endpoint';
import { SessionDroppedError } from '../../ssh/errors';
import type { ResilientSshSession } from '../../ssh/resilient-session';
import { REDACTED } from '../../secrets/redact';
import { CERTIFICATE_KEY, renderControlPlaneJoinConfig, renderInitConfig } from '../render/kubeadm';
import type { PlanStep } from '../plan/types';
import { nodeNamed, type DeploymentContext } from './context';
import { ADMIN_CONF, APISERVER_MANIFEST, KUBECTL_ADMIN, KUBELET_CONF, ok, settleAfterDrop, stream } from './ssh-steps';
import { StepError, type StepRunContext, type StepRunner } from './types';

/**
 * SSH steps of a cluster with three control planes (docs/bootstrap.md#three-control-planes):
 * kubeadm init with the certificates uploaded, the certificate key, and the other control planes
 * joining one at a time. Like the single control plane's steps they look at the node first, so a
 * resume never runs kubeadm twice on a node that has its result.
 *
 * The certificate key opens the kube-system/kubeadm-certs Secret (the cluster CA's and etcd CA's
 * private keys, encrypted with it): a secret like the bootstrap token, kept the same way. Flatkube
 * makes it (32 random bytes, hex: "hex encoded string that is an AES key of size 32 bytes",
 * https://kubernetes.io/docs/reference/setup-tools/kubeadm/generated/kubeadm_init_phase_upload-certs/),
 * keeps it in memory only, hands it to kubeadm in a config file made 0600 and filled from SSH
 * stdin (never on a command line: `--certificate-key` would show in `ps`, and kubeadm does not
 * take it beside `--config` anyway), and runs init with `--skip-certificate-key-print`. Every
 * line logged from these steps has the key masked, whatever kubeadm prints. The upload expires
 * after two hours (kubeadm's DefaultCertTokenDuration: kubernetes/kubernetes
 * cmd/kubeadm/app/constants/constants.go); a later run uploads again with a new key.
 *
 * The hairpin: Azure's load balancer does not send a backend's own connection to its frontend
 * back to that backend (https://learn.microsoft.com/azure/load-balancer/load-balancer-troubleshoot-backend-traffic),
 * so a control plane reaches the endpoint name through itself: `127.0.0.1 <name>` in /etc/hosts,
 * before init on the first one and after the join on the others, which until then need the load
 * balancer to reach the cluster (kubernetes-sigs/cluster-api-provider-azure
 * templates/flavors/private/patches/apiserver-host-dns.yaml does the same).
 */

/** The keyed copy of init.yaml, there only while kubeadm init reads it. */
export const INIT_UPLOAD_CONFIG_PATH = '/etc/kubeadm/init-upload-certs.yaml';
/** A control plane's JoinConfiguration (token and key), there only while kubeadm join reads it. */
export const CONTROL_PLANE_JOIN_CONFIG_PATH = '/etc/kubeadm/join-control-plane.yaml';
const ETCD_MANIFEST = '/etc/kubernetes/manifests/etcd.yaml';
const KUBELET_CONFIG = '/var/lib/kubelet/config.yaml';

/** A key uploaded longer ago than this is uploaded again before a join (kubeadm deletes it after two hours). */
export const CERTIFICATE_KEY_FRESH_MS = 60 * 60_000;

export function newCertificateKey(): string {
  return randomBytes(32).toString('hex');
}

/** The step's logger with the certificate key masked in every line (defence in depth beside redact.ts). */
function masking(r: StepRunContext, key: string): StepRunContext {
  return { ...r, log: (level, text, s) => r.log(level, text.split(key).join(REDACTED), s) };
}

/** Lines of /etc/hosts that give `name` an address, as glibc reads it (comments out, first field the address). */
function hostsAddresses(hosts: string, name: string): string[] {
  const out: string[] = [];
  for (const raw of hosts.split('\n')) {
    const [addr, ...names] = raw.replace(/#.*/, '').trim().split(/\s+/);
    if (addr && names.some((n) => n.toLowerCase() === name.toLowerCase())) out.push(addr);
  }
  return out;
}

/** `127.0.0.1 <name>` in /etc/hosts, added once (the hairpin, above). */
export async function ensureLoopbackName(session: ResilientSshSession, r: StepRunContext, name: string): Promise<void> {
  const res = await session.exec('cat /etc/hosts', { signal: r.signal, retryOnDrop: true });
  const hosts = res.code === 0 ? res.stdout : '';
  const given = hostsAddresses(hosts, name);
  if (given[0] === '127.0.0.1') {
    r.log('info', `/etc/hosts already sends ${name} to this node (127.0.0.1)`);
    return;
  }
  if (given.length > 0) r.log('warn', `/etc/hosts gives ${name} the address ${given[0]}; adding 127.0.0.1 after it has no effect, fix the file by hand`);
  const line = `${hosts !== '' && !hosts.endsWith('\n') ? '\n' : ''}127.0.0.1 ${name}\n`;
  await stream(session, r, 'tee -a /etc/hosts > /dev/null', { sudo: true, stdin: line, what: `adding ${name} to /etc/hosts`, retryOnDrop: true });
  r.log('info', `/etc/hosts: ${name} is 127.0.0.1 on this node (the load balancer does not hairpin)`);
}

/** Writes `text` into `path` made 0600 first, through stdin (tee keeps an existing file's mode). */
async function writeSecretFile(session: ResilientSshSession, r: StepRunContext, path: string, text: string): Promise<void> {
  await stream(session, r, 'mkdir -p /etc/kubeadm', { sudo: true, what: 'mkdir /etc/kubeadm', retryOnDrop: true });
  await stream(session, r, `install -m 0600 /dev/null ${path}`, { sudo: true, what: `creating ${path} (0600)`, retryOnDrop: true });
  await stream(session, r, `tee ${path} > /dev/null`, { sudo: true, stdin: text, what: `writing ${path}`, retryOnDrop: true });
}

/** kubeadm init on the first control plane, its certificates uploaded with a key Flatkube made. */
export function haKubeadmInit(ctx: DeploymentContext, step: PlanStep): StepRunner {
  return async (r0) => {
    const node = nodeNamed(ctx, step.node);
    const fqdn = apiServerFqdn(ctx.spec);
    const session = await ctx.sessions.get(node.name, r0.signal);
    const initialised = async () => (await ok(session, r0, `test -f ${ADMIN_CONF}`)) && (await ok(session, r0, `${KUBECTL_ADMIN} get nodes`, true));
    // Before init: kubeadm talks to the API through the endpoint name once its API server runs.
    await ensureLoopbackName(session, r0, fqdn);
    if (await initialised()) {
      r0.log('info', 'control plane already initialised (admin.conf present, API answers): kubeadm init skipped; the certificates are uploaded again before the other control planes join');
      return;
    }
    if (await ok(session, r0, `test -f ${APISERVER_MANIFEST}`)) {
      r0.log('warn', 'a previous kubeadm init did not complete; resetting the node first');
      await stream(session, r0, 'kubeadm reset -f', { sudo: true, what: 'kubeadm reset', retryOnDrop: true });
    }
    const key = newCertificateKey();
    const r = masking(r0, key);
    const config = renderInitConfig({ spec: ctx.spec, nodeName: node.name, privateIp: node.privateIp, controlPlaneEndpoint: loadBalancedControlPlaneEndpoint(ctx.spec), certificateKey: key, cloudProviderExternal: ctx.spec.azureIntegration.cloudProvider });
    await writeSecretFile(session, r, INIT_UPLOAD_CONFIG_PATH, config);
    try {
      // --upload-certs and --skip-* flags may go with --config (kubernetes/kubernetes
      // cmd/kubeadm/app/apis/kubeadm/validation/validation.go, ValidateMixedArguments).
      await stream(session, r, `kubeadm init --config ${INIT_UPLOAD_CONFIG_PATH} --upload-certs --skip-certificate-key-print`, { sudo: true, what: 'kubeadm init' });
    } catch (err) {
      if (!(err instanceof SessionDroppedError)) throw err;
      if (!(await settleAfterDrop(ctx, r, 'kubeadm init', initialised))) {
        throw new StepError('The SSH session dropped during kubeadm init and the control plane did not come up. Resume the deployment: it resets the node and runs init again.', { cause: err });
      }
      r.log('info', 'kubeadm init had completed on the node');
    } finally {
      await ok(session, r, `rm -f ${INIT_UPLOAD_CONFIG_PATH}`, true).catch(() => false);
    }
    ctx.certificateKey = { key, uploadedAt: Date.now() };
    r.log('info', 'control-plane certificates uploaded to kube-system/kubeadm-certs (their key is kept in memory only, valid two hours)');
  };
}

/**
 * The key the joining control planes need: the one kubeadm init used when this run did the init
 * (and recently), else a new upload: `kubeadm init phase upload-certs --upload-certs` makes a new
 * key, uploads the certificates with it and prints it, as the kubeadm HA guide reloads them
 * (https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/high-availability/).
 * Not streamed: the output is the key.
 */
export function uploadCerts(ctx: DeploymentContext, step: PlanStep): StepRunner {
  return async (r) => {
    const have = ctx.certificateKey;
    if (have && Date.now() - have.uploadedAt < CERTIFICATE_KEY_FRESH_MS) {
      r.log('info', `certificates uploaded by kubeadm init ${Math.round((Date.now() - have.uploadedAt) / 1000)} s ago; their key is in memory`);
      return;
    }
    const session = await ctx.sessions.get(step.node!, r.signal);
    r.log('info', '$ sudo kubeadm init phase upload-certs --upload-certs (output not shown: it is the key)');
    const res = await session.exec('kubeadm init phase upload-certs --upload-certs', { sudo: true, signal: r.signal, retryOnDrop: true });
    const lines = res.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
    const key = lines.at(-1);
    if (res.code !== 0 || !key || !CERTIFICATE_KEY.test(key)) {
      const why = res.stderr.trim().split('\n').at(-1) ?? '';
      throw new StepError(`kubeadm init phase upload-certs failed (exit ${res.code}): ${key ? why.split(key).join(REDACTED) : why}`);
    }
    ctx.certificateKey = { key, uploadedAt: Date.now() };
    r.log('info', 'control-plane certificates uploaded again to kube-system/kubeadm-certs with a new key (kept in memory only, valid two hours)');
  };
}

/** `kubeadm join --control-plane` through the endpoint, then the node's own name for it. */
export function joinControlPlane(ctx: DeploymentContext, step: PlanStep): StepRunner {
  return async (r0) => {
    const node = nodeNamed(ctx, step.node);
    const fqdn = apiServerFqdn(ctx.spec);
    const jc = ctx.joinCommand;
    const key = ctx.certificateKey?.key;
    if (!jc) throw new StepError('no join command in memory (the join-command step must run first)');
    if (!key) throw new StepError('no certificate key in memory (the upload-certs step must run first)');
    const r = masking(r0, key);
    const session = await ctx.sessions.get(node.name, r.signal);
    // Joined as a control plane: its kubelet has its credentials and its etcd member its manifest
    // (kubeadm writes etcd.yaml in the join's last phases, after the kubelet's TLS bootstrap).
    const joined = async () => (await ok(session, r, `test -f ${KUBELET_CONF}`)) && (await ok(session, r, `test -f ${ETCD_MANIFEST}`));
    if (await joined()) {
      r.log('info', `${node.name} already joined as a control plane (kubelet.conf and the etcd manifest present): kubeadm join skipped`);
    } else {
      if ((await ok(session, r, `test -f ${KUBELET_CONFIG}`)) || (await ok(session, r, `test -f ${APISERVER_MANIFEST}`))) {
        r.log('warn', 'a previous kubeadm join did not complete; resetting the node first');
        await stream(session, r, 'kubeadm reset -f', { sudo: true, what: 'kubeadm reset', retryOnDrop: true });
      }
      const config = renderControlPlaneJoinConfig({ ...jc, nodeName: node.name, nodeIp: node.privateIp, certificateKey: key, cloudProviderExternal: ctx.spec.azureIntegration.cloudProvider });
      await writeSecretFile(session, r, CONTROL_PLANE_JOIN_CONFIG_PATH, config);
      try {
        await stream(session, r, `kubeadm join --config ${CONTROL_PLANE_JOIN_CONFIG_PATH}`, { sudo: true, what: 'kubeadm join --control-plane' });
      } catch (err) {
        if (!(err instanceof SessionDroppedError)) throw err;
        if (!(await settleAfterDrop(ctx, r, 'kubeadm join', joined))) {
          throw new StepError(`The SSH session dropped during kubeadm join of ${node.name} and the node did not join. Resume the deployment to retry.`, { cause: err });
        }
        r.log('info', 'kubeadm join had completed on the node');
      } finally {
        await ok(session, r, `rm -f ${CONTROL_PLANE_JOIN_CONFIG_PATH}`, true).catch(() => false);
      }
    }
    // After the join, not before: until its own API server ran, the node needed the load balancer.
    await ensureLoopbackName(session, r, fqdn);
  };
}
