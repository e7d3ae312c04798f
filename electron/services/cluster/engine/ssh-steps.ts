import { SessionDroppedError } from '../../ssh/errors';
import type { ResilientSshSession } from '../../ssh/resilient-session';
import { matchFailure } from '../../failures/catalogue';
import { cniPlan, UPSTREAM_CNI_PINS } from '../render/cni';
import { INIT_CONFIG_PATH } from '../render/ignition';
import { kuredPlan } from '../render/kured';
import { JOIN_CONFIG_PATH, parseJoinCommand, renderJoinConfig } from '../render/kubeadm';
import type { PlanStep } from '../plan/types';
import { withBootWatch } from './boot-log';
import { pinnedHostKey } from './host-key-pin';
import { abortableDelay as sleep } from '../../abort';
import { nodeNamed, type DeploymentContext } from './context';
import { saveNodeKubeconfig } from './kubeconfig-step';
import { StepError, type StepRunContext, type StepRunner } from './types';

/**
 * SSH step runners (docs/bootstrap.md#kubeadm, #joining-workers, #cni, #kubeconfig). Each checks the node's state before it
 * acts, so a resumed deployment or a retry after a dropped session never runs kubeadm twice on a
 * node that already has its result. Output is streamed line by line to the node's log stream.
 */

export const ADMIN_CONF = '/etc/kubernetes/admin.conf';
export const KUBELET_CONF = '/etc/kubernetes/kubelet.conf';
export const APISERVER_MANIFEST = '/etc/kubernetes/manifests/kube-apiserver.yaml';
export const KUBECTL_ADMIN = `kubectl --kubeconfig=${ADMIN_CONF}`;

export async function ok(session: ResilientSshSession, r: StepRunContext, cmd: string, sudo = false): Promise<boolean> {
  const res = await session.exec(cmd, { sudo, signal: r.signal, retryOnDrop: true });
  return res.code === 0;
}

/** Runs a command with its output streamed; non-zero exit -> StepError with the catalogue's hint. */
export async function stream(session: ResilientSshSession, r: StepRunContext, cmd: string, opts: { sudo?: boolean; stdin?: string; what: string; retryOnDrop?: boolean; acceptFailure?: (stderr: string) => boolean }) {
  r.log('info', `$ ${opts.sudo ? 'sudo ' : ''}${cmd}`);
  const res = await session.exec(cmd, {
    sudo: opts.sudo ?? false,
    signal: r.signal,
    retryOnDrop: opts.retryOnDrop ?? false,
    ...(opts.stdin !== undefined ? { stdin: opts.stdin } : {}),
    onStdout: (l) => r.log('info', l),
    onStderr: (l) => r.log('warn', l),
  });
  if (res.code !== 0 && !opts.acceptFailure?.(res.stderr)) {
    const text = `${res.stderr}\n${res.stdout}`;
    const hint = matchFailure(text);
    throw new StepError(`${opts.what} failed (exit ${res.code ?? res.signal})${hint ? `: ${hint.title}` : ''}`, hint ? { hint: hint.hint } : {});
  }
  return res;
}

/** After a drop mid-command: poll (through the reconnect) until `done` says the node got there. */
export async function settleAfterDrop(ctx: DeploymentContext, r: StepRunContext, what: string, done: () => Promise<boolean>): Promise<boolean> {
  r.log('warn', `SSH session dropped during ${what}; reconnecting to check the node's state`);
  const deadline = Date.now() + ctx.timings.settleMs;
  for (;;) {
    try {
      if (await done()) return true;
    } catch (err) {
      if (r.signal.aborted) throw err;
      r.log('warn', `state check failed: ${(err as Error).message}`);
    }
    if (Date.now() >= deadline) return false;
    await sleep(Math.min(2_000, ctx.timings.bootCheckIntervalMs), r.signal);
  }
}

