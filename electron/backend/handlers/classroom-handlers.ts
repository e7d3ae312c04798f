import type { azureCallsChannels } from '../../../shared/ipc/channels/azure-calls';
import type { sandboxChannels } from '../../../shared/ipc/channels/classroom';
import type { ApiCallLog } from '../../services/azure/api-calls/call-log';
import { breakSomething, EXERCISES } from '../../services/azure/classroom/exercises';
import { resetClassroom } from '../../services/azure/classroom/reset-classroom';
import type { HandlerMap } from '../../ipc/registry';
import type { AzureServices } from '../azure-services';
import type { BackendContext } from '../context';

/** The cluster operations a reset uses: the same list and destroy the cluster channels answer. */
export interface ClassroomClusters {
  list(): Promise<Array<{ name: string; environment: 'sandbox' | 'azure'; state: string }>>;
  destroy(name: string): Promise<{ leftovers: string[] }>;
}

/**
 * The Azure side of an operation (its recorded API calls) and the classroom exercises. Every
 * sandbox.* channel goes through services.sandboxApi, which refuses it outside the sandbox.
 */
export function classroomHandlers(ctx: BackendContext, services: AzureServices, calls: ApiCallLog, clusters: ClassroomClusters): HandlerMap<typeof sandboxChannels & typeof azureCallsChannels> {
  return {
    'azure.calls': ({ cluster, operationId }) => calls.stored(cluster, operationId),
    'sandbox.exercises': async () => {
      await services.sandboxApi('Break something');
      return [...EXERCISES];
    },
    'sandbox.breakSomething': async ({ exercise, cluster }) => breakSomething(await services.sandboxApi('Break something'), exercise, cluster),
    'sandbox.resetClassroom': async () => {
      const api = await services.sandboxApi('Reset classroom');
      return resetClassroom({
        clusters: () => clusters.list(),
        destroy: (name) => clusters.destroy(name),
        clearFaults: () => api.clearFaults(),
        progress: (p) => ctx.hub.emit('sandbox.resetProgress', p),
      });
    },
    'sandbox.journal': async ({ since }) => {
      const api = await services.sandboxApi('The sandbox journal');
      return (await api.journal(since ?? 0)).map((e) => ({
        seq: e.seq,
        method: e.method,
        path: e.path,
        status: e.status,
        durationMs: e.durationMs,
        ...(e.faultRuleId ? { fault: e.faultRuleId } : {}),
      }));
    },
  };
}
