import { clusterKubeconfigPath, mergeClusterKubeconfig } from '../services/cluster/engine/cluster-kubeconfig';
import { deployCluster } from '../services/cluster/engine/deployment';
import { destroyCluster } from '../services/cluster/engine/teardown';
import { ClusterStore } from '../services/cluster/store/cluster-store';
import { FileKeySecretStore } from '../services/secrets/file-key-secret-store';
import { parseFlags, UsageError } from './args';
import { cliDeps, writeLine, type CliDeps } from './cli-deps';
import { parseAuthFlag } from './azure-session';
import { azureTarget, sandboxTarget, type DeployTarget } from './deploy-targets';
import { loadSpecArg } from './spec-arg';
import { terminalEmitter } from './terminal-output';

/**
 * `create`, `list`, `kubeconfig`, `destroy`: the engine headless. State lives in the data dir
 * (FLATKUBE_DATA_DIR or the OS default), shared with the app. `create --sandbox` and clusters
 * created there use the embedded sandbox; everything else real Azure, signed in as the app signs
 * in (deploy-targets.ts). `deps` is the environment: the terminal and the public cloud by default.
 */

function latencyFlag(v: string | boolean | undefined): 'instant' | 'realistic' {
  if (v === undefined) return 'instant';
  if (v === 'instant' || v === 'realistic') return v;
  throw new UsageError('--latency must be instant or realistic');
}

/** Ctrl-C / SIGTERM abort the running command (create resumes later from its journal). */
function abortOnSignals(stderr: NodeJS.WritableStream): { signal: AbortSignal; dispose(): void } {
  const ac = new AbortController();
  const onSignal = () => {
    stderr.write('\nflatkube: cancelling (resume later with the same create command)\n');
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

export async function runCreate(argv: string[], deps: CliDeps = cliDeps()): Promise<number> {
  const flags = parseFlags(argv, { spec: 'string', sandbox: 'boolean', latency: 'string', auth: 'string' });
  const spec = await loadSpecArg(flags.spec);
  const latency = latencyFlag(flags.latency);
  const sandbox = flags.sandbox === true;
  const auth = parseAuthFlag(flags.auth);
  if (!sandbox && flags.latency !== undefined) throw new UsageError('--latency works with --sandbox only');
  if (sandbox && auth) throw new UsageError('--auth is for real Azure; the sandbox signs in by itself');
  const { dataDir } = deps;
  // A cluster lives where it was created: say so before signing in or starting anything.
  const existing = await new ClusterStore(dataDir).get(spec.name);
  const wanted = sandbox ? 'sandbox' : 'azure';
  if (existing && existing.state !== 'deleted' && existing.environment !== wanted) {
    throw new Error(
      `cluster ${spec.name} exists in the ${existing.environment === 'sandbox' ? 'sandbox' : 'real Azure'}: ${existing.environment === 'sandbox' ? 'add --sandbox' : 'leave out --sandbox'} to resume it, or destroy it first`,
    );
  }
  const cancel = abortOnSignals(deps.stderr);
  let target: DeployTarget | undefined;
  try {
    // Real Azure may wait here for a device code sign-in; Ctrl-C ends that wait too.
    target = sandbox ? await sandboxTarget(dataDir, latency) : await azureTarget(deps, spec.subscriptionId, cancel.signal, auth);
    const out = terminalEmitter(deps.stdout, deps.stderr);
    writeLine(deps.stdout, `${target.where}; data in ${dataDir}`);
    const r = await deployCluster({
      spec,
      env: target.env,
      arm: target.arm,
      secrets: new FileKeySecretStore({ dataDir }),
      store: new ClusterStore(dataDir),
      emit: out,
      signal: cancel.signal,
    });
    out.done();
    if (r.status !== 'succeeded') {
      const hint = r.error?.hint ? ` (hint: ${r.error.hint})` : '';
      throw new Error(`${r.status}${r.failedStep ? ` at ${r.failedStep}` : ''}: ${r.error?.message ?? 'unknown error'}${hint}`);
    }
    writeLine(deps.stdout, `cluster ${spec.name} is ready`);
    writeLine(deps.stdout, `kubeconfig: ${r.kubeconfigPath}`);
    return 0;
  } finally {
    cancel.dispose();
    await target?.close();
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

function nameArg(argv: string[], flagSpec: Record<string, 'string' | 'boolean'>): { name: string; flags: Record<string, string | boolean> } {
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
  const store = new ClusterStore(deps.dataDir);
  const rec = await store.require(name);
  // The record says where the cluster lives; real Azure signs in for its subscription first.
  const target = rec.environment === 'sandbox' ? await sandboxTarget(deps.dataDir) : await azureTarget(deps, rec.spec.subscriptionId, undefined, auth);
  const out = terminalEmitter(deps.stdout, deps.stderr);
  try {
    const r = await destroyCluster({ name, store, arm: target.arm, emit: out });
    out.done();
    if (r.error) throw new Error(r.error.message);
    writeLine(deps.stdout, `cluster ${name} deleted; nothing tagged for it is left`);
    // An existing group (and what else is in it) stays: Flatkube did not create it.
    for (const id of r.kept) writeLine(deps.stdout, `kept (not created by Flatkube): ${id}`);
    return 0;
  } finally {
    await target.close();
  }
}
