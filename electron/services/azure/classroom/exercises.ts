import type { Exercise, ExerciseId } from '../../../../shared/ipc/channels/classroom';
import { AppError } from '../../errors';
import type { AzureEnvironment } from '../environment';

/**
 * "Break something": each exercise is one of the faults the sandbox knows (its fault rules,
 * sandbox/src/faults/fault-rules.ts: throttle, vm-provisioning-failed, download-corrupted,
 * ssh-drop), aimed at one cluster's requests when one is named, so an attendee sees the failure
 * catalogue's diagnosis (electron/services/failures/catalogue.ts) in the deploy view.
 */

/** What this service needs of the sandbox's API (`SandboxApiClient` of @flatkube/sandbox has it). */
export interface SandboxFaultApi {
  addFaults(file: { rules: unknown[] }): Promise<string[]>;
  clearFaults(): Promise<void>;
  journal(since?: number): Promise<Array<{ seq: number; method: string; path: string; status: number; durationMs: number; faultRuleId?: string; errorCode?: string }>>;
}

export const EXERCISES: readonly Exercise[] = [
  { id: 'throttling', title: 'Throttle Azure', expect: 'The next two resource creations answer 429 with Retry-After; the SDK waits and retries, and the API calls pane shows both attempts.' },
  { id: 'failed-vm', title: 'Fail a VM', expect: 'The next VM fails to provision (OSProvisioningTimedOut); the failure card explains it and Retry creates it again.' },
  { id: 'corrupted-download', title: 'Corrupt a download', expect: 'The next download a node makes arrives corrupted; its checksum check fails the step and says why.' },
  { id: 'dropped-ssh', title: 'Drop an SSH session', expect: 'The next command over SSH loses its session; Flatkube reconnects and checks the node before it calls the step failed.' },
];

/** Escapes a cluster name for the fault rule's path regex. */
const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The sandbox fault rules of an exercise (documented in sandbox/src/faults/fault-rules.ts). */
export function exerciseRules(id: ExerciseId, cluster?: string): Record<string, unknown>[] {
  const named = cluster ? literal(cluster) : undefined;
  switch (id) {
    case 'throttling':
      // Two in a row, whoever sends them (a resource group's name need not contain the
      // cluster's): the SDK's retry policy honours Retry-After, so the step still succeeds.
      return [{ kind: 'throttle', method: 'PUT', count: 2, retryAfterSeconds: 1 }];
    case 'failed-vm':
      return [{ kind: 'vm-provisioning-failed', method: 'PUT', path: named ? `virtualMachines/${named}-` : 'virtualMachines/' }];
    case 'corrupted-download':
      return [{ kind: 'download-corrupted' }];
    case 'dropped-ssh':
      // The path is "<node name> <command line>" for SSH commands.
      return [{ kind: 'ssh-drop', ...(named ? { path: `^${named}-` } : {}) }];
  }
}

/** Exercises only in the sandbox: the backend refuses them against real Azure. */
export function requireSandbox(env: Pick<AzureEnvironment, 'kind'>, what: string): void {
  if (env.kind !== 'sandbox') {
    throw new AppError('SANDBOX_ONLY', `${what} is only offered in the sandbox; this session is real Azure.`, { hint: 'Switch to the sandbox (Sign in: "Use the sandbox") to run classroom exercises.' });
  }
}

export async function breakSomething(api: SandboxFaultApi, id: ExerciseId, cluster?: string): Promise<{ faultIds: string[] }> {
  return { faultIds: await api.addFaults({ rules: exerciseRules(id, cluster) }) };
}
