import { resolveDataDir } from '../services/app/data-dir';
import type { AuthSettings } from '../services/auth/auth-settings';
import type { AzureEnvironment } from '../services/azure/environment';
import type { PublicIpOptions } from '../services/azure/public-ip';
import type { UrlProbe } from '../services/preflight/kubernetes-release-check';
import type { PublicIpInfo } from '../../shared/ipc/channels/azure';

/**
 * What the cluster and sign-in commands take from their surroundings, so a test can run them
 * in-process against the sandbox posing as real Azure. The `flatkube` binary uses the defaults:
 * the process environment, the data dir it shares with the app, the public cloud, the terminal.
 */
export interface CliDeps {
  /** FLATKUBE_DATA_DIR, FLATKUBE_CLIENT_ID and FLATKUBE_TENANT_ID are read from here. */
  env: NodeJS.ProcessEnv;
  dataDir: string;
  /** Real Azure's environment for the configured app registration; absent = the public cloud. */
  azureEnvironment?: (settings: AuthSettings) => AzureEnvironment;
  /** Results: the lines a script reads. */
  stdout: NodeJS.WritableStream;
  /** The device code prompt, notes and the progress bar. */
  stderr: NodeJS.WritableStream;
  /** `preflight --azure`: the URL probe (dl.k8s.io, GitHub) and the public-IP detector; absent = over the internet. */
  probe?: UrlProbe;
  publicIp?: (opts: PublicIpOptions) => Promise<PublicIpInfo>;
}

export function cliDeps(over: Partial<CliDeps> = {}): CliDeps {
  const env = over.env ?? process.env;
  return {
    env,
    dataDir: over.dataDir ?? resolveDataDir(env),
    stdout: over.stdout ?? process.stdout,
    stderr: over.stderr ?? process.stderr,
    ...(over.azureEnvironment ? { azureEnvironment: over.azureEnvironment } : {}),
    ...(over.probe ? { probe: over.probe } : {}),
    ...(over.publicIp ? { publicIp: over.publicIp } : {}),
  };
}

/** One line on a stream (console.log's behaviour, on the stream the deps name). */
export function writeLine(stream: NodeJS.WritableStream, line: string): void {
  stream.write(`${line}\n`);
}
