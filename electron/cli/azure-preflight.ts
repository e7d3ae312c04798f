import type { ClusterSpec } from '../../shared/domain/cluster-spec';
import type { ChecklistItem } from '../../shared/ipc/channels/azure';
import type { AzureEnvironment } from '../services/azure/environment';
import type { ArmClients } from '../services/azure/arm-clients';
import { detectPublicIp } from '../services/azure/public-ip';
import { sysextSource } from '../services/cluster/sysext/bakery';
import { httpsHeadProbe, type UrlProbe } from '../services/preflight/kubernetes-release-check';
import { runPreflight } from '../services/preflight/preflight';
import { ensureSignedIn } from './azure-sign-in';
import { chooseAuthMethod, openAzureCliSession, openAzureSession, type CliAuthMethod } from './azure-session';
import { writeLine, type CliDeps } from './cli-deps';

/**
 * `flatkube preflight --spec F --azure [--auth azure-cli|msal] [--offline]`: the first real run
 * checklist against real Azure, signed in as `create` signs in. Every check the Review step runs,
 * one line each (PASS, FAIL, WARN, ????), with what it found and the `az` command that fixes a
 * failure; exit 1 when one fails. Reads only: nothing is created, registered or accepted.
 */
const MARK: Record<ChecklistItem['status'], string> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', unknown: '????' };

export async function azurePreflight(spec: ClusterSpec, opts: { auth?: CliAuthMethod; offline: boolean }, deps: CliDeps): Promise<number> {
  const method = await chooseAuthMethod(deps, opts.auth);
  let env: AzureEnvironment;
  let clients: (subscriptionId: string, signal?: AbortSignal) => Promise<ArmClients>;
  let who: string;
  let close: () => Promise<void>;
  if (method === 'azure-cli') {
    const az = await openAzureCliSession(deps);
    env = az.session.env;
    clients = (sub, sig) => az.session.reads.clients(sub, sig);
    who = `${(await az.session.auth.current()).user} (Azure CLI sign-in; Flatkube stores nothing)`;
    close = az.close;
  } else {
    const az = await openAzureSession(deps);
    try {
      await ensureSignedIn(az.session, deps.stderr);
    } catch (err) {
      await az.close();
      throw err;
    }
    env = az.session.env;
    clients = (sub, sig) => az.session.reads.clients(sub, sig);
    who = `${(await az.session.auth.accounts()).map((a) => a.username).join(', ')} (Microsoft sign-in)`;
    close = az.close;
  }
  try {
    const probe: UrlProbe = opts.offline ? async () => 'unreachable' : (deps.probe ?? httpsHeadProbe);
    const detect = deps.publicIp ?? detectPublicIp;
    const r = await runPreflight(spec, {
      environment: 'azure',
      clients,
      probe,
      sysext: sysextSource(env),
      publicIp: (signal) => detect({ environment: 'azure', ...(signal ? { signal } : {}) }),
    });
    writeLine(deps.stdout, `first real run checklist for subscription ${spec.subscriptionId} as ${who}:`);
    for (const item of r.checklist ?? []) {
      writeLine(deps.stdout, `${MARK[item.status]}  ${item.title}`);
      writeLine(deps.stdout, `      ${item.detail}`);
      if (item.command) writeLine(deps.stdout, `      run: ${item.command}`);
    }
    const errors = r.findings.filter((f) => f.severity === 'error');
    if (errors.length === 0) {
      writeLine(deps.stdout, `ok   nothing blocks a first real run (${r.findings.length} finding(s) in all)`);
      return 0;
    }
    deps.stderr.write(`flatkube preflight: ${errors.length} blocking finding(s): ${errors[0]!.code}\n`);
    return 1;
  } finally {
    await close();
  }
}
