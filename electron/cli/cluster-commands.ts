import { clusterKubeconfig, mergeClusterKubeconfig } from '../services/cluster/engine/cluster-kubeconfig';
import { deployCluster } from '../services/cluster/engine/deployment';
import { destroyCluster } from '../services/cluster/engine/teardown';
import { ClusterStore } from '../services/cluster/store/cluster-store';
import { FileKeySecretStore } from '../services/secrets/file-key-secret-store';
import { parseFlags, UsageError } from './args';
import { resolveDataDir } from '../services/app/data-dir';
import { openSandboxSession } from './sandbox-session';
import { loadSpecArg } from './spec-arg';
import { terminalEmitter } from './terminal-output';

/**
 * `create`, `list`, `kubeconfig`, `destroy`: the engine headless. State lives in the data dir
 * (FLATKUBE_DATA_DIR or the OS default), shared with the app.
 */

const NO_AZURE_SIGN_IN =
  'creating on real Azure needs a sign-in, which this CLI does not offer yet; use the app, or add --sandbox';

function latencyFlag(v: string | boolean | undefined): 'instant' | 'realistic' {
  if (v === undefined) return 'instant';
  if (v === 'instant' || v === 'realistic') return v;
  throw new UsageError('--latency must be instant or realistic');
}

export async function runCreate(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, { spec: 'string', sandbox: 'boolean', latency: 'string' });
  const spec = await loadSpecArg(flags.spec);
  const latency = latencyFlag(flags.latency);
  if (flags.sandbox !== true) throw new Error(NO_AZURE_SIGN_IN);
  const dataDir = resolveDataDir();
  const session = await openSandboxSession(dataDir, { latency });
  const ac = new AbortController();
  const onSignal = () => {
    process.stderr.write('\nflatkube: cancelling (resume later with the same create command)\n');
    ac.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const out = terminalEmitter();
  try {
    console.log(`sandbox (simulated Azure) at ${session.sandbox.info.armEndpoint}; data in ${dataDir}`);
    const r = await deployCluster({
      spec,
      env: session.env,
      arm: session.arm,
      secrets: new FileKeySecretStore({ dataDir }),
      store: new ClusterStore(dataDir),
      emit: out,
      signal: ac.signal,
    });
    out.done();
    if (r.status !== 'succeeded') {
      const hint = r.error?.hint ? ` (hint: ${r.error.hint})` : '';
      throw new Error(`${r.status}${r.failedStep ? ` at ${r.failedStep}` : ''}: ${r.error?.message ?? 'unknown error'}${hint}`);
    }
    console.log(`cluster ${spec.name} is ready`);
    console.log(`kubeconfig: ${r.kubeconfigPath}`);
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await session.close();
  }
}

export async function runList(argv: string[]): Promise<number> {
  parseFlags(argv, {});
  const list = await new ClusterStore(resolveDataDir()).list();
  if (list.length === 0) {
    console.log('no clusters');
    return 0;
  }
  const rows = [['NAME', 'STATE', 'WHERE', 'LOCATION', 'NODES', 'STEPS', 'KUBECONFIG']];
  for (const c of list) {
    rows.push([c.name, c.state, c.environment, c.location, String(c.nodes), `${c.stepsDone}/${c.stepsTotal}`, c.kubeconfigPath ?? '-']);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
  return 0;
}

function nameArg(argv: string[], flagSpec: Record<string, 'string' | 'boolean'>): { name: string; flags: Record<string, string | boolean> } {
  const [name, ...rest] = argv;
  if (!name || name.startsWith('--')) throw new UsageError('a cluster NAME is required');
  return { name, flags: parseFlags(rest, flagSpec) };
}

export async function runKubeconfig(argv: string[]): Promise<number> {
  const { name, flags } = nameArg(argv, { merge: 'boolean', 'set-current-context': 'boolean' });
  const store = new ClusterStore(resolveDataDir());
  if (flags.merge === true) {
    const r = await mergeClusterKubeconfig(store, name, { setCurrentContext: flags['set-current-context'] === true });
    console.log(`merged context ${r.context} into ${r.path}${r.backupPath ? ` (backup: ${r.backupPath})` : ''}`);
    return 0;
  }
  const { path } = await clusterKubeconfig(store, name);
  console.log(path);
  return 0;
}

export async function runDestroy(argv: string[]): Promise<number> {
  const { name } = nameArg(argv, {});
  const dataDir = resolveDataDir();
  const store = new ClusterStore(dataDir);
  const rec = await store.require(name);
  if (rec.environment !== 'sandbox') throw new Error(NO_AZURE_SIGN_IN.replace('creating', 'tearing down'));
  const session = await openSandboxSession(dataDir);
  const out = terminalEmitter();
  try {
    const r = await destroyCluster({ name, store, arm: session.arm, emit: out });
    out.done();
    if (r.error) throw new Error(r.error.message);
    console.log(`cluster ${name} deleted; nothing tagged for it is left`);
    return 0;
  } finally {
    await session.close();
  }
}
