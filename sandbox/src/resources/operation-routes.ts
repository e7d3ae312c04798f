/** The operation status and operation-result URLs that `lro.start` hands out. */
import type { SandboxLroManager } from '../arm/lro';
import type { ArmRouter } from '../arm/types';

export function registerOperationRoutes(router: ArmRouter, lro: SandboxLroManager): void {
  router.add({
    methods: ['GET'],
    pattern: '/subscriptions/{subscriptionId}/providers/{namespace}/locations/{location}/operations/{operationId}',
    apiVersions: '*',
    handler: (req) => lro.statusResponse(req, req.params.operationId!),
  });
  router.add({
    methods: ['GET'],
    pattern: '/subscriptions/{subscriptionId}/providers/{namespace}/locations/{location}/operationResults/{operationId}',
    apiVersions: '*',
    handler: (req) => lro.resultResponse(req, req.params.operationId!),
  });
  router.add({
    methods: ['GET'],
    pattern: '/subscriptions/{subscriptionId}/operationresults/{operationId}',
    apiVersions: '*',
    handler: (req) => lro.resultResponse(req, req.params.operationId!),
  });
}
