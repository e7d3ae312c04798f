/**
 * A node's serial console, read the way the portal's "Serial log" reads it: ARM's
 * retrieveBootDiagnosticsData answers a (SAS) blob URI, the log is a plain GET of it. While the
 * engine waits for SSH, a node whose Ignition failed sits in emergency mode and never answers;
 * reading its serial log lets Flatkube stop waiting at once and show why, instead of after the
 * whole SSH timeout.
 */
import { resourceNames } from '../../../../shared/domain/cluster-layout';
import { httpGetText } from '../../azure/http-json';
import { matchFailure, type FailureMatch } from '../catalogue/failures';
import type { DeploymentContext } from './context';

/** Ignition or the initramfs gave up: the node will not come up without a new VM. */
const BOOT_FAILED = /You are in emergency mode|Failed to start ignition-[\w-]+\.service|Ignition failed/;

export async function readSerialLog(ctx: DeploymentContext, node: string, signal: AbortSignal): Promise<string | undefined> {
  const vm = resourceNames.vm(ctx.spec.name, node);
  const diag = await ctx.arm.compute.virtualMachines.retrieveBootDiagnosticsData(ctx.spec.resourceGroup.name, vm, { abortSignal: signal });
  const uri = diag.serialConsoleLogBlobUri;
  if (!uri) return undefined;
  const res = await httpGetText(uri, { timeoutMs: 15_000, retryOptions: { maxRetries: 1 }, signal, ...(ctx.env.caCertPem ? { caCertPem: ctx.env.caCertPem } : {}) });
  return res.status === 200 ? res.text : undefined;
}

export interface BootFailure {
  /** The catalogue's explanation of the first failure (or the generic Ignition one). */
  match: FailureMatch | undefined;
  /** The serial log lines that say what failed, for the node's log pane. */
  excerpt: string[];
}

/** Whether a serial log shows a failed first boot, and the lines that say why. */
export function bootFailure(serial: string): BootFailure | undefined {
  if (!BOOT_FAILED.test(serial)) return undefined;
  const lines = serial.split('\n');
  const telling = lines.filter((l) => /\[failed\]|error|failed|emergency mode/i.test(l));
  return { match: matchFailure(serial), excerpt: telling.slice(-8) };
}
