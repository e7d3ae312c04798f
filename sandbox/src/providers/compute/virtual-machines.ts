/**
 * Microsoft.Compute/virtualMachines: create/update (PUT, LRO), PATCH (tags), GET (with
 * `$expand=instanceView`), GET instanceView, list in a group and in the subscription, DELETE (LRO),
 * retrieveBootDiagnosticsData (the serial console URL: serial-console.ts), the power actions
 * (vm-power.ts). Validation lives in
 * vm-rules.ts, shapes in vm-model.ts, the node lifecycle in node-bridge.ts.
 */
import { ArmError, queryParam, type ArmRequest, type ArmResource, type ArmResponse, type ArmRouter, type ProviderDeps } from '../../arm/types';
import { pagedList, requireBody, requireResourceGroup, resourceNotFound } from '../../arm/helpers';
import { COMPUTE_API_VERSIONS } from '../catalog/api-versions';
import { checkQuota, validateVmCreate, validateVmName, type VmContext } from './vm-rules';
import { buildInstanceView, buildVmResource, VM_TYPE, type VmInternal } from './vm-model';
import { osProvisioningTimedOutMessage, skuNotAvailable } from './vm-errors';
import type { NodeBridge } from './node-bridge';
import { findVmSku, locationRestriction, vmSizeFacts } from '../catalog/resource-skus';
import { registerSerialConsoleRoute, sasLifetimeMinutes, serialLogUri } from './serial-console';
import { registerVmPowerRoutes } from './vm-power';

const VM_BASE = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/virtualMachines';

function sub(req: ArmRequest): string {
  return req.subscriptionId ?? req.params.subscriptionId ?? '';
}

function vmIdOf(req: ArmRequest): string {
  return `/subscriptions/${sub(req)}/resourceGroups/${req.params.resourceGroupName}/providers/Microsoft.Compute/virtualMachines/${req.params.vmName}`;
}

/** Failure of the create operation, remembered for the instance view. */
interface VmFailure {
  code: string;
  message: string;
}

export interface VmRouteDeps extends ProviderDeps {
  bridge: NodeBridge;
}

function getVm(req: ArmRequest, deps: ProviderDeps): ArmResource {
  requireResourceGroup(deps.store, sub(req), req.params.resourceGroupName!);
  const vm = deps.store.getResource(vmIdOf(req));
  if (!vm) throw resourceNotFound(VM_TYPE, req.params.vmName!, req.params.resourceGroupName!);
  return vm;
}

function instanceView(req: ArmRequest, deps: ProviderDeps, vm: ArmResource) {
  const failure = deps.store.getState<VmFailure>('vm-failures', vm.id);
  return buildInstanceView({
    vm,
    internal: deps.store.getInternal<VmInternal>(vm.id),
    ...(failure ? { failure } : {}),
    serialLogUri: serialLogUri(req, deps, vm),
    now: deps.now(),
  });
}

async function createVm(req: ArmRequest, deps: VmRouteDeps, body: Record<string, unknown>): Promise<ArmResponse> {
  const id = vmIdOf(req);
  const ctx: VmContext = { deps, subscriptionId: sub(req), vmId: id, vmName: req.params.vmName! };
  const valid = validateVmCreate(ctx, body);
  const vm = buildVmResource({
    id,
    name: req.params.vmName!,
    resourceGroupName: req.params.resourceGroupName!,
    subscriptionId: sub(req),
    body,
    valid,
    now: deps.now(),
  });
  const internal: VmInternal = {
    ...(valid.customData ? { customData: valid.customData } : {}),
    image: { hyperVGeneration: valid.image.hyperVGeneration, architecture: valid.image.architecture },
    node: { state: 'provisioning' },
  };
  deps.store.putResource(vm, internal);
  deps.store.deleteState('vm-failures', id);

  const hit = deps.faults.take({ kind: 'vm-provisioning-failed', method: req.method, path: req.path });
  let fail: VmFailure | undefined;
  if (hit) {
    const code = hit.code ?? 'OSProvisioningTimedOut';
    // The injector's default message has no VM name; Azure's names the VM.
    const message = code === 'OSProvisioningTimedOut' && (!hit.message || !hit.message.includes(`'${vm.name}'`)) ? osProvisioningTimedOutMessage(vm.name) : hit.message ?? osProvisioningTimedOutMessage(vm.name);
    fail = { code, message };
  }
  return deps.lro.start({
    req,
    resourceId: id,
    kind: 'create',
    latencyKey: 'vm.create',
    namespace: 'Microsoft.Compute',
    location: valid.location,
    ...(fail ? { fail } : {}),
    // Named, not a closure: a sandbox restarted while the create runs must still boot the node.
    settledHandler: { key: VM_CREATE_SETTLED, context: fail ?? null },
  });
}

