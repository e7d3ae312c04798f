import type { ClusterSpec } from '../../shared/domain/cluster-spec';
import { clusterKubeconfigPath, mergeClusterKubeconfig } from '../services/cluster/engine/cluster-kubeconfig';
import type { ServiceResult } from '../services/cluster/service/cluster-service';
import { ClusterStore } from '../services/cluster/store/cluster-store';
import { parseFlags, UsageError } from './args';
import { cliDeps, writeLine, type CliDeps } from './cli-deps';
import { parseAuthFlag } from './azure-session';
import { cliClusterService } from './cli-cluster-service';
import { loadSpecArg } from './spec-arg';
import { terminalEmitter } from './terminal-output';

/**
 * `create`, `list`, `kubeconfig`, `destroy`: the ClusterService headless (`apply` and `status`:
 * life-commands.ts). State lives in the data dir (FLATKUBE_DATA_DIR or the OS default), shared
 * with the app. `create --sandbox` and clusters created there use the embedded sandbox;
 * everything else real Azure, signed in as the app signs in (deploy-targets.ts). `deps` is the
 * environment: the terminal and the public cloud by default.
 */

export function latencyFlag(v: string | boolean | undefined): 'instant' | 'realistic' {
  if (v === undefined) return 'instant';
  if (v === 'instant' || v === 'realistic') return v;
  throw new UsageError('--latency must be instant or realistic');
}

/** Ctrl-C / SIGTERM abort the running command (it resumes later from its journal). */
export function abortOnSignals(stderr: NodeJS.WritableStream, command: string): { signal: AbortSignal; dispose(): void } {
  const ac = new AbortController();
  const onSignal = () => {
    stderr.write(`\nflatkube: cancelling (resume later with the same ${command} command)\n`);
    ac.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    signal: ac.signal,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/**
 * A cluster lives where it was created: said before signing in or starting anything (the
 * service checks it again once connected).
 */
export async function refuseOtherEnvironment(dataDir: string, spec: ClusterSpec, wanted: 'sandbox' | 'azure'): Promise<void> {
  const existing = await new ClusterStore(dataDir).get(spec.name);
  if (existing && existing.state !== 'deleted' && existing.environment !== wanted) {
    throw new Error(
      `cluster ${spec.name} exists in the ${existing.environment === 'sandbox' ? 'sandbox' : 'real Azure'}: ${existing.environment === 'sandbox' ? 'add --sandbox' : 'leave out --sandbox'} to resume it, or destroy it first`,
    );
  }
}

/** The end of a create or apply: ready and where the kubeconfig is, or why not (exit 1). */
export function reportConverged(out: NodeJS.WritableStream, name: string, r: ServiceResult): number {
  if (r.status !== 'succeeded') {
    const hint = r.error?.hint ? ` (hint: ${r.error.hint})` : '';
    throw new Error(`${r.status}${r.failedStep ? ` at ${r.failedStep}` : ''}: ${r.error?.message ?? 'unknown error'}${hint}`);
  }
  writeLine(out, `cluster ${name} is ready`);
  if (r.kubeconfigPath) writeLine(out, `kubeconfig: ${r.kubeconfigPath}`);
  return 0;
}

export async function runCreate(argv: string[], deps: CliDeps = cliDeps()): Promise<number> {
  const flags = parseFlags(argv, { spec: 'string', sandbox: 'boolean', latency: 'string', auth: 'string' });
  const spec = await loadSpecArg(flags.spec);
  const latency = latencyFlag(flags.latency);
  const sandbox = flags.sandbox === true;
  const auth = parseAuthFlag(flags.auth);
  if (!sandbox && flags.latency !== undefined) throw new UsageError('--latency works with --sandbox only');
  if (sandbox && auth) throw new UsageError('--auth is for real Azure; the sandbox signs in by itself');
  await refuseOtherEnvironment(deps.dataDir, spec, sandbox ? 'sandbox' : 'azure');
  const cancel = abortOnSignals(deps.stderr, 'create');
  const out = terminalEmitter(deps.stdout, deps.stderr);
  // Real Azure may wait for a device code sign-in once the service connects; Ctrl-C ends that too.
  const cli = cliClusterService(deps, out, { environment: sandbox ? 'sandbox' : 'azure', latency, ...(auth ? { auth } : {}), signal: cancel.signal });
  try {
    const r = await cli.service.run({ kind: 'create', spec }, { signal: cancel.signal });
    out.done();
    return reportConverged(deps.stdout, spec.name, r);
  } finally {
    cancel.dispose();
    await cli.close();
  }
}

export async function runList(argv: string[], deps: CliDeps = cliDeps()): Promise<number> {
  parseFlags(argv, {});
  const list = await new ClusterStore(deps.dataDir).list();
  if (list.length === 0) {
    writeLine(deps.stdout, 'no clusters');
    return 0;
  }
  const rows = [['NAME', 'STATE', 'WHERE', 'LOCATION', 'NODES', 'STEPS', 'KUBECONFIG']];
  for (const c of list) {
    rows.push([c.name, c.state, c.environment, c.location, String(c.nodes), `${c.stepsDone}/${c.stepsTotal}`, c.kubeconfigPath ?? '-']);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) writeLine(deps.stdout, r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
  return 0;
}

export function nameArg(argv: string[], flagSpec: Record<string, 'string' | 'boolean'>): { name: string; flags: Record<string, string | boolean> } {
  const [name, ...rest] = argv;
  if (!name || name.startsWith('--')) throw new UsageError('a cluster NAME is required');
  return { name, flags: parseFlags(rest, flagSpec) };
}

/** Needs no Azure: the kubeconfig is a local file, whichever environment the cluster is in. */
export async function runKubeconfig(argv: string[], deps: CliDeps = cliDeps()): Promise<number> {
  const { name, flags } = nameArg(argv, { merge: 'boolean', 'set-current-context': 'boolean' });
  const store = new ClusterStore(deps.dataDir);
  if (flags.merge === true) {
    const r = await mergeClusterKubeconfig(store, name, { setCurrentContext: flags['set-current-context'] === true });
    writeLine(deps.stdout, `merged context ${r.context} into ${r.path}${r.backupPath ? ` (backup: ${r.backupPath})` : ''}`);
    return 0;
  }
  const { path } = await clusterKubeconfigPath(store, name);
  writeLine(deps.stdout, path);
  return 0;
}

export async function runDestroy(argv: string[], deps: CliDeps = cliDeps()): Promise<number> {
  const { name, flags } = nameArg(argv, { auth: 'string' });
  const auth = parseAuthFlag(flags.auth);
  const rec = await new ClusterStore(deps.dataDir).require(name);
  const out = terminalEmitter(deps.stdout, deps.stderr);
  // The record says where the cluster lives; real Azure signs in for its subscription first.
  const cli = cliClusterService(deps, out, { environment: rec.environment, ...(auth ? { auth } : {}) });
  try {
    const r = await cli.service.run({ kind: 'destroy', name });
    out.done();
    if (r.error) throw new Error(r.error.message);
    writeLine(deps.stdout, `cluster ${name} deleted; nothing tagged for it is left`);
    // An existing group (and what else is in it) stays: Flatkube did not create it.
    for (const id of r.kept ?? []) writeLine(deps.stdout, `kept (not created by Flatkube): ${id}`);
    return 0;
  } finally {
    await cli.close();
  }
}
