import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Which operation (and which of its steps) is making the ARM calls in this async context. The
 * cluster service enters an operation's scope, the step runner wrapper a step's; the API-call
 * policy (call-policy.ts) reads it when a request goes out. AsyncLocalStorage follows the awaits
 * of a runner into the SDK's pipeline, so no runner needs to pass anything along
 * (https://nodejs.org/api/async_context.html#class-asynclocalstorage).
 */
export interface CallScope {
  cluster: string;
  operationId: string;
  stepId?: string;
}

const storage = new AsyncLocalStorage<CallScope>();

export function withCallScope<T>(scope: CallScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** Runs fn as one step of the operation in scope; outside an operation it just runs fn. */
export function withCallStep<T>(stepId: string, fn: () => T): T {
  const outer = storage.getStore();
  return outer ? storage.run({ ...outer, stepId }, fn) : fn();
}

export function currentCallScope(): CallScope | undefined {
  return storage.getStore();
}