/**
 * PUT on an existing VM: tags and size may change (size re-checked against SKUs and quota);
 * custom data may not (Azure: PropertyChangeNotAllowed); everything else is kept.
 */
async function updateVm(req: ArmRequest, deps: VmRouteDeps, existing: ArmResource, body: Record<string, unknown>): Promise<ArmResponse> {
  const props = (body.properties ?? {}) as { hardwareProfile?: { vmSize?: string }; osProfile?: { customData?: string } };
  const internal = deps.store.getInternal<VmInternal>(existing.id) ?? {};
  const newCustomData = props.osProfile?.customData;
  if (newCustomData !== undefined && newCustomData !== (internal.customData ?? '')) {
    throw new ArmError(409, 'PropertyChangeNotAllowed', "Changing property 'customData' is not allowed.", undefined, { target: 'customData' });
  }
  const next: ArmResource = { ...existing, properties: { ...(existing.properties ?? {}) } };
  if (body.tags !== undefined) next.tags = body.tags as Record<string, string>;
  const newSize = props.hardwareProfile?.vmSize;
  const location = existing.location!;
  if (newSize && newSize.toLowerCase() !== String((existing.properties?.hardwareProfile as { vmSize?: string })?.vmSize).toLowerCase()) {
    const sku = findVmSku(newSize, location);
    if (!sku || locationRestriction(sku, location)) throw skuNotAvailable(existing.id, newSize, location, sub(req));
    checkQuota({ deps, subscriptionId: sub(req), vmId: existing.id, vmName: existing.name, existingId: existing.id }, location, vmSizeFacts(sku));
    next.properties!.hardwareProfile = { vmSize: sku.name };
  }
  next.properties!.provisioningState = 'Updating';
  next.etag = `"${Number(String(existing.etag ?? '"1"').replace(/"/g, '')) + 1}"`;
  deps.store.putResource(next);
  // Re-PUT of a VM whose create failed retries its provisioning (as Azure does): boot on success.
  const retry = existing.properties?.provisioningState === 'Failed';
  return deps.lro.start({
    req,
    resourceId: existing.id,
    kind: 'update',
    latencyKey: 'vm.update',
    namespace: 'Microsoft.Compute',
    location,
    ...(retry ? { settledHandler: { key: VM_RETRY_SETTLED } } : {}),
  });
}

const VM_CREATE_SETTLED = 'compute.vm-create';

/** Azure's error when the guest never reports ready (the text of its OSProvisioningTimedOut). */
function osProvisioningTimedOut(resourceId: string): ArmError {
  const name = resourceId.split('/').at(-1) ?? resourceId;
  return new ArmError(
    200,
    'OSProvisioningTimedOut',
    `OS Provisioning for VM '${name}' did not finish in the allotted time. The VM may still finish provisioning successfully. Please check provisioning state later. Also, make sure the image has been properly prepared (generalized).`,
  );
}
const VM_RETRY_SETTLED = 'compute.vm-retry';

/** What happens when a VM's create (or retried provisioning) settles: its node boots. */
function registerVmSettledHandlers(deps: VmRouteDeps): void {
  deps.lro.registerSettledHandler?.(VM_CREATE_SETTLED, async ({ resourceId, outcome, context }) => {
    if (outcome === 'Succeeded') {
      // A node whose Ignition failed drops to a shell in the initrd and never reports "Ready" to
      // the fabric (flatcar/Flatcar#1783): the create ends with OSProvisioningTimedOut (after the
      // provisioning timeout on Azure; at once here) and the VM stays.
      if ((await deps.bridge.boot(resourceId)) === 'boot-failed') throw osProvisioningTimedOut(resourceId);
      return;
    }
    const fail = context as VmFailure | null;
    deps.store.setState('vm-failures', resourceId, fail ?? { code: 'InternalExecutionError', message: 'An internal execution error occurred.' });
    deps.bridge.provisioningFailed(resourceId);
  });
  deps.lro.registerSettledHandler?.(VM_RETRY_SETTLED, async ({ resourceId, outcome }) => {
    if (outcome !== 'Succeeded') return;
    deps.store.deleteState('vm-failures', resourceId);
    if ((await deps.bridge.boot(resourceId)) === 'boot-failed') throw osProvisioningTimedOut(resourceId);
  });
}

