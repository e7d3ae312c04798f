import type { azureChannels } from '../../../shared/ipc/channels/azure';
import type { HandlerMap } from '../../ipc/registry';
import { offeredKubernetesVersions } from '../../services/cluster/catalogue/kubernetes-versions';
import { runPreflight } from '../../services/preflight/preflight';
import type { AzureServices } from '../azure-services';
import type { BackendContext } from '../context';

/** Azure reads and preflight, in whichever environment the session is in (sandbox or Azure). */
export function azureHandlers(_ctx: BackendContext, services: AzureServices): HandlerMap<typeof azureChannels> {
  const current = () => services.session.current();
  return {
    'azure.tenants': async (_input, call) => (await current()).directory.tenants(call.signal),
    'azure.subscriptions': async (_input, call) => (await current()).directory.subscriptions(call.signal),
    'azure.locations': async ({ subscriptionId }, call) => (await current()).reads.locations(subscriptionId, call.signal),
    'azure.images': async ({ subscriptionId, location, architecture }, call) => (await current()).reads.images(subscriptionId, location, architecture, call.signal),
    'azure.terms': async ({ subscriptionId, offer, plan }, call) => (await current()).reads.terms(subscriptionId, offer, plan, call.signal),
    'azure.acceptTerms': async ({ subscriptionId, offer, plan }, call) => (await current()).reads.acceptTerms(subscriptionId, offer, plan, call.signal),
    'azure.sizes': async ({ subscriptionId, location, architecture, generation }, call) =>
      (await current()).reads.sizes(subscriptionId, location, { architecture, generation }, call.signal),
    'azure.publicIp': async ({ override }, call) =>
      services.publicIp({ environment: (await current()).env.kind, ...(override !== undefined ? { override } : {}), signal: call.signal }),
    'azure.kubernetesVersions': async ({ architecture }, call) => {
      const sysext = services.sysextFor((await current()).env);
      return offeredKubernetesVersions(await sysext.versions(call.signal), architecture, sysext.bakery);
    },
    'azure.preflight': async ({ spec }, call) => {
      const s = await current();
      return runPreflight(
        spec,
        {
          environment: s.env.kind,
          clients: (sub, sig) => s.reads.clients(sub, sig),
          probe: services.probe,
          sysext: services.sysextFor(s.env),
          publicIp: (sig) => services.publicIp({ environment: s.env.kind, ...(sig ? { signal: sig } : {}) }),
        },
        call.signal,
      );
    },
  };
}
