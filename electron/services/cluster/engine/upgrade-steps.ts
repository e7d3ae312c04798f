import { abortableDelay as sleep } from '../../abort';
import { uncordonNode } from '../../kube/drain';
import { listNodeStatus } from '../../kube/node-status';
import type { PlanStep } from '../plan/types';
import { sysextArch } from '../render/sysext';
import { KUBELET_RESTART, kubeadmUpgradeCommands, sysextImagePath, sysextSwapCommands } from '../render/sysext-upgrade';
import { liveKubeconfig } from './cluster-api';
import { nodeNamed, type DeploymentContext } from './context';
import { ok, stream } from './ssh-steps';
import { StepError, type StepRunner } from './types';

/**
 * The runners of an upgrade's node steps (plan/upgrade-steps.ts; the commands:
 * render/sysext-upgrade.ts). Each looks before it acts, so a resumed upgrade (after a crash, a
 * cancel or a fix) goes on from where the node is: an image already in place and verified is not
 * fetched again, kubeadm upgrade runs again harmlessly (the same version passes kubeadm's checks),
 * the kubelet step only waits when the node already reports the version. A failure leaves the node
 * cordoned (its uncordon has not run) and says so.
 */

function target(ctx: DeploymentContext): string {
  return ctx.spec.kubernetesVersion;
}

/** The hint of any failed upgrade step: where the node is left, and how to go on. */
export function upgradeFailureHint(ctx: DeploymentContext, node: string): string {
  return (
    `${node} is left cordoned and the nodes after it are untouched. Fix what the log of ${node} shows, then run ` +
    `\`flatkube upgrade ${ctx.spec.name} --kubernetes ${target(ctx)}\` again (or Resume): it continues with ${node}. ` +
    `To put ${node} back in service meanwhile: kubectl uncordon ${node}.`
  );
}

/** The hint of a failed add-on step (it names no node): the control planes are done, the workers untouched. */
function addonFailureHint(ctx: DeploymentContext): string {
  return (
    `The control planes run ${target(ctx)}; no worker has been touched and every node is schedulable. Look at the pods in kube-system ` +
    `(kubectl -n kube-system get pods), then run \`flatkube upgrade ${ctx.spec.name} --kubernetes ${target(ctx)}\` again (or Resume): it continues with the add-ons.`
  );
}

/** A runner of an upgrade's step (cordon and drain too), with every failure saying where the node is left. */
export function withUpgradeHint(ctx: DeploymentContext, step: PlanStep, run: StepRunner): StepRunner {
  return async (r) => {
    try {
      await run(r);
    } catch (err) {
      if (r.signal.aborted) throw err;
      const e = err as { message?: string; hint?: string };
      const hint = step.node ? upgradeFailureHint(ctx, step.node) : addonFailureHint(ctx);
      throw new StepError(String(e.message ?? err), { hint: e.hint ? `${e.hint} ${hint}` : hint, cause: err });
    }
  };
}

function swapSysext(ctx: DeploymentContext, step: PlanStep): StepRunner {
  return async (r) => {
    const node = nodeNamed(ctx, step.node).name;
    const version = target(ctx);
    const arch = sysextArch(ctx.spec.architecture);
    const path = sysextImagePath(version, arch);
    const c = sysextSwapCommands(ctx.sysextPin, version, arch);
    const session = await ctx.sessions.get(node, r.signal);
    const kubeadmVersion = async () => (await session.exec('kubeadm version -o short', { signal: r.signal, retryOnDrop: true })).stdout.trim();
    const linked = (await session.exec(c.readLink, { signal: r.signal, retryOnDrop: true })).stdout.trim() === path;
    if (linked && (await kubeadmVersion()) === `v${version}`) {
      r.log('info', `${node} already runs the ${version} sysext (${path}): nothing to swap`);
      return;
    }
    if (!linked) {
      // A file left by an earlier attempt counts only once it matches the release's checksum.
      const verified = () => ok(session, r, c.verify);
      if (!(await ok(session, r, `test -f ${path}`)) || !(await verified())) {
        await stream(session, r, c.download, { sudo: true, what: `downloading the Kubernetes ${version} sysext`, retryOnDrop: true });
        const check = await session.exec(c.verify, { signal: r.signal, retryOnDrop: true, onStdout: (l) => r.log('info', l), onStderr: (l) => r.log('warn', l) });
        if (check.code !== 0) {
          await ok(session, r, c.discard, true);
          throw new StepError(`the Kubernetes ${version} sysext downloaded on ${node} does not match the sha256 of the bakery's SHA256SUMS (${ctx.sysextPin.hash}); it was deleted again`, {
            hint: 'The download was damaged or replaced on the way; running the upgrade again downloads it afresh.',
          });
        }
        r.log('info', `${path}: sha256 matches the bakery's SHA256SUMS`);
      }
      await stream(session, r, c.link, { sudo: true, what: 'pointing the sysext link at the new image', retryOnDrop: true });
    }
    await stream(session, r, c.merge, { sudo: true, what: 'merging the Kubernetes sysext', retryOnDrop: true });
    const now = await kubeadmVersion();
    if (now !== `v${version}`) throw new StepError(`after merging the ${version} sysext, kubeadm on ${node} says ${now || 'nothing'}`, { hint: `Check \`systemd-sysext status\` and the journal of systemd-sysext on ${node}.` });
    r.log('info', `sysext merged: kubeadm ${now}`);
  };
}

