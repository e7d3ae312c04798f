// `cilium status [--wait] [--wait-duration D]`: the CLI's status box and tables, from the
// simulated cluster (the cilium pods are Ready where the node's pod network works, see
// cluster-view.ts). --wait polls until there are no errors; when it gives up (after the
// shorter of --wait-duration and the sandbox's failing-wait pace) it prints the last status
// to stderr and fails with the CLI's "Unable to determine status" error.
import type { CommandContext } from '../command-types';
import { cniReadyNow, cniProblem } from '../cluster-view';
import { findObject, type Target } from './kubectl-objects';
import { simulatedPods } from './kubectl-pods';
import { badDuration, membersReady, parseGoDuration, pollUntil } from './kubectl-wait';
import { connect, releasedVersion } from './cilium-cluster';

interface Status {
  /** [component, name, message], as the Errors table lists them. */
  errors: [string, string, string][];
  text: string;
  readyInMs?: number;
}

const LOGO = ['    /¯¯\\', ' /¯¯\\__/¯¯\\', ' \\__/¯¯\\__/', ' /¯¯\\__/¯¯\\', ' \\__/¯¯\\__/', '    \\__/'];

function collect(ctx: CommandContext, t: Target): Status {
  const c = t.cluster;
  const errors: Status['errors'] = [];
  const desired = c.members.length;
  const installed = !!findObject(c, 'daemonset.apps', 'cilium', 'kube-system');
  const operator = !!findObject(c, 'deployment.apps', 'cilium-operator', 'kube-system');
  let ready = 0;
  let readyInMs: number | undefined;
  const pods = simulatedPods(ctx, t).filter((p) => p.labels['k8s-app'] === 'cilium');
  if (!installed) errors.push(['cilium', 'cilium', 'daemonsets.apps "cilium" not found']);
  else {
    const r = membersReady(ctx, t, c.members);
    ready = r.ready;
    readyInMs = r.readyInMs;
    if (ready < desired) errors.push(['cilium', 'cilium', `${desired - ready} pods of DaemonSet cilium are not ready`]);
    for (const p of pods) {
      const node = p.member && ctx.dir.get(p.member.vmId);
      const problem = node && p.member && cniReadyNow(c, ctx.pace.delayMs('cni-ready')) ? cniProblem(c, p.member, node) : undefined;
      if (problem) errors.push(['cilium', p.name, problem.message]);
    }
  }
  if (!operator) errors.push(['cilium-operator', 'cilium-operator', 'deployments.apps "cilium-operator" not found']);
  const ciliumErrors = errors.filter((e) => e[0] === 'cilium').length;
  const box = [
    `Cilium:             ${ciliumErrors ? `${ciliumErrors} errors` : 'OK'}`,
    `Operator:           ${operator ? 'OK' : '1 errors'}`,
    `Envoy DaemonSet:    ${installed ? (ready === desired ? 'OK' : `${desired - ready} warnings`) : 'disabled (using embedded mode)'}`,
    'Hubble Relay:       disabled',
    'ClusterMesh:        disabled',
  ];
  const lines = LOGO.map((l, i) => (i > 0 && box[i - 1] ? `${l.padEnd(15)}${box[i - 1]}` : l));
  lines.push('');
  const row = (a: string, b: string, c2: string) => `${a.padEnd(23)}${b.padEnd(25)}${c2}`.trimEnd();
  if (installed) {
    lines.push(row('DaemonSet', 'cilium', `Desired: ${desired}, Ready: ${ready}/${desired}, Available: ${ready}/${desired}`));
    lines.push(row('DaemonSet', 'cilium-envoy', `Desired: ${desired}, Ready: ${ready}/${desired}, Available: ${ready}/${desired}`));
  }
  if (operator) lines.push(row('Deployment', 'cilium-operator', 'Desired: 1, Ready: 1/1, Available: 1/1'));
  // Pod phases: a crash-looping agent is still in phase Running, one in its init containers Pending.
  const phases = new Map<string, number>();
  for (const p of pods) {
    const phase = p.status === 'Running' || p.status === 'CrashLoopBackOff' ? 'Running' : 'Pending';
    phases.set(phase, (phases.get(phase) ?? 0) + 1);
  }
  lines.push(row('Containers:', 'cilium', [...phases].sort().map(([k, n]) => `${k}: ${n}`).join(', ')));
  lines.push(row('', 'cilium-operator', operator ? 'Running: 1' : ''));
  const version = releasedVersion(c);
  lines.push(row('Cluster Pods:', `${ready > 0 ? 2 : 0}/2 managed by Cilium`, ''));
  if (version) {
    lines.push(row('Helm chart version:', version, ''));
    lines.push(`${'Image versions'.padEnd(23)}${'cilium'.padEnd(19)}quay.io/cilium/cilium:v${version}: ${desired}`);
    lines.push(`${''.padEnd(23)}${'cilium-operator'.padEnd(19)}quay.io/cilium/operator-generic:v${version}: 1`);
  }
  if (errors.length) {
    errors.forEach(([comp, name, msg], i) => lines.push(`${(i === 0 ? 'Errors:' : '').padEnd(23)}${comp.padEnd(19)}${name.padEnd(19)}${msg}`));
  }
  return { errors, text: lines.join('\n') + '\n', ...(readyInMs !== undefined ? { readyInMs } : {}) };
}

export async function ciliumStatus(args: string[], ctx: CommandContext): Promise<number> {
  let wait = false;
  let waitMs = 5 * 60_000; // the CLI's --wait-duration default
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--wait' || a === '--wait=true') wait = true;
    else if (a === '--wait=false') wait = false;
    else if (a === '--wait-duration' || a.startsWith('--wait-duration=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : (args[++i] ?? '');
      const ms = parseGoDuration(v);
      if (ms === undefined) return badDuration(ctx, v);
      waitMs = ms;
    } else {
      ctx.io.stderr(`Error: unknown flag: ${a.split('=')[0]}\n`);
      return 1;
    }
  }
  const t = connect(ctx);
  if (typeof t === 'string') {
    ctx.io.stderr(`\nError: Unable to determine status:  ${t}\n`);
    return 1;
  }
  if (!wait) {
    ctx.io.stdout(collect(ctx, t).text);
    return 0;
  }
  let last = collect(ctx, t);
  const ok = await pollUntil(ctx, waitMs, () => {
    last = collect(ctx, t);
    return { done: last.errors.length === 0, ...(last.readyInMs !== undefined ? { readyInMs: last.readyInMs } : {}) };
  });
  if (ok) {
    ctx.io.stdout(last.text);
    return 0;
  }
  // The CLI reports the most recent status even when waiting failed.
  ctx.io.stderr(`${last.text}\nError: Unable to determine status:  timeout while waiting for status to become successful: context deadline exceeded\n`);
  return 1;
}
