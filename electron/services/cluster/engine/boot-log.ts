/**
 * A node's serial console, read the way the portal's "Serial log" reads it: ARM's
 * retrieveBootDiagnosticsData answers a (SAS) blob URI, the log is a plain GET of it.
 *
 * A node whose Ignition failed sits in emergency mode: its VM agent never reports ready (Azure
 * ends the VM create with OSProvisioningTimedOut, after some 20 minutes) and SSH never answers.
 * While the VM is created and while SSH is awaited, the engine reads the serial log now and
 * then (withBootWatch), so such a node ends the step at once with the lines that say why and
 * the failure catalogue's hint, instead of one generic timeout much later.
 */
import { resourceNames } from '../../../../shared/domain/cluster-layout';
import { httpGetText } from '../../azure/http-json';
import { matchFailure, type FailureMatch } from '../../failures/catalogue';
import { abortableDelay } from '../../abort';
import type { DeploymentContext } from './context';
import { toEngineError } from './executor';
import { StepError, type StepRunContext } from './types';

/** Ignition or the initramfs gave up: the node will not come up without a new VM. */
const BOOT_FAILED = /You are in emergency mode|Failed to start ignition-[\w-]+\.service|Ignition failed/;

export async function readSerialLog(ctx: Pick<DeploymentContext, 'spec' | 'arm' | 'env'>, node: string, signal: AbortSignal): Promise<string | undefined> {
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
  const telling = serial.split('\n').filter((l) => /\[failed\]|error|failed|emergency mode/i.test(l));
  return { match: matchFailure(serial), excerpt: telling.slice(-8) };
}

/** Logs the serial lines and turns a failed boot into the step's error. */
function bootError(node: string, f: BootFailure, r: StepRunContext, cause?: unknown): StepError {
  for (const line of f.excerpt) r.log('error', `serial console: ${line}`);
  // Azure's own code (OSProvisioningTimedOut) stays with the error when it ended the step.
  const azureCode = cause === undefined ? undefined : toEngineError(cause).azureCode;
  return new StepError(`${node} failed its first boot: ${f.match?.title ?? 'Ignition failed'} (serial console)`, {
    ...(f.match ? { hint: f.match.hint } : {}),
    ...(typeof azureCode === 'string' ? { azureCode } : {}),
    ...(cause !== undefined ? { cause } : {}),
  });
}

/**
 * Runs `work` (the VM create, the wait for SSH) while reading the node's serial log every
 * `bootLogIntervalMs`: a failed boot aborts `work` and becomes the step's error. When `work`
 * fails by itself (OSProvisioningTimedOut, the SSH timeout), the serial log is read once more,
 * so the error names the cause when the log knows it.
 */
export async function withBootWatch<T>(ctx: DeploymentContext, node: string, r: StepRunContext, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const failed = new AbortController();
  const done = new AbortController();
  let failure: StepError | undefined;
  let warned = false;
  const check = async (signal: AbortSignal, quiet = false): Promise<BootFailure | undefined> => {
    try {
      const serial = await readSerialLog(ctx, node, signal);
      return serial === undefined ? undefined : bootFailure(serial);
    } catch (err) {
      // Boot diagnostics lag behind a new VM (404) and may be denied by a role: say so once, go on.
      if (!warned && !quiet && !signal.aborted) r.log('info', `serial log not readable yet (${(err as Error).message}); checking again later`, 'azure');
      warned = true;
      return undefined;
    }
  };
  const watcher = (async () => {
    const signal = AbortSignal.any([r.signal, done.signal]);
    while (!signal.aborted) {
      await abortableDelay(ctx.timings.bootLogIntervalMs, signal).catch(() => undefined);
      if (signal.aborted) return;
      const f = await check(signal);
      if (!f || signal.aborted) continue;
      failure = bootError(node, f, r);
      failed.abort(failure);
      return;
    }
  })();
  try {
    return await work(AbortSignal.any([r.signal, failed.signal]));
  } catch (err) {
    if (r.signal.aborted) throw err;
    done.abort();
    await watcher;
    if (failure) throw failure;
    const f = await check(r.signal, true);
    if (f) throw bootError(node, f, r, err);
    throw err;
  } finally {
    done.abort();
    await watcher;
  }
}
