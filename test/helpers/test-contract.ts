import { z } from 'zod';
import { EventHub } from '../../electron/ipc/event-hub';
import { IpcRegistry } from '../../electron/ipc/registry';
import { AppError } from '../../electron/services/errors';

/** A small contract of its own, so IPC machinery tests do not depend on the app's channels. */
export const testChannels = {
  'math.add': { input: z.object({ a: z.number(), b: z.number() }), output: z.number() },
  'fail.plain': { input: z.undefined(), output: z.string() },
  'fail.app': { input: z.undefined(), output: z.string() },
  'bad.output': { input: z.undefined(), output: z.string() },
  'wait.abort': { input: z.undefined(), output: z.string() },
};
export const testEvents = { 'tick': z.object({ n: z.number().int() }) };

export function makeTestRegistry(onAbort?: () => void) {
  const errors: string[] = [];
  const registry = new IpcRegistry(
    testChannels,
    {
      'math.add': ({ a, b }) => a + b,
      'fail.plain': () => {
        throw new Error('disk on fire');
      },
      'fail.app': () => {
        throw new AppError('AZURE_REQUEST_FAILED', 'The image terms are not accepted', { hint: 'Accept them in the Image step', azureCode: 'MarketplacePurchaseEligibilityFailed' });
      },
      'bad.output': () => 42 as unknown as string,
      'wait.abort': (_input, ctx) =>
        new Promise<string>((resolve) => {
          ctx.signal.addEventListener('abort', () => {
            onAbort?.();
            resolve('aborted');
          });
        }),
    },
    { onHandlerError: (channel) => errors.push(channel) },
  );
  const hub = new EventHub(testEvents);
  return { registry, hub, errors };
}
