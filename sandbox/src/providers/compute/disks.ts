/**
 * Microsoft.Compute/disks: empty managed data disks (what the Azure Disk CSI driver creates for a
 * volume), get, list in a group, delete. Shapes: Azure/azure-rest-api-specs
 * specification/compute/resource-manager/Microsoft.Compute/DiskRP (Disks_CreateOrUpdate with
 * `creationData.createOption: Empty` and `diskSizeGB`; examples
 * CreateAnEmptyManagedDisk.json: 200/202 answer with `provisioningState`, `diskState: Unattached`).
 * @azure/arm-compute 25.1.1 sends api-version 2026-03-02 for disks. A disk a VM still has attached
 * cannot be deleted (OperationNotAllowed, "Disk ... is attached to VM ...": not simulated, the
 * sandbox's VMs have no data disks).
 */
import { pagedList, requireBody, requireResourceGroup, resourceNotFound } from '../../arm/helpers';
import { ArmError, type ArmRouter, type ProviderDeps } from '../../arm/types';

export const DISK_API_VERSIONS = ['2026-03-02', '2025-01-02', '2024-03-02', '2023-04-02'];
const TYPE = 'Microsoft.Compute/disks';
const SKUS = ['Standard_LRS', 'Premium_LRS', 'StandardSSD_LRS', 'UltraSSD_LRS', 'Premium_ZRS', 'StandardSSD_ZRS', 'PremiumV2_LRS'];

export function registerDiskRoutes(router: ArmRouter, deps: ProviderDeps): void {
  const { store } = deps;
  const base = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/disks';
  router.add({
    methods: ['GET'],
    pattern: base,
    apiVersions: DISK_API_VERSIONS,
    handler: (req) => {
      const rg = requireResourceGroup(store, req.subscriptionId!, req.params.resourceGroupName!);
      return pagedList(req, store.listUnder(rg.id).filter((r) => r.type.toLowerCase() === TYPE.toLowerCase()));
    },
  });
  router.add({
    methods: ['GET', 'PUT', 'DELETE'],
    pattern: `${base}/{diskName}`,
    apiVersions: DISK_API_VERSIONS,
    handler: (req) => {
      requireResourceGroup(store, req.subscriptionId!, req.params.resourceGroupName!);
      const name = req.params.diskName!;
      const id = `/subscriptions/${req.subscriptionId}/resourceGroups/${req.params.resourceGroupName}/providers/${TYPE}/${name}`;
      const existing = store.getResource(id);
      if (req.method === 'GET') {
        if (!existing) throw resourceNotFound(TYPE, name, req.params.resourceGroupName!);
        return { status: 200, body: existing };
      }
      if (req.method === 'DELETE') {
        if (!existing) return { status: 204 };
        store.putResource({ ...existing, properties: { ...existing.properties, provisioningState: 'Deleting' } });
        return deps.lro.start({ req, resourceId: existing.id, kind: 'delete', latencyKey: 'disk.delete', namespace: 'Microsoft.Compute', location: existing.location ?? 'westeurope' });
      }
      const body = requireBody(req);
      const props = (body.properties ?? {}) as Record<string, unknown>;
      const creation = (props.creationData ?? {}) as Record<string, unknown>;
      const location = typeof body.location === 'string' ? body.location.toLowerCase() : '';
      if (!location) throw new ArmError(400, 'LocationRequired', 'The location property is required for this definition.');
      if (!existing && creation.createOption !== 'Empty') throw new ArmError(400, 'InvalidParameter', "The sandbox creates empty disks only (creationData.createOption 'Empty').", undefined, { target: 'creationData.createOption' });
      const size = Number(props.diskSizeGB ?? existing?.properties?.diskSizeGB);
      if (!Number.isInteger(size) || size < 1 || size > 32767) throw new ArmError(400, 'InvalidParameter', 'Disk size must be between 1 and 32767 GB.', undefined, { target: 'diskSizeGB' });
      const sku = String(((body.sku ?? {}) as Record<string, unknown>).name ?? 'Standard_LRS');
      if (!SKUS.includes(sku)) throw new ArmError(400, 'InvalidParameter', `The value '${sku}' of parameter 'sku.name' is not allowed.`, undefined, { target: 'sku.name' });
      store.putResource({
        id: existing?.id ?? id,
        name,
        type: TYPE,
        location,
        ...(body.tags ? { tags: body.tags as Record<string, string> } : existing?.tags ? { tags: existing.tags } : {}),
        sku: { name: sku, tier: sku.startsWith('Premium') ? 'Premium' : 'Standard' },
        properties: {
          creationData: existing?.properties?.creationData ?? { createOption: 'Empty' },
          diskSizeGB: size,
          diskSizeBytes: size * 1024 ** 3,
          diskState: 'Unattached',
          timeCreated: (existing?.properties?.timeCreated as string | undefined) ?? new Date(deps.now()).toISOString(),
          provisioningState: 'Updating',
        },
      });
      return deps.lro.start({ req, resourceId: id, kind: existing ? 'update' : 'create', latencyKey: 'disk.create', namespace: 'Microsoft.Compute', location });
    },
  });
}
