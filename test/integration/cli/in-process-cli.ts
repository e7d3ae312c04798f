/**
 * Runs `flatkube` commands in this process against an in-process sandbox posing as real Azure:
 * its environment with `kind: 'azure'`, so the CLI takes the real-Azure path (settings check,
 * device code sign-in, the app's token cache, subscription lookup) without the internet. A
 * device code printed on stderr is approved through the sandbox API as the chosen user, as a
 * person would in their browser: as `approveAs`, else the first sandbox user, so an unexpected
 * prompt ends at once and shows up in `deviceCodes` rather than waiting out its 15 minutes.
 */
import { Writable } from 'node:stream';
import type { AuthSettings } from '../../../electron/services/auth/auth-settings';
import type { AzureEnvironment } from '../../../electron/services/azure/environment';
import { sandboxEnvironment } from '../../../electron/services/azure/sandbox-environment';
import type { RunningSandbox } from '@flatkube/sandbox/testing';
import { SANDBOX_USERS } from '@flatkube/sandbox';
import { runClusterCommand } from '../../../electron/cli/cluster-cli';
import { cliDeps, type CliDeps } from '../../../electron/cli/cli-deps';
import { call } from '../../helpers/sandbox-platform';

/** A terminal stream that keeps what was written and shows each chunk to `onText`. */
class Captured extends Writable {
  text = '';
  constructor(private readonly onText?: (chunk: string) => void) {
    super();
  }
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    const s = chunk.toString();
    this.text += s;
    this.onText?.(s);
    done();
  }
}

export interface CliRun {
  code: number;
  stdout: string;
  /** The command's own stderr (prompts, notes, progress). */
  stderr: string;
  /** What the exit-code guard printed for a failure ("flatkube <cmd>: <reason>"). */
  reason: string;
  /** Device codes the CLI printed (and the test approved). */
  deviceCodes: string[];
}

export interface SandboxAsAzure {
  /** Auth settings each session was built from (to check `--tenant` reaches the environment). */
  settingsSeen: AuthSettings[];
  environment(settings: AuthSettings): AzureEnvironment;
}

export function sandboxAsAzure(sb: RunningSandbox): SandboxAsAzure {
  const settingsSeen: AuthSettings[] = [];
  return {
    settingsSeen,
    environment(settings) {
      settingsSeen.push(settings);
      // The sandbox has one tenant and no "organizations" alias: the default maps to it.
      const tenantId = settings.tenantId === 'organizations' ? sb.info.tenantId : settings.tenantId;
      return { ...sandboxEnvironment(sb.info, sb.caCertPem), kind: 'azure', tenantId };
    },
  };
}

export async function flatkube(
  sb: RunningSandbox,
  args: string[],
  opts: { dataDir: string; env: NodeJS.ProcessEnv; azure: SandboxAsAzure; approveAs?: string; deps?: Pick<CliDeps, 'probe' | 'publicIp'> },
): Promise<CliRun> {
  const deviceCodes: string[] = [];
  const approvals: Promise<unknown>[] = [];
  const stdout = new Captured();
  const stderr = new Captured((chunk) => {
    for (const m of chunk.matchAll(/enter the code ([A-Z0-9]+)/g)) {
      deviceCodes.push(m[1]!);
      approvals.push(call(sb, 'POST', '/_sandbox/devicecode/approve', { body: { user_code: m[1], user: opts.approveAs ?? SANDBOX_USERS[0]!.upn } }));
    }
  });
  // The guard reports failures on process.stderr (as the binary does): capture that one line.
  const reason: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => {
    reason.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stderr.write;
  let code: number;
  try {
    const deps = cliDeps({ ...opts.deps, env: opts.env, dataDir: opts.dataDir, azureEnvironment: (s) => opts.azure.environment(s), stdout, stderr });
    code = await runClusterCommand(args[0]!, args.slice(1), deps);
  } finally {
    process.stderr.write = write;
  }
  await Promise.all(approvals);
  return { code, stdout: stdout.text, stderr: stderr.text, reason: reason.join(''), deviceCodes };
}
