/**
 * Preflight: everything that can fail before anything is created, as findings
 * {code, severity, message, fix}. Reads only: never creates, changes or accepts anything.
 * First the spec's own rules (names, CIDRs, public IP...), then Azure (region, names in the
 * resource group, image, terms, sizes, quota), then the Kubernetes release on dl.k8s.io and the
 * sysext's checksum in the environment's bakery (offline: "could not verify").
 *
 * On real Azure also what a first real run trips over (your role on the subscription, the
 * resource providers, GitHub, your public IP), every finding with the `az` command that fixes it,
 * and the first real run checklist: each check as one line, passed or not (first-run-checklist.ts).
 */
import { validateClusterSpec, type ClusterSpec } from '../../../shared/domain/cluster-spec';
import type { PreflightFinding, PreflightResult, PublicIpInfo } from '../../../shared/ipc/channels/azure';
import { AzureCliError } from '../auth/azure-cli';
import type { ArmClients } from '../azure/arm-clients';
import { detectPublicIp, validPublicIpv4 } from '../azure/public-ip';
import { SysextChecksumError } from '../cluster/render/sysext-checksums';
import type { SysextSource } from '../cluster/sysext/bakery';
import { sysextArch } from '../cluster/render/sysext';
import { AppError } from '../errors';
import { checkImageAndTerms, checkNames, checkRegion, checkResourceProviders, checkRoleOnSubscription, checkSizesAndQuota } from './azure-checks';
import { azCommandFor, buildChecklist, checkGithubReachable, checkPublicIp, type CheckRun, type ChecklistId } from './first-run-checklist';
import { checkKubernetesRelease, type UrlProbe } from './kubernetes-release-check';
import { specIssuesToFindings } from './spec-findings';

export interface PreflightDeps {
  environment: 'sandbox' | 'azure';
  /** ARM clients for the spec's subscription (throws AppError when no account can see it). */
  clients: (subscriptionId: string, signal?: AbortSignal) => Promise<ArmClients>;
  /** URL existence probe for dl.k8s.io (injected: tests, offline). */
  probe: UrlProbe;
  /** The environment's sysext bakery: the checksum is resolved from it as the engine will. */
  sysext: SysextSource;
  /** Real Azure: the user's public IP as Azure sees it (default: detectPublicIp over the internet). */
  publicIp?: (signal?: AbortSignal) => Promise<PublicIpInfo>;
}

function result(findings: PreflightFinding[]): PreflightResult {
  return { ok: !findings.some((x) => x.severity === 'error'), findings };
}

async function guarded(what: string, run: () => Promise<PreflightFinding[]>, signal?: AbortSignal): Promise<PreflightFinding[]> {
  try {
    return await run();
  } catch (err) {
    signal?.throwIfAborted();
    const e = err instanceof AppError ? err : undefined;
    return [{ code: 'CHECK_FAILED', severity: 'warning', message: `Could not check ${what}: ${e?.message ?? (err as Error).message}`, fix: e?.hint ?? 'Try the preflight again.' }];
  }
}

/** Can the engine get the real checksum from the bakery? (It refuses to deploy without one.) */
async function sysextChecksumFindings(spec: ClusterSpec, sysext: SysextSource, signal?: AbortSignal): Promise<PreflightFinding[]> {
  const v = spec.kubernetesVersion;
  try {
    await sysext.resolve(v, sysextArch(spec.architecture), signal);
    return [];
  } catch (err) {
    signal?.throwIfAborted();
    if (err instanceof SysextChecksumError && err.reason === 'not-listed') {
      return [{ code: 'K8S_SYSEXT_NOT_FOUND', severity: 'error', message: `There is no Flatcar sysext for Kubernetes v${v}: ${err.message}`, fix: 'Pick a version the Flatcar sysext bakery publishes.', path: 'kubernetesVersion' }];
    }
    const e = err instanceof SysextChecksumError ? err : undefined;
    return [{
      code: 'K8S_SYSEXT_CHECKSUM_UNAVAILABLE',
      severity: 'warning',
      message: `Could not verify the sysext checksum for Kubernetes v${v}: ${err instanceof Error ? err.message : String(err)}`,
      fix: `${e?.hint ?? 'Check your internet connection.'} The deployment fetches it again first and stops before creating anything if it still cannot.`,
      path: 'kubernetesVersion',
    }];
  }
}

async function releaseFindings(spec: ClusterSpec, probe: UrlProbe, signal?: AbortSignal): Promise<PreflightFinding[]> {
  const r = await checkKubernetesRelease(spec.kubernetesVersion, spec.architecture, probe, signal);
  const out: PreflightFinding[] = [];
  const v = spec.kubernetesVersion;
  if (r.release === 'missing') out.push({ code: 'K8S_RELEASE_NOT_FOUND', severity: 'error', message: `Kubernetes v${v} is not published on dl.k8s.io.`, fix: 'Pick another Kubernetes version.', path: 'kubernetesVersion' });
  if (r.release === 'unreachable') {
    out.push({
      code: 'K8S_VERSION_UNVERIFIED',
      severity: 'warning',
      message: `Could not verify Kubernetes v${v}: dl.k8s.io could not be reached.`,
      fix: 'Check your internet connection, or continue: the nodes download it themselves and fail visibly if it is missing.',
      path: 'kubernetesVersion',
    });
  }
  return out;
}

