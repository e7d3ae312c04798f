import { noopEmitter } from '../services/cluster/engine/types';
import { ClusterStore } from '../services/cluster/store/cluster-store';
import { parseFlags, UsageError } from './args';
import { parseAuthFlag } from './azure-session';
import { cliClusterService } from './cli-cluster-service';
import { cliDeps, writeLine, type CliDeps } from './cli-deps';
import { abortOnSignals, latencyFlag, nameArg, refuseOtherEnvironment, reportConverged } from './cluster-commands';
import { printPlan } from './plan-output';
import { loadSpecArg } from './spec-arg';
import { terminalEmitter } from './terminal-output';

/**
 * `apply` and `status`: a cluster's life after its create (docs/operations.md). `apply` brings a
 * cluster to the spec's node pools (creating it when it does not exist), printing the plan first;
 * `--dry-run` prints the plan with every step and its az/kubectl equivalent and changes nothing.
 * A cluster an operation holds (in this or another process) is refused at once: exit 1 naming it.
 */

export async function runApply(argv: string[], deps: CliDeps = cliDeps()): Promise<number> {
  const flags = parseFlags(argv, { spec: 'string', sandbox: 'boolean', 'dry-run': 'boolean', latency: 'string', auth: 'string' });
  const spec = await loadSpecArg(flags.spec);
  const sandbox = flags.sandbox === true;
  const latency = latencyFlag(flags.latency);
  const auth = parseAuthFlag(flags.auth);
  if (!sandbox && flags.latency !== undefined) throw new UsageError('--latency works with --sandbox only');
  if (sandbox && auth) throw new UsageError('--auth is for real Azure; the sandbox signs in by itself');
  await refuseOtherEnvironment(deps.dataDir, spec, sandbox ? 'sandbox' : 'azure');
  const cancel = abortOnSignals(deps.stderr, 'apply');
  const out = terminalEmitter(deps.stdout, deps.stderr);
  const cli = cliClusterService(deps, out, { environment: sandbox ? 'sandbox' : 'azure', latency, ...(auth ? { auth } : {}), signal: cancel.signal });
  try {
    if (flags['dry-run'] === true) {
      const preview = await cli.service.preview({ kind: 'apply', spec }, cancel.signal);
      printPlan(deps.stdout, preview, { detailed: true });
      if (preview.steps.length === 0) writeLine(deps.stdout, `cluster ${spec.name} already has this spec: nothing to do`);
      return 0;
    }
    const r = await cli.service.run({ kind: 'apply', spec }, { signal: cancel.signal, onPlan: (p) => printPlan(deps.stdout, p, { detailed: false }) });
    out.done();
    return reportConverged(deps.stdout, spec.name, r);
  } finally {
    cancel.dispose();
    await cli.close();
  }
}

export async function runStatus(argv: string[], deps: CliDeps = cliDeps()): Promise<number> {
  const { name, flags } = nameArg(argv, { json: 'boolean' });
  const rec = await new ClusterStore(deps.dataDir).require(name);
  // A sandbox cluster's API is served by the sandbox, which starts for this; a real one's address
  // does not move, so no sign-in is needed to ask it.
  const cli = cliClusterService(deps, noopEmitter(), { environment: rec.environment, azureOptional: true, announce: deps.stderr });
  try {
    const s = await cli.service.status(name);
    if (flags.json === true) {
      writeLine(deps.stdout, JSON.stringify(s));
      return 0;
    }
    writeLine(deps.stdout, `${s.name}: ${s.state}${s.controlPlaneEndpoint ? `, API ${s.controlPlaneEndpoint}` : ''}`);
    const rows = [['NODE', 'ROLE', 'POOL', 'SIZE', 'READY', 'KUBERNETES', 'FLATCAR']];
    for (const n of s.nodes) rows.push([n.name, n.role, n.pool ?? '-', n.vmSize, n.ready ? 'yes' : 'no', n.kubernetesVersion ?? '-', n.flatcarVersion ?? '-']);
    table(deps.stdout, rows);
    const pending = s.updates.pendingReboots;
    writeLine(deps.stdout, `Flatcar updates: ${s.updates.strategy === 'kured' ? `Kured reboots one node at a time${pending ? ` (waiting for a reboot: ${pending.length ? pending.join(', ') : 'none'})` : ''}` : 'automatic reboots off (nodes reboot into an update when you reboot them)'}`);
    writeLine(deps.stdout, '');
    const ops = [['OPERATION', 'STATE', 'STARTED', 'FINISHED']];
    for (const o of s.operations) ops.push([o.kind, o.state, o.startedAt, o.finishedAt ?? '-']);
    table(deps.stdout, ops);
    writeLine(deps.stdout, '');
    writeLine(deps.stdout, s.upgrades.length ? `upgrades: ${s.upgrades.join(', ')} (flatkube upgrade ${s.name} --kubernetes ${s.upgrades[0]})` : 'upgrades: none on offer');
    return 0;
  } finally {
    await cli.close();
  }
}

function table(out: NodeJS.WritableStream, rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) writeLine(out, r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
}
