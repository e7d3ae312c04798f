import { chmod, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { otherFormFiles, renderExportFiles } from '../services/cluster/engine/export-files';
import { validatePlan } from '../services/cluster/plan/graph';
import { buildPlan } from '../services/cluster/plan/build-plan';
import { renderIgnitionJson } from '../services/cluster/render/ignition';
import { toCustomData } from '../services/cluster/render/custom-data';
import { clusterNodes } from '../../shared/domain/cluster-layout';
import { writeSecretFile } from '../services/secrets/write-secret-file';
import type { ClusterSpec } from '../../shared/domain/cluster-spec';
import { resolveDataDir } from '../services/app/data-dir';
import { httpsHeadProbe, type UrlProbe } from '../services/preflight/kubernetes-release-check';
import { runPreflight as runPreflightService } from '../services/preflight/preflight';
import type { LatencyProfileName } from '@flatkube/sandbox';
import { parseFlags, UsageError } from './args';
import { azurePreflight } from './azure-preflight';
import { parseAuthFlag } from './azure-session';
import { cliDeps, writeLine, type CliDeps } from './cli-deps';
import { SpecError } from './command-errors';
import { openSandboxSession } from './sandbox-session';
import { loadSpecArg } from './spec-arg';
import { FLATCAR_SYSEXT_BAKERY } from '../services/azure/environment';
import { sysextSource, type FetchText } from '../services/cluster/sysext/bakery';
import { formatIpv4, parseIpv4 } from '../../shared/domain/cidr';
import { sysextArch, sysextFileName, type SysextPin } from '../services/cluster/render/sysext';

/** Test seams of `render`: the bakery's files come from `fetchText` instead of the network. */
export interface RenderOptions {
  fetchText?: FetchText;
}

/**
 * `flatkube render --spec F --out DIR [--sandbox | --bakery URL] [--control-plane-ip IP]`: Ignition
 * per node, kubeadm config, az script, plan. The sysext pin comes from Flatcar's bakery on GitHub
 * (needs the internet), from a mirror given with --bakery, or with --sandbox from the embedded
 * sandbox's bakery (configs for sandbox nodes only: its images are stand-ins). Without
 * --control-plane-ip the control plane's Ignition config and the kubeadm config are templates
 * (".template." in their names, plan.md says how the az script fills them in); with it, every
 * file is final.
 */
export async function runRender(argv: string[], opts: RenderOptions = {}): Promise<number> {
  const flags = parseFlags(argv, { spec: 'string', out: 'string', sandbox: 'boolean', bakery: 'string', 'control-plane-ip': 'string' });
  const spec = await loadSpecArg(flags.spec);
  if (typeof flags.out !== 'string') throw new UsageError('--out DIR is required');
  if (flags.sandbox === true && typeof flags.bakery === 'string') throw new UsageError('--sandbox and --bakery exclude each other');
  if (typeof flags.bakery === 'string' && !/^https:\/\/[^\s]+$/.test(flags.bakery)) throw new UsageError(`--bakery must be an https:// URL, not "${flags.bakery}"`);
  const controlPlanePublicIp = parseControlPlaneIp(flags['control-plane-ip']);
  const out = path.resolve(flags.out);
  const arch = sysextArch(spec.architecture);
  const fetch = opts.fetchText ? { fetchText: opts.fetchText } : {};
  let pin: SysextPin;
  if (flags.sandbox === true) {
    const session = await openSandboxSession(resolveDataDir());
    try {
      pin = await sysextSource(session.env, fetch).resolve(spec.kubernetesVersion, arch);
    } finally {
      await session.close();
    }
  } else {
    pin = await sysextSource({ sysextBakery: typeof flags.bakery === 'string' ? flags.bakery : FLATCAR_SYSEXT_BAKERY }, fetch).resolve(spec.kubernetesVersion, arch);
  }
  console.log(`sysext ${pin.url} pinned to ${pin.hash}`);
  const exportOpts = controlPlanePublicIp ? { controlPlanePublicIp } : {};
  const files = renderExportFiles(spec, pin, exportOpts);
  await mkdir(out, { recursive: true });
  for (const stale of otherFormFiles(spec, exportOpts)) await rm(path.join(out, ...stale.split('/')), { force: true });
  // No private key in any of them (the nodes make their own host keys); written 0600 all the same.
  for (const f of files) {
    const file = path.join(out, ...f.path.split('/'));
    await writeSecretFile(file, f.text);
    if (f.mode !== 0o600) await chmod(file, f.mode);
  }
  console.log(`rendered ${files.map((f) => f.path).join(', ')} into ${out}`);
  const templates = files.filter((f) => f.template);
  if (templates.length > 0) {
    console.log(`templates (${templates.map((f) => f.path).join(', ')}): the control plane's public IP is not known yet; plan.md says how the az script fills it in (or render again with --control-plane-ip IP)`);
  }
  return 0;
}

/** An IPv4 address, canonical (no leading zeros), not 0.0.0.0; undefined when not given. */
function parseControlPlaneIp(value: string | boolean | undefined): string | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'string' ? parseIpv4(value) : undefined;
  if (typeof value !== 'string' || n === undefined || n === 0 || formatIpv4(n) !== value) {
    throw new UsageError(`--control-plane-ip must be the control plane's public IPv4 address, such as 20.50.1.2, not "${String(value)}"`);
  }
  return value;
}

