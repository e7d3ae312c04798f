/**
 * A VM's power actions: `POST .../virtualMachines/{vm}/powerOff[?skipShutdown=]`, `/deallocate`,
 * `/start`, `/restart` (Azure REST reference, Virtual Machines - Power Off / Deallocate / Start /
 * Restart; the installed @azure/arm-compute polls them as LROs with `resourceLocationConfig:
 * "location"` and accepts 200/201/202: node_modules/@azure/arm-compute/dist/esm/api/virtualMachines/operations.js).
 * The power state shows in the instance view (`PowerState/stopped` ...; vm-model.ts) and on the
 * node: a stopped VM's simulated node closes its SSH and API servers (a load balancer's probe then
 * fails for it) and boots again on start (node-bridge.ts setPower).
 */
import { type ArmRequest, type ArmResource, type ArmRouter, type ProviderDeps } from '../../arm/types';
import { requireResourceGroup, resourceNotFound } from '../../arm/helpers';
import { COMPUTE_API_VERSIONS } from '../catalog/api-versions';
import { VM_TYPE, type VmInternal, type VmPowerState } from './vm-model';
import type { NodeBridge } from './node-bridge';

const ACTIONS = {
  powerOff: { during: 'stopping', after: 'stopped' },
  deallocate: { during: 'deallocating', after: 'deallocated' },
  start: { during: 'starting', after: 'running' },
  restart: { during: 'starting', after: 'running' },
} as const satisfies Record<string, { during: VmPowerState; after: VmPowerState }>;

type PowerAction = keyof typeof ACTIONS;

const VM_POWER_SETTLED = 'compute.vm-power';

function vmFor(req: ArmRequest, deps: ProviderDeps): ArmResource {
  const sub = req.subscriptionId ?? req.params.subscriptionId ?? '';
  requireResourceGroup(deps.store, sub, req.params.resourceGroupName!);
  const id = `/subscriptions/${sub}/resourceGroups/${req.params.resourceGroupName}/providers/Microsoft.Compute/virtualMachines/${req.params.vmName}`;
  const vm = deps.store.getResource(id);
  if (!vm) throw resourceNotFound(VM_TYPE, req.params.vmName!, req.params.resourceGroupName!);
  return vm;
}

function setPower(deps: ProviderDeps, vmId: string, power: VmPowerState): void {
  const internal = deps.store.getInternal<VmInternal>(vmId);
  if (!internal) return;
  deps.store.setInternal(vmId, { ...internal, power });
}

export function registerVmPowerRoutes(router: ArmRouter, deps: ProviderDeps & { bridge: NodeBridge }): void {
  deps.lro.registerSettledHandler?.(VM_POWER_SETTLED, async ({ resourceId, outcome, context }) => {
    const action = context as PowerAction;
    if (outcome !== 'Succeeded' || !ACTIONS[action]) return;
    setPower(deps, resourceId, ACTIONS[action].after);
    if (action === 'restart') await deps.bridge.setPower(resourceId, 'stopped');
    await deps.bridge.setPower(resourceId, action === 'start' || action === 'restart' ? 'running' : 'stopped');
  });
  for (const action of Object.keys(ACTIONS) as PowerAction[]) {
    router.add({
      methods: ['POST'],
      pattern: `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/virtualMachines/{vmName}/${action}`,
      apiVersions: COMPUTE_API_VERSIONS,
      handler: (req) => {
        const vm = vmFor(req, deps);
        setPower(deps, vm.id, ACTIONS[action].during);
        return deps.lro.start({
          req,
          resourceId: vm.id,
          kind: 'action',
          latencyKey: 'vm.update',
          namespace: 'Microsoft.Compute',
          location: vm.location!,
          settledHandler: { key: VM_POWER_SETTLED, context: action },
        });
      },
    });
  }
}