function waitSsh(ctx: DeploymentContext, step: PlanStep): StepRunner {
  return async (r) => {
    const node = step.node!;
    // A node whose first boot failed never answers: its serial log ends the wait (boot-log.ts).
    // Before the first connection, the host key the node printed on its serial console is pinned
    // (host-key-pin.ts); SSH then accepts that key only.
    const session = await withBootWatch(ctx, node, r, async (signal) => {
      await pinnedHostKey({ ...ctx, keysDir: ctx.paths.keysDir }, node, signal, (level, text) => r.log(level, text));
      return ctx.sessions.open(node, signal, (attempt, err) => {
        if (err) r.log('info', `waiting for SSH (attempt ${attempt}): ${err.message}`);
      });
    });
    const pin = ctx.keys.hosts[node]!;
    r.log('info', `SSH: connected as ${ctx.spec.ssh.user}; host key matches the pinned one (${pin.fingerprint}, ${pin.source === 'serial-console' ? 'from its serial console' : 'stored by an earlier Flatkube'})`);
    // sshd only starts after Ignition has run (it runs in the initramfs); the result file and a
    // merged Kubernetes sysext confirm the node is provisioned, not just reachable.
    for (let i = 1; ; i++) {
      if ((await ok(session, r, 'test -f /etc/.ignition-result.json')) && (await ok(session, r, 'kubeadm version -o short'))) break;
      if (i >= ctx.timings.bootCheckAttempts) {
        throw new StepError(`${node} answers SSH but Ignition or the Kubernetes sysext is not complete`, {
          hint: matchFailure('Ignition stuck fetching')?.hint ?? 'Check the serial console of the VM.',
        });
      }
      await sleep(ctx.timings.bootCheckIntervalMs, r.signal);
    }
    const v = await session.exec('kubeadm version -o short', { signal: r.signal, retryOnDrop: true });
    r.log('info', `Ignition complete; kubeadm ${v.stdout.trim()} available`);
  };
}

function kubeadmInit(ctx: DeploymentContext, step: PlanStep): StepRunner {
  return async (r) => {
    const session = await ctx.sessions.get(step.node!, r.signal);
    const initialised = async () => (await ok(session, r, `test -f ${ADMIN_CONF}`)) && (await ok(session, r, `${KUBECTL_ADMIN} get nodes`, true));
    if (await initialised()) {
      r.log('info', 'control plane already initialised (admin.conf present, API answers): kubeadm init skipped');
      return;
    }
    if (await ok(session, r, `test -f ${APISERVER_MANIFEST}`)) {
      // A previous init stopped half-way (process killed, session dropped): start clean.
      r.log('warn', 'a previous kubeadm init did not complete; resetting the node first');
      await stream(session, r, 'kubeadm reset -f', { sudo: true, what: 'kubeadm reset', retryOnDrop: true });
    }
    try {
      await stream(session, r, `kubeadm init --config ${INIT_CONFIG_PATH}`, { sudo: true, what: 'kubeadm init' });
    } catch (err) {
      if (!(err instanceof SessionDroppedError)) throw err;
      if (await settleAfterDrop(ctx, r, 'kubeadm init', initialised)) {
        r.log('info', 'kubeadm init had completed on the node');
        return;
      }
      throw new StepError('The SSH session dropped during kubeadm init and the control plane did not come up. Resume the deployment: it resets the node and runs init again.', {
        cause: err,
      });
    }
  };
}

function cni(ctx: DeploymentContext, step: PlanStep): StepRunner {
  return async (r) => {
    const session = await ctx.sessions.get(step.node!, r.signal);
    // The sandbox's simulated internet serves stand-ins at the real URLs: their own sha256 are the
    // pins there, as its bakery's SHA256SUMS are for the sysext. Azure gets upstream's.
    const plan = cniPlan(ctx.spec, { pins: ctx.env.cniPins?.() ?? UPSTREAM_CNI_PINS });
    r.log('info', `installing ${plan.displayName} ${plan.version}`);
    for (const cmd of plan.commands) {
      // Every command counts, the waits (rollout status, wait, status --wait) too: a CNI that does
      // not roll out within its timeout fails here with its own output, not later as NotReady nodes.
      // `kubectl create` and `cilium install` are not idempotent: after a resume or a dropped
      // session the objects (or the Helm release) exist; the wait that follows checks them.
      const acceptFailure = /\bcreate -f\b/.test(cmd) ? onlyAlreadyExists : /\/cilium install\b/.test(cmd) ? onlyReleaseExists : undefined;
      await stream(session, r, cmd, { what: `${plan.displayName} install`, retryOnDrop: true, ...(acceptFailure ? { acceptFailure } : {}) });
    }
  };
}

/** Kured's objects, applied from the rendered manifest (idempotent: a re-run applies again). */
function kured(ctx: DeploymentContext, step: PlanStep): StepRunner {
  return async (r) => {
    const plan = kuredPlan(ctx.spec);
    if (!plan) return; // the plan holds no such step when reboots are off
    const session = await ctx.sessions.get(step.node!, r.signal);
    r.log('info', `installing Kured ${plan.version} (reboots one node at a time after a Flatcar update)`);
    for (const cmd of plan.commands) await stream(session, r, cmd, { what: 'Kured install', retryOnDrop: true });
  };
}

/** True when stderr has lines and every one matches `line` (nothing else went wrong). */
function onlyLines(stderr: string, line: RegExp): boolean {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '');
  return lines.length > 0 && lines.every((l) => line.test(l));
}

/** kubectl create's output when every object was there already (created by an earlier attempt). */
const onlyAlreadyExists = (stderr: string) => onlyLines(stderr, /^Error from server \(AlreadyExists\)/);