function kubeadmUpgrade(ctx: DeploymentContext, step: PlanStep): StepRunner {
  return async (r) => {
    const node = nodeNamed(ctx, step.node).name;
    const session = await ctx.sessions.get(node, r.signal);
    // kubeadm's own checks refuse a skipped minor or a version newer than itself; its message
    // says which (the catalogue has no better hint than its text).
    for (const cmd of kubeadmUpgradeCommands(target(ctx), step.subject === 'apply')) {
      await stream(session, r, cmd, { sudo: true, what: cmd.split(' ').slice(0, 3).join(' ') });
    }
  };
}

function restartKubelet(ctx: DeploymentContext, step: PlanStep): StepRunner {
  return async (r) => {
    const node = nodeNamed(ctx, step.node).name;
    const want = `v${target(ctx)}`;
    const kc = await liveKubeconfig(ctx, r.signal);
    const seen = async () => (await listNodeStatus(kc, r.signal)).find((n) => n.name === node);
    const now = await seen();
    if (!(now?.ready && now.kubeletVersion === want)) {
      const session = await ctx.sessions.get(node, r.signal);
      for (const cmd of KUBELET_RESTART) await stream(session, r, cmd, { sudo: true, what: cmd, retryOnDrop: true });
      const deadline = Date.now() + ctx.timings.nodesReadyMs;
      for (;;) {
        const s = await seen();
        if (s?.ready && s.kubeletVersion === want) break;
        if (Date.now() >= deadline) {
          throw new StepError(`${node} did not come back Ready at ${want} (the API says ${s ? `${s.ready ? 'Ready' : 'not Ready'}, kubelet ${s.kubeletVersion ?? 'unknown'}` : 'no such node'})`, {
            hint: `Look at the kubelet's journal on ${node} (its live logs).`,
          });
        }
        await sleep(ctx.timings.nodesReadyIntervalMs, r.signal);
      }
    }
    r.log('info', `node/${node} Ready, kubelet ${want}`);
  };
}

function uncordon(ctx: DeploymentContext, step: PlanStep): StepRunner {
  return async (r) => {
    const node = nodeNamed(ctx, step.node).name;
    const kc = await liveKubeconfig(ctx, r.signal);
    if (!(await uncordonNode(kc, node, r.signal))) throw new StepError(`${node} is not a node of the cluster any more`);
    r.log('info', `node/${node} uncordoned`);
    // Done with this node: recorded before the next one starts, so a resume leaves it out.
    await ctx.onNodeUpgraded?.(node, target(ctx));
  };
}

const RUNNERS = { 'upgrade-sysext': swapSysext, 'kubeadm-upgrade': kubeadmUpgrade, 'kubelet-restart': restartKubelet, uncordon } as const;

export function upgradeRunner(ctx: DeploymentContext, step: PlanStep): StepRunner {
  const make = RUNNERS[step.action as keyof typeof RUNNERS];
  if (!make) throw new Error(`no upgrade runner for step ${step.id}`);
  return make(ctx, step);
}