export function registerVirtualMachineRoutes(router: ArmRouter, deps: VmRouteDeps): void {
  registerVmSettledHandlers(deps);
  router.add({
    methods: ['GET', 'PUT', 'PATCH', 'DELETE'],
    pattern: `${VM_BASE}/{vmName}`,
    apiVersions: COMPUTE_API_VERSIONS,
    handler: async (req) => {
      if (req.method === 'GET') {
        const vm = getVm(req, deps);
        const expand = queryParam(req, '$expand');
        if (expand && /instanceview/i.test(expand)) vm.properties = { ...(vm.properties ?? {}), instanceView: instanceView(req, deps, vm) };
        return { status: 200, body: vm };
      }
      requireResourceGroup(deps.store, sub(req), req.params.resourceGroupName!);
      const existing = deps.store.getResource(vmIdOf(req));
      if (req.method === 'DELETE') {
        if (!existing) return { status: 204 };
        return deps.lro.start({ req, resourceId: existing.id, kind: 'delete', latencyKey: 'vm.delete', namespace: 'Microsoft.Compute', location: existing.location! });
      }
      const body = requireBody(req);
      if (req.method === 'PATCH') {
        if (!existing) throw resourceNotFound(VM_TYPE, req.params.vmName!, req.params.resourceGroupName!);
        return updateVm(req, deps, existing, body);
      }
      validateVmName(req.params.vmName!);
      return existing ? updateVm(req, deps, existing, body) : createVm(req, deps, body);
    },
  });

  router.add({
    methods: ['GET'],
    pattern: `${VM_BASE}/{vmName}/instanceView`,
    apiVersions: COMPUTE_API_VERSIONS,
    handler: (req) => {
      const vm = getVm(req, deps);
      return { status: 200, body: instanceView(req, deps, vm) };
    },
  });

  router.add({
    methods: ['POST'],
    pattern: `${VM_BASE}/{vmName}/retrieveBootDiagnosticsData`,
    apiVersions: COMPUTE_API_VERSIONS,
    handler: (req) => {
      const vm = getVm(req, deps);
      const minutes = sasLifetimeMinutes(req);
      // Azure answers short-lived SAS blob URIs; the sandbox serves the log itself (no screenshot).
      return { status: 200, body: { serialConsoleLogBlobUri: serialLogUri(req, deps, vm, minutes) } };
    },
  });

  router.add({
    methods: ['GET'],
    pattern: VM_BASE,
    apiVersions: COMPUTE_API_VERSIONS,
    handler: (req) => {
      requireResourceGroup(deps.store, sub(req), req.params.resourceGroupName!);
      const prefix = `/subscriptions/${sub(req)}/resourceGroups/${req.params.resourceGroupName}`;
      return pagedList(req, deps.store.listUnder(prefix).filter((r) => r.type === VM_TYPE));
    },
  });

  router.add({
    methods: ['GET'],
    pattern: '/subscriptions/{subscriptionId}/providers/Microsoft.Compute/virtualMachines',
    apiVersions: COMPUTE_API_VERSIONS,
    handler: (req) => {
      const prefix = `/subscriptions/${sub(req)}/`.toLowerCase();
      return pagedList(req, deps.store.listResources((r) => r.type === VM_TYPE && r.id.toLowerCase().startsWith(prefix)));
    },
  });

  registerSerialConsoleRoute(router, deps);
  registerVmPowerRoutes(router, deps);

  // Sandbox-only: no ARM token, but the sandbox API token (api-auth/api-gate.ts checks it).
  router.add({
    methods: ['GET'],
    pattern: '/_sandbox/nodes',
    apiVersions: '*',
    auth: false,
    handler: () => ({ status: 200, body: deps.bridge.list() }),
  });
}
