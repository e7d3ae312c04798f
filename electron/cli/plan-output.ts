import type { OperationPreview, NodeChange } from '../../shared/ipc/channels/cluster';
import { writeLine } from './cli-deps';

/**
 * An operation's plan in a terminal, before it runs: the nodes it adds, removes and keeps, then
 * its steps (with `--dry-run`, each step's kind, dependencies and `az`/kubectl equivalent too).
 */
function nodeLine(sign: '+' | '-', c: NodeChange): string {
  return `  ${sign} ${c.node} (${c.pool ? `pool ${c.pool}` : 'control plane'}, ${c.size}${c.privateIp !== 'unknown' ? `, ${c.privateIp}` : ''})`;
}

export function printPlan(out: NodeJS.WritableStream, p: OperationPreview, opts: { detailed: boolean }): void {
  const where = p.environment === 'sandbox' ? 'the sandbox' : 'Azure';
  const head = p.resumes ? `plan: ${p.kind} of ${p.cluster} in ${where}, continuing ${p.resumes}` : `plan: ${p.kind} of ${p.cluster} in ${where}`;
  writeLine(out, `${head}: ${p.add.length} node(s) to add, ${p.remove.length} to remove, ${p.keep.length} unchanged; ${p.steps.length} step(s)`);
  for (const c of p.add) writeLine(out, nodeLine('+', c));
  for (const c of p.remove) writeLine(out, nodeLine('-', c));
  if (p.keep.length) writeLine(out, `  = ${[...p.keep].sort().join(', ')} (unchanged)`);
  // An upgrade changes nodes in place, one after the other: their order is the plan.
  const changed = p.kind === 'upgrade' ? [...new Set(p.steps.flatMap((s) => (s.node ? [s.node] : [])))] : [];
  if (changed.length) writeLine(out, `  ~ ${changed.join(', then ')} (one at a time: cordon, drain, new sysext, kubeadm, kubelet restart, uncordon)`);
  if (!opts.detailed) return;
  for (const s of p.steps) {
    writeLine(out, `  [${s.kind}] ${s.id}: ${s.title}${s.dependsOn.length ? ` (after ${s.dependsOn.join(', ')})` : ''}`);
    for (const line of s.az.split('\n')) writeLine(out, `      ${line}`);
  }
}
