/**
 * Pins a node's SSH host key before Flatkube first connects to it: the node printed the key on its
 * serial console (host-key-announce.ts), and the serial log comes from ARM's
 * retrieveBootDiagnosticsData, a call made with the user's Azure sign-in (boot-log.ts). The key is
 * recorded with the cluster's keys (cluster-keys.ts), so a resumed deployment and the live log
 * viewer accept exactly the same key. There is no trust on first use: a node that never prints
 * its key is never connected to, and a key other than the pinned one is refused (connection.ts).
 */
import { AppError } from '../../errors';
import { announcedHostKey, HOST_KEY_MARKER, HOST_KEY_UNIT, HostKeyAnnouncementError } from '../render/host-key-announce';
import { readSerialLog } from './boot-log';
import { savePinnedHostKey, type ClusterKeys, type PinnedHostKey } from './cluster-keys';
import { abortableDelay } from '../../abort';
import type { DeploymentContext, EngineTimings } from './context';
import type { LogLevel } from './types';

export interface HostKeyPinContext extends Pick<DeploymentContext, 'spec' | 'arm' | 'env'> {
  keys: ClusterKeys;
  keysDir: string;
  timings: Pick<EngineTimings, 'sshWaitMs' | 'hostKeyIntervalMs'>;
}

const NOT_ANNOUNCED_HINT =
  `Read the VM's serial log (portal: Boot diagnostics > Serial log; or az vm boot-diagnostics get-boot-log) and look for ` +
  `${HOST_KEY_UNIT}: at every boot it prints the key sshd-keygen made. Without boot diagnostics there is no serial log to read.`;

/**
 * The node's pinned host key: the recorded one, else the one its serial log announces (read every
 * `hostKeyIntervalMs` until `sshWaitMs` has passed), recorded before it is returned. Throws
 * AppError HOST_KEY_NOT_ANNOUNCED when none appears in time and HOST_KEY_ANNOUNCEMENT_REFUSED
 * when the log shows something Flatkube must not trust (two keys, a fingerprint that does not fit).
 */
export async function pinnedHostKey(ctx: HostKeyPinContext, node: string, signal: AbortSignal, log: (level: LogLevel, text: string) => void = () => {}): Promise<PinnedHostKey> {
  const known = ctx.keys.hosts[node];
  if (known) return known;
  const deadline = Date.now() + ctx.timings.sshWaitMs;
  let lastProblem: string | undefined;
  let said = false;
  for (;;) {
    signal.throwIfAborted();
    try {
      const serial = await readSerialLog(ctx, node, signal);
      lastProblem = serial === undefined ? 'boot diagnostics returned no serial log' : undefined;
      const announced = serial === undefined ? undefined : announcedHostKey(serial);
      if (announced) {
        const pin = await savePinnedHostKey(ctx.keysDir, ctx.spec.name, node, announced.publicKey);
        ctx.keys.hosts[node] = pin;
        log('info', `host key pinned from the serial console (boot diagnostics): ED25519 ${pin.fingerprint}; SSH accepts no other key from ${node}`);
        return pin;
      }
    } catch (err) {
      if (err instanceof HostKeyAnnouncementError) {
        throw new AppError('HOST_KEY_ANNOUNCEMENT_REFUSED', `${node}: ${err.message}. Flatkube does not connect to it.`, {
          hint: 'Only someone who controls the VM can write to its serial console: check the VM before trusting it, or delete it and deploy again.',
        });
      }
      if (signal.aborted) throw err;
      lastProblem = (err as Error).message;
    }
    if (Date.now() >= deadline) {
      const ms = ctx.timings.sshWaitMs;
      const within = ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1_000)} s`;
      throw new AppError(
        'HOST_KEY_NOT_ANNOUNCED',
        `${node} did not print its SSH host key on its serial console within ${within} (no ${HOST_KEY_MARKER} line in its boot diagnostics log` +
          `${lastProblem ? `; last attempt: ${lastProblem}` : ''}). Flatkube connects only to a host key it has pinned, never to the first one it sees.`,
        { hint: NOT_ANNOUNCED_HINT },
      );
    }
    if (!said) log('info', `waiting for ${node} to print its SSH host key on the serial console (${HOST_KEY_UNIT})`);
    said = true;
    await abortableDelay(ctx.timings.hostKeyIntervalMs, signal);
  }
}