/** cilium install (Helm) when the release is there already: "cannot re-use a name that is still in use". */
const onlyReleaseExists = (stderr: string) => onlyLines(stderr, /cannot re-use a name that is still in use/);

function joinCommand(ctx: DeploymentContext, step: PlanStep): StepRunner {
  return async (r) => {
    const session = await ctx.sessions.get(step.node!, r.signal);
    // Not streamed: the output is the secret token. Re-running simply creates another token.
    const res = await session.exec('kubeadm token create --print-join-command', { sudo: true, signal: r.signal, retryOnDrop: true });
    const jc = res.code === 0 ? parseJoinCommand(res.stdout) : undefined;
    if (!jc) throw new StepError(`kubeadm token create failed (exit ${res.code}): ${res.stderr.trim().split('\n').at(-1) ?? ''}`);
    ctx.joinCommand = jc;
    r.log('info', `join command ready for ${jc.apiServerEndpoint} (token kept in memory only)`);
  };
}

function join(ctx: DeploymentContext, step: PlanStep): StepRunner {
  return async (r) => {
    const node = nodeNamed(ctx, step.node);
    const jc = ctx.joinCommand;
    if (!jc) throw new StepError('no join command in memory (the join-command step must run first)');
    const session = await ctx.sessions.get(node.name, r.signal);
    const joined = () => ok(session, r, `test -f ${KUBELET_CONF}`);
    if (await joined()) {
      r.log('info', `${node.name} already joined (kubelet.conf present): kubeadm join skipped`);
      return;
    }
    if (await ok(session, r, 'test -f /var/lib/kubelet/config.yaml')) {
      r.log('warn', 'a previous kubeadm join did not complete; resetting the node first');
      await stream(session, r, 'kubeadm reset -f', { sudo: true, what: 'kubeadm reset', retryOnDrop: true });
    }
    const config = renderJoinConfig({ ...jc, nodeName: node.name, nodeIp: node.privateIp, cloudProviderExternal: ctx.spec.azureIntegration.cloudProvider });
    await stream(session, r, 'mkdir -p /etc/kubeadm', { sudo: true, what: 'mkdir /etc/kubeadm', retryOnDrop: true });
    // The config carries the bootstrap token: written through stdin, never on a command line, into
    // a file made 0600 first (tee keeps an existing file's mode; sudo's umask would give 0644).
    await stream(session, r, `install -m 0600 /dev/null ${JOIN_CONFIG_PATH}`, { sudo: true, what: 'creating join.yaml (0600)', retryOnDrop: true });
    await stream(session, r, `tee ${JOIN_CONFIG_PATH} > /dev/null`, { sudo: true, stdin: config, what: 'writing join.yaml', retryOnDrop: true });
    try {
      await stream(session, r, `kubeadm join --config ${JOIN_CONFIG_PATH}`, { sudo: true, what: 'kubeadm join' });
    } catch (err) {
      if (!(err instanceof SessionDroppedError)) throw err;
      if (!(await settleAfterDrop(ctx, r, 'kubeadm join', joined))) {
        throw new StepError(`The SSH session dropped during kubeadm join of ${node.name} and the node did not join. Resume the deployment to retry.`, { cause: err });
      }
      r.log('info', 'kubeadm join had completed on the node');
    }
    await ok(session, r, `rm -f ${JOIN_CONFIG_PATH}`, true);
  };
}

function fetchKubeconfig(ctx: DeploymentContext, step: PlanStep): StepRunner {
  return async (r) => {
    const session = await ctx.sessions.get(step.node!, r.signal);
    const res = await session.exec(`cat ${ADMIN_CONF}`, { sudo: true, signal: r.signal, retryOnDrop: true });
    if (res.code !== 0) throw new StepError(`cannot read ${ADMIN_CONF} (exit ${res.code}): ${res.stderr.trim()}`);
    const path = await saveNodeKubeconfig(ctx, res.stdout, r.signal);
    r.log('info', `kubeconfig saved to ${path} (0600)`, 'local');
  };
}

export function sshRunner(ctx: DeploymentContext, step: PlanStep): StepRunner {
  switch (step.action) {
    case 'ssh':
      return waitSsh(ctx, step);
    case 'kubeadm-init':
      return kubeadmInit(ctx, step);
    case 'cni':
      return cni(ctx, step);
    case 'kured':
      return kured(ctx, step);
    case 'join-command':
      return joinCommand(ctx, step);
    case 'join':
      return join(ctx, step);
    case 'kubeconfig':
      return fetchKubeconfig(ctx, step);
    default:
      throw new Error(`no SSH runner for step ${step.id}`);
  }
}
