import { ClusterStore } from '../services/cluster/store/cluster-store';
import { AppError } from '../services/errors';
import { UsageError } from './args';
import { parseAuthFlag } from './azure-session';
import { cliClusterService } from './cli-cluster-service';
import { cliDeps, writeLine, type CliDeps } from './cli-deps';
import { abortOnSignals, nameArg } from './cluster-commands';
import { printPlan } from './plan-output';
import { terminalEmitter } from './terminal-output';

/**
 * `flatkube upgrade NAME --kubernetes X.Y.Z [--dry-run]` (docs/operations.md#upgrades): prints the
 * plan (each node's steps in order) and runs it; `--dry-run` prints every step with its
 * ssh/kubectl equivalent and changes nothing. An unfinished upgrade to the same version
 * continues; a failed node stops it, left cordoned, with the hint saying so (exit 1).
 */
export async function runUpgradeCommand(argv: string[], deps: CliDeps = cliDeps()): Promise<number> {
  const { name, flags } = nameArg(argv, { kubernetes: 'string', 'dry-run': 'boolean', auth: 'string' });
  const version = flags.kubernetes;
  if (typeof version !== 'string' || !/^\d+\.\d+\.\d+$/.test(version)) throw new UsageError('--kubernetes X.Y.Z is required (a release the sysext bakery publishes; `flatkube status NAME --json` lists them as "upgrades")');
  const rec = await new ClusterStore(deps.dataDir).require(name);
  const auth = parseAuthFlag(flags.auth);
  if (rec.environment === 'sandbox' && auth) throw new UsageError('--auth is for real Azure; the sandbox signs in by itself');
  const cancel = abortOnSignals(deps.stderr, 'upgrade');
  const out = terminalEmitter(deps.stdout, deps.stderr);
  const cli = cliClusterService(deps, out, { environment: rec.environment, ...(auth ? { auth } : {}), signal: cancel.signal });
  const req = { kind: 'upgrade' as const, name, kubernetesVersion: version };
  try {
    if (flags['dry-run'] === true) {
      printPlan(deps.stdout, await cli.service.preview(req, cancel.signal), { detailed: true });
      return 0;
    }
    const r = await cli.service.run(req, { signal: cancel.signal, onPlan: (p) => printPlan(deps.stdout, p, { detailed: false }) });
    out.done();
    if (r.status !== 'succeeded') {
      const hint = r.error?.hint ? ` (hint: ${r.error.hint})` : '';
      throw new Error(`${r.status}${r.failedStep ? ` at ${r.failedStep}` : ''}: ${r.error?.message ?? 'unknown error'}${hint}`);
    }
    writeLine(deps.stdout, `cluster ${name} runs Kubernetes ${version}`);
    return 0;
  } catch (err) {
    // A refusal's hint names the versions that would do: on the one line the CLI prints.
    if (err instanceof AppError && err.hint) throw new Error(`${err.message} (hint: ${err.hint})`);
    throw err;
  } finally {
    cancel.dispose();
    await cli.close();
  }
}