/**
 * `flatkube preflight --spec F [--sandbox | --azure [--auth azure-cli|msal]] [--offline]`. Always:
 * spec-only checks (schema, plan graph, custom data size). With --sandbox: the app's own preflight
 * service (runPreflight: region, names, image and terms, sizes and quota, Kubernetes release,
 * sysext checksum in the sandbox's bakery) against the embedded sandbox, findings printed as
 * `SEVERITY CODE: message` + `fix:`; exit 1 when one has severity error. With --azure: the same
 * service against real Azure, signed in as `create` signs in, printed as the first real run
 * checklist (azure-preflight.ts). --offline skips the dl.k8s.io (and GitHub) probes.
 */
export async function runPreflight(argv: string[], deps: CliDeps = cliDeps()): Promise<number> {
  const flags = parseFlags(argv, { spec: 'string', sandbox: 'boolean', azure: 'boolean', auth: 'string', offline: 'boolean', latency: 'string' });
  const auth = parseAuthFlag(flags.auth);
  if (flags.sandbox === true && flags.azure === true) throw new UsageError('--sandbox and --azure exclude each other');
  if (auth && flags.azure !== true) throw new UsageError('--auth works with --azure only');
  const spec = await loadSpecArg(flags.spec);
  const log = (line: string) => writeLine(deps.stdout, line);
  const problems: string[] = [];
  const planProblems = validatePlan(buildPlan(spec));
  problems.push(...planProblems.map((p) => `plan: ${p}`));
  for (const node of clusterNodes(spec)) {
    try {
      const json = renderIgnitionJson({
        spec,
        node,
        pin: sizeProbePin(spec),
        ...(node.role === 'control-plane' ? { controlPlanePublicIp: '203.0.113.255' } : {}),
      });
      const b64 = toCustomData(json);
      log(`ok   ${node.name}: Ignition renders, custom data ${b64.length} base64 characters (limit 87380)`);
    } catch (err) {
      problems.push(`${node.name}: ${(err as Error).message}`);
    }
  }
  if (flags.sandbox !== true && flags.azure !== true) {
    log('note: spec-only checks; add --sandbox to check quota, SKU, image and terms against the embedded sandbox, or --azure for the first real run checklist against real Azure');
  }
  if (problems.length > 0) {
    for (const p of problems) log(`FAIL ${p}`);
    throw new SpecError(`preflight found ${problems.length} problem(s): ${problems[0]}`);
  }
  log(`ok   spec ${spec.name}: valid (${clusterNodes(spec).length} nodes, Kubernetes ${spec.kubernetesVersion}, ${spec.cni})`);
  if (flags.azure === true) return azurePreflight(spec, { ...(auth ? { auth } : {}), offline: flags.offline === true }, deps);
  if (flags.sandbox !== true) return 0;
  return sandboxPreflight(spec, { offline: flags.offline === true, ...(typeof flags.latency === 'string' ? { latency: parseLatency(flags.latency) } : {}) });
}

/**
 * For the spec-only size check: a pin of the real pin's length and shape (URL on the bakery,
 * sha256 of zeros). It only measures custom data; it is never written anywhere. The real pin is
 * resolved with --sandbox here, and by render and create.
 */
function sizeProbePin(spec: ClusterSpec): SysextPin {
  const file = sysextFileName(spec.kubernetesVersion, sysextArch(spec.architecture));
  return { url: `${FLATCAR_SYSEXT_BAKERY}/kubernetes-v${spec.kubernetesVersion}/${file}`, hash: `sha256-${'0'.repeat(64)}` };
}

function parseLatency(v: string): LatencyProfileName {
  if (v !== 'instant' && v !== 'realistic') throw new UsageError(`--latency must be instant or realistic, not "${v}"`);
  return v;
}

/** The app's preflight service against the embedded sandbox (state under the data dir). */
async function sandboxPreflight(spec: ClusterSpec, opts: { offline: boolean; latency?: LatencyProfileName }): Promise<number> {
  const dataDir = resolveDataDir();
  const session = await openSandboxSession(dataDir, opts.latency ? { latency: opts.latency } : {});
  try {
    const probe: UrlProbe = opts.offline ? async () => 'unreachable' : httpsHeadProbe;
    const r = await runPreflightService(spec, { environment: 'sandbox', clients: async (sub) => session.clients(sub), probe, sysext: sysextSource(session.env) });
    console.log(`preflight against the sandbox (simulated Azure) at ${session.sandbox.info.armEndpoint}:`);
    for (const f of r.findings) {
      console.log(`${f.severity.toUpperCase().padEnd(7)} ${f.code}: ${f.message}`);
      if (f.fix) console.log(`        fix: ${f.fix}`);
    }
    const errors = r.findings.filter((f) => f.severity === 'error');
    if (errors.length === 0) {
      console.log(`ok   no blocking finding (${r.findings.length} finding(s) in all)`);
      return 0;
    }
    process.stderr.write(`flatkube preflight: ${errors.length} blocking finding(s): ${errors[0]!.code}\n`);
    return 1;
  } finally {
    await session.close();
  }
}
