import type { paceChannels, PaceState } from '../../../shared/ipc/channels/pace';
import type { HandlerMap } from '../../ipc/registry';
import type { PaceControl } from '../../services/cluster/engine/pace-gate';
import { AppError } from '../../services/errors';
import type { AzureServices } from '../azure-services';
import type { BackendContext } from '../context';

/**
 * Pace control in the sandbox: the sandbox's speed (its `/_sandbox/speed` API, through
 * AzureServices) and the engine's pace gate (the same PaceControl the ClusterService holds, which
 * pauses operations in the sandbox only). Every change of the gate goes out as `pace.changed`.
 */
export function paceHandlers(ctx: BackendContext, azure: Pick<AzureServices, 'session' | 'sandboxSpeed'>, pace: PaceControl): HandlerMap<typeof paceChannels> {
  pace.onChange((s) => ctx.hub.emit('pace.changed', s));
  const state = async (): Promise<PaceState> => {
    const available = azure.session.currentKind === 'sandbox';
    const speed = available ? await azure.sandboxSpeed.get() : undefined;
    return { ...pace.state(), available, speed: speed?.speed ?? null, profile: speed?.profile ?? null };
  };
  const sandboxOnly = () => {
    if (azure.session.currentKind !== 'sandbox') {
      throw new AppError('PACE_SANDBOX_ONLY', 'Pace control is for the sandbox only.', { hint: 'Switch to the sandbox: in real Azure a paused build would leave billed resources half-made.' });
    }
  };
  return {
    'pace.get': () => state(),
    'pace.set': async ({ speed, paused }) => {
      sandboxOnly();
      if (speed !== undefined) await azure.sandboxSpeed.set(speed);
      if (paused !== undefined) pace.setPaused(paused);
      return state();
    },
    'pace.step': async () => {
      sandboxOnly();
      pace.step();
      return state();
    },
  };
}