export async function runPreflight(input: unknown, deps: PreflightDeps, signal?: AbortSignal): Promise<PreflightResult> {
  const v = validateClusterSpec(input);
  if (!v.ok) return result(specIssuesToFindings(v.issues));
  const spec = v.spec;
  const azure = deps.environment === 'azure';
  const findings: PreflightFinding[] = [];
  const runs: CheckRun[] = [];
  const done = () => {
    if (!azure) return result(findings);
    // Real Azure: every finding with the command that fixes it, and the first real run checklist.
    const withCommands = findings.map((x) => {
      const command = azCommandFor(x, spec, deps.sysext.bakery);
      return command ? { ...x, command } : x;
    });
    return { ...result(withCommands), checklist: buildChecklist(runs, spec, deps.sysext.bakery) };
  };
  const notPublic: PreflightFinding | undefined =
    azure && !validPublicIpv4(spec.allowedSourceIp)
      ? { code: 'PUBLIC_IP_NOT_PUBLIC', severity: 'warning', message: `${spec.allowedSourceIp} is not a public address; the NSG would not let your traffic in.`, fix: 'Use the address shown by "Detect my IP" (as Azure sees you).', path: 'allowedSourceIp' }
      : undefined;
  if (notPublic) {
    findings.push(notPublic);
    runs.push({ id: 'public-ip', covers: ['public-ip'], findings: [notPublic], failed: false });
  }
  let clients: ArmClients;
  try {
    clients = await deps.clients(spec.subscriptionId, signal);
  } catch (err) {
    signal?.throwIfAborted();
    const e = err instanceof AppError ? err : new AppError('AZURE_REQUEST_FAILED', String(err));
    const finding: PreflightFinding = { code: 'SUBSCRIPTION_UNAVAILABLE', severity: 'error', message: e.message, fix: e.hint ?? 'Pick a subscription in the Subscription step.', path: 'subscriptionId' };
    // The Azure CLI sign-in's failures come with the command that fixes them (az login, az login --tenant T).
    if (err instanceof AzureCliError) finding.command = err.command;
    findings.push(finding);
    runs.push({ id: 'subscription', covers: ['subscription'], findings: [finding], failed: false });
    return done();
  }
  runs.push({ id: 'subscription', covers: ['subscription'], findings: [], failed: false, passDetail: `Subscription ${spec.subscriptionId} answers to your sign-in.` });
  /** Runs one check; its findings go to the result, and (real Azure) its outcome to the checklist. */
  const check = async (id: ChecklistId, covers: ChecklistId[], what: string, run: () => Promise<PreflightFinding[] | { findings: PreflightFinding[]; passDetail: string }>) => {
    let failed = false;
    let passDetail: string | undefined;
    const out = await guarded(
      what,
      async () => {
        const r = await run();
        if (Array.isArray(r)) return r;
        passDetail = r.passDetail || undefined;
        return r.findings;
      },
      signal,
    );
    if (out.some((x) => x.code === 'CHECK_FAILED')) failed = true;
    runs.push({ id, covers, findings: out, failed, ...(passDetail ? { passDetail } : {}) });
    return out;
  };
  const region = await check('region-and-sizes', ['region-and-sizes'], 'the region', () => checkRegion(clients, spec, signal));
  findings.push(...region);
  if (region.some((x) => x.code === 'REGION_UNAVAILABLE')) return done();
  const groups = await Promise.all([
    check('names', ['names'], 'names in the resource group', () => checkNames(clients, spec, signal)),
    check('image-and-terms', ['image-and-terms'], 'the image and its terms', () => checkImageAndTerms(clients, spec, signal)),
    check('quota', ['region-and-sizes', 'quota'], 'sizes and quota', () => checkSizesAndQuota(clients, spec, signal)),
    check('kubernetes', ['kubernetes'], 'the Kubernetes release', () => releaseFindings(spec, deps.probe, signal)),
    check('bakery', ['bakery'], 'the sysext checksum', () => sysextChecksumFindings(spec, deps.sysext, signal)),
    // Real Azure only: what a first real run trips over that the sandbox never does.
    ...(azure
      ? [
          check('role', ['role'], 'your role on the subscription', () => checkRoleOnSubscription(clients, spec, signal)),
          check('providers', ['providers'], 'the resource providers', () => checkResourceProviders(clients, spec, signal)),
          check('github', ['github'], 'GitHub', () => checkGithubReachable(deps.probe, signal)),
          // A private address already fails this line; detecting the real one adds nothing then.
          ...(notPublic
            ? []
            : [check('public-ip', ['public-ip'], 'your public IP', () => checkPublicIp(spec, deps.publicIp ?? ((sig) => detectPublicIp({ environment: 'azure', ...(sig ? { signal: sig } : {}) })), signal))]),
        ]
      : []),
  ]);
  findings.push(...groups.flat());
  signal?.throwIfAborted();
  return done();
}
