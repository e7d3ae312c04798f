/**
 * Preflight checks that ask Azure (read-only calls; nothing is created): region, resource group
 * and names, image, terms, sizes, quota. Each returns findings; a check that cannot run says so
 * as a warning instead of failing the whole preflight.
 */
import type { ArmClients } from '../azure/arm-clients';
import type { ClusterSpec } from '../../../shared/domain/cluster-spec';
import { clusterNodes, imageRef, resourceNames } from '../../../shared/domain/cluster-layout';
import type { PreflightFinding } from '../../../shared/ipc/channels/azure';
import { azureCall, collect } from '../azure/azure-errors';
import { findImage } from '../azure/images';
import { listLocations } from '../azure/locations';
import { belowControlPlaneMinimum, isRestrictedIn, listUsages, listVmSkus, toSizeInfo } from '../azure/sizes';
import { getTerms } from '../azure/terms';

type Finding = PreflightFinding;
const f = (code: string, severity: Finding['severity'], message: string, fix: string, path?: string): Finding => ({ code, severity, message, fix, ...(path ? { path } : {}) });

export async function checkRegion(c: ArmClients, spec: ClusterSpec, signal?: AbortSignal): Promise<Finding[]> {
  const locs = await listLocations(c.subscriptions, spec.subscriptionId, signal);
  if (locs.some((l) => l.name === spec.location)) return [];
  return [f('REGION_UNAVAILABLE', 'error', `Region ${spec.location} is not available to this subscription.`, 'Pick another region in the Location step.', 'location')];
}

export async function checkNames(c: ArmClients, spec: ClusterSpec, signal?: AbortSignal): Promise<Finding[]> {
  const rg = spec.resourceGroup.name;
  const exists = await azureCall('Checking the resource group', () => c.resources.resourceGroups.checkExistence(rg, signal ? { abortSignal: signal } : {}));
  const present = (exists as { body?: boolean }).body === true;
  if (!present) {
    return spec.resourceGroup.create
      ? []
      : [f('RESOURCE_GROUP_MISSING', 'error', `Resource group ${rg} does not exist.`, 'Let Flatkube create it, or enter an existing group.', 'resourceGroup.name')];
  }
  const out: Finding[] = [];
  const resources = await azureCall('Listing the resource group', () => collect(c.resources.resources.listByResourceGroup(rg, signal ? { abortSignal: signal } : {}), signal));
  const wanted = new Set<string>([resourceNames.vnet(spec.name), resourceNames.nsg(spec.name)]);
  for (const n of clusterNodes(spec)) {
    for (const name of [resourceNames.publicIp(spec.name, n.name), resourceNames.nic(spec.name, n.name), resourceNames.vm(spec.name, n.name), resourceNames.osDisk(spec.name, n.name)]) wanted.add(name);
  }
  const taken = resources.filter((r) => r.name && wanted.has(r.name)).map((r) => r.name!);
  if (taken.length > 0) {
    out.push(f('NAME_TAKEN', 'error', `Resource group ${rg} already has ${taken.slice(0, 3).join(', ')}${taken.length > 3 ? ` (+${taken.length - 3})` : ''}.`, 'Choose another cluster name or resource group (or delete the old cluster first).', 'name'));
  }
  const holds = resources.length ? ` and holds ${resources.length} resource(s)` : '';
  if (spec.resourceGroup.create) {
    // Blocking: creating would take the group over (its tags replaced) and the engine refuses it.
    out.push(
      f(
        'RESOURCE_GROUP_EXISTS',
        'error',
        `Resource group ${rg} already exists${holds}. Flatkube creates, and on teardown deletes, only a group of its own.`,
        'Enter a new resource group name (one that does not exist yet), or use the existing group explicitly ("Use an existing one"; resourceGroup.create: false in a spec file): Flatkube then adds its tags beside the group\'s own and deletes only what it created.',
        'resourceGroup.name',
      ),
    );
  } else {
    out.push(f('RESOURCE_GROUP_SHARED', 'info', `Resource group ${rg} exists${holds}. Flatkube adds its tags to it (keeping the group's own) and deletes only what it creates; the group stays after teardown.`, 'Nothing to do.', 'resourceGroup.name'));
  }
  return out;
}

export async function checkImageAndTerms(c: ArmClients, spec: ClusterSpec, signal?: AbortSignal): Promise<Finding[]> {
  const ref = imageRef(spec);
  const img = await findImage(c.compute, spec.location, ref, signal);
  if (!img.exists) {
    return [f('IMAGE_NOT_FOUND', 'error', `Image ${ref.urn} is not published in ${spec.location}.`, 'Pick a channel and version from the list in the Image step.', 'image')];
  }
  if (!ref.plan) return [];
  const terms = await getTerms(c.marketplace, ref.plan.product, ref.plan.name, signal);
  if (terms.accepted) return [];
  return [f('TERMS_NOT_ACCEPTED', 'error', `The marketplace terms of ${ref.plan.product} (${ref.plan.name}) are not accepted on this subscription.`, 'Accept the image terms in the Image step, or choose the corevm image, which has no terms.', 'image.offer')];
}

export async function checkSizesAndQuota(c: ArmClients, spec: ClusterSpec, signal?: AbortSignal): Promise<Finding[]> {
  const [skus, usages] = await Promise.all([listVmSkus(c.compute, spec.location, signal), listUsages(c.compute, spec.location, signal)]);
  const out: Finding[] = [];
  // Paths as the spec is written today (a spec in the older `workers` form has one pool, index 0).
  const roles = [
    { path: 'controlPlane.size', size: spec.controlPlane.size, count: spec.controlPlane.count, label: 'control plane' },
    ...spec.nodePools.map((p, i) => ({ path: `nodePools.${i}.size`, size: p.size, count: p.count, label: `pool ${p.name}` })),
  ].filter((r) => r.count > 0);
  const needByFamily = new Map<string, { vcpus: number; label: string; quota?: { available: number; limit: number } }>();
  let needTotal = 0;
  for (const r of roles) {
    const sku = skus.find((s) => s.name?.toLowerCase() === r.size.toLowerCase());
    if (!sku || isRestrictedIn(sku, spec.location)) {
      out.push(f('SIZE_NOT_AVAILABLE', 'error', `${r.size} (${r.label}) is not available to this subscription in ${spec.location}.`, 'Pick a size from the list in the Sizes step, or another region.', r.path));
      continue;
    }
    const info = toSizeInfo(sku, usages, { perHour: {}, currency: 'USD' });
    if (info.architecture !== spec.architecture || !info.generations.includes(spec.image.generation)) {
      out.push(f('SIZE_INCOMPATIBLE', 'error', `${r.size} cannot boot a ${spec.architecture} Gen${spec.image.generation} image.`, 'Pick a size listed for this image in the Sizes step.', r.path));
      continue;
    }
    if (r.label === 'control plane' && belowControlPlaneMinimum(info.vCPUs, info.memoryGB)) {
      out.push(f('SIZE_BELOW_KUBEADM_MINIMUM', 'error', `${r.size} has ${info.vCPUs} vCPU and ${info.memoryGB} GB; kubeadm needs 2 vCPUs and 1700 MB on the control plane.`, 'Pick Standard_B2s or larger for the control plane.', r.path));
    }
    const need = info.vCPUs * r.count;
    needTotal += need;
    const prev = needByFamily.get(info.family);
    needByFamily.set(info.family, {
      vcpus: (prev?.vcpus ?? 0) + need,
      label: info.familyQuota?.label ?? info.family,
      ...(info.familyQuota ? { quota: info.familyQuota } : {}),
    });
  }
  for (const [, v] of needByFamily) {
    if (v.quota && v.vcpus > v.quota.available) {
      out.push(f('QUOTA_FAMILY_EXCEEDED', 'error', `The cluster needs ${v.vcpus} vCPUs of "${v.label}" in ${spec.location}; ${v.quota.available} of ${v.quota.limit} are free.`, 'Use fewer or smaller nodes, another size family or region, or request more quota (portal: Usage + quotas).'));
    }
  }
  const regional = usages.get('cores');
  if (regional && needTotal > regional.limit - regional.currentValue) {
    out.push(f('QUOTA_REGIONAL_EXCEEDED', 'error', `The cluster needs ${needTotal} vCPUs in ${spec.location}; ${Math.max(0, regional.limit - regional.currentValue)} of ${regional.limit} regional vCPUs are free.`, 'Use fewer or smaller nodes, another region, or request more regional quota.'));
  }
  return out;
}

/**
 * What a deployment does on the subscription (or, with an existing group, in that group), as RBAC
 * actions: create the group, the network pieces and the VMs, and delete them again on teardown.
 * Action names: https://learn.microsoft.com/azure/role-based-access-control/resource-provider-operations
 */
export const REQUIRED_ACTIONS: ReadonlyArray<{ action: string; what: string; newGroupOnly?: boolean; azureIntegrationOnly?: boolean }> = [
  { action: 'Microsoft.Resources/subscriptions/resourceGroups/write', what: 'create the resource group', newGroupOnly: true },
  { action: 'Microsoft.Resources/subscriptions/resourceGroups/delete', what: 'delete the resource group on teardown', newGroupOnly: true },
  { action: 'Microsoft.Network/virtualNetworks/write', what: 'create the virtual network' },
  { action: 'Microsoft.Network/networkSecurityGroups/write', what: 'create the network security group' },
  { action: 'Microsoft.Network/publicIPAddresses/write', what: 'create public IP addresses' },
  { action: 'Microsoft.Network/networkInterfaces/write', what: 'create network interfaces' },
  { action: 'Microsoft.Compute/virtualMachines/write', what: 'create VMs' },
  { action: 'Microsoft.Compute/virtualMachines/delete', what: 'delete VMs on teardown' },
  // The Azure integration gives the cluster's identity a role on the group (docs/azure.md#the-clusters-identity):
  // Owner or User Access Administrator may, Contributor may not (its notActions exclude
  // Microsoft.Authorization/*/Write: https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
  { action: 'Microsoft.Authorization/roleAssignments/write', what: 'give the cluster\'s identity its role (Azure integration)', azureIntegrationOnly: true },
];

/** Azure RBAC's action patterns: `*` matches any run of characters, case-insensitively. */
export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`, 'i');
  return re.test(action);
}

/** Whether one of the roles' permission blocks allows `action` (a block's notActions subtract from its own actions only). */
export function rolesAllow(permissions: ReadonlyArray<{ actions?: string[]; notActions?: string[] }>, action: string): boolean {
  return permissions.some((p) => (p.actions ?? []).some((a) => actionMatches(a, action)) && !(p.notActions ?? []).some((n) => actionMatches(n, action)));
}

/** Whether a role assignment at `assignedScope` applies at `scope` (same scope, or above it: tenant root, management group, subscription). */
export function scopeCovers(assignedScope: string, scope: string): boolean {
  const a = assignedScope.replace(/\/+$/, '').toLowerCase();
  const s = scope.replace(/\/+$/, '').toLowerCase();
  if (a === '' || a === '/' || a.startsWith('/providers/microsoft.management/managementgroups/')) return true;
  return s === a || s.startsWith(`${a}/`);
}

/**
 * The signed-in principal's role on the subscription: its role assignments there (and above;
 * `assignedTo()` includes those through groups), their role definitions, and whether together
 * they allow every REQUIRED_ACTION at the scope the deployment writes to (the subscription for a
 * new group, else the group). Reads only: Microsoft.Authorization roleAssignments/read, which
 * every role has.
 */
export async function checkRoleOnSubscription(c: ArmClients, spec: ClusterSpec, signal?: AbortSignal): Promise<{ findings: Finding[]; passDetail: string }> {
  const sub = `/subscriptions/${spec.subscriptionId}`;
  const scope = spec.resourceGroup.create ? sub : `${sub}/resourceGroups/${spec.resourceGroup.name}`;
  const who = await c.principal();
  if (!who) {
    return {
      findings: [f('ROLE_UNKNOWN', 'warning', 'Could not tell which account the Azure tokens are for, so its role on the subscription was not checked.', `Check it yourself: az role assignment list --assignee <you> --scope ${sub} --include-inherited --output table`)],
      passDetail: '',
    };
  }
  const assignee = who.name ?? who.objectId;
  const opts = { filter: `assignedTo('${who.objectId}')`, ...(signal ? { abortSignal: signal } : {}) };
  const assignments = await azureCall('Listing your role assignments', () => collect(c.authorization.roleAssignments.listForSubscription(opts), signal));
  const applying = assignments.filter((a) => a.roleDefinitionId && scopeCovers(a.scope ?? sub, scope));
  const definitions = await Promise.all(
    // getById puts the id after the host as it is: without its leading slash, or core-client reads `//subscriptions` as a host.
    [...new Set(applying.map((a) => a.roleDefinitionId!))].map((id) =>
      azureCall('Reading a role definition', () => c.authorization.roleDefinitions.getById(id.replace(/^\/+/, ''), signal ? { abortSignal: signal } : {})),
    ),
  );
  const roleNames = [...new Set(definitions.map((d) => d.roleName ?? d.name ?? 'a custom role'))];
  const permissions = definitions.flatMap((d) => d.permissions ?? []);
  const missing = REQUIRED_ACTIONS.filter((r) => !(r.newGroupOnly && !spec.resourceGroup.create) && !(r.azureIntegrationOnly && !spec.azureIntegration.cloudProvider) && !rolesAllow(permissions, r.action));
  // Only the role assignment is missing (a Contributor): Contributor would not help.
  const onlyIntegration = missing.length > 0 && missing.every((m) => m.azureIntegrationOnly);
  const fixCommand = `az role assignment create --assignee ${assignee} --role ${onlyIntegration ? 'Owner' : 'Contributor'} --scope ${scope}`;
  const held = roleNames.length ? `Your roles there: ${roleNames.join(', ')}` : `${assignee} has no role there`;
  if (missing.length > 0) {
    return {
      findings: [
        {
          ...f(
            'ROLE_INSUFFICIENT',
            'error',
            `${held}; a deployment also needs to ${missing.map((m) => m.what).join(', ')} (${missing.map((m) => m.action).join(', ')}) at ${scope}.`,
            onlyIntegration
              ? 'Giving the cluster\'s identity its role needs Owner (or User Access Administrator) there: ask for it, or turn the Azure integration off in the Cluster step (no cloud provider, no Azure disks).'
              : 'Ask an Owner (or User Access Administrator) of the subscription to give you Contributor there, or pick a subscription where you have it.',
            'subscriptionId',
          ),
          command: fixCommand,
        },
      ],
      passDetail: '',
    };
  }
  return { findings: [], passDetail: `${held} (${assignee}): they allow creating resource groups, networks and VMs.` };
}

/** Resource providers a deployment uses; a subscription must have them registered before the first create. */
export const REQUIRED_PROVIDERS = ['Microsoft.Compute', 'Microsoft.Network'] as const;

/** Are Microsoft.Compute and Microsoft.Network registered on the subscription? (`providers.get`, read only.) */
export async function checkResourceProviders(c: ArmClients, spec: ClusterSpec, signal?: AbortSignal): Promise<{ findings: Finding[]; passDetail: string }> {
  const states = await Promise.all(
    REQUIRED_PROVIDERS.map(async (ns) => {
      const p = await azureCall(`Reading resource provider ${ns}`, () => c.resources.providers.get(ns, signal ? { abortSignal: signal } : {}));
      return { ns, state: p.registrationState ?? 'Unknown' };
    }),
  );
  const out: Finding[] = [];
  for (const { ns, state } of states) {
    if (state.toLowerCase() === 'registered') continue;
    const command = `az provider register --namespace ${ns} --subscription ${spec.subscriptionId}`;
    out.push(
      state.toLowerCase() === 'registering'
        ? { ...f('PROVIDER_REGISTERING', 'warning', `Resource provider ${ns} is still registering on this subscription.`, 'Wait a few minutes (az provider show --namespace ' + ns + ' --query registrationState), then run the preflight again.'), command: `az provider show --namespace ${ns} --subscription ${spec.subscriptionId} --query registrationState` }
        : { ...f('PROVIDER_NOT_REGISTERED', 'error', `Resource provider ${ns} is not registered on this subscription (${state}), so Azure refuses to create its resources there.`, 'Register it once per subscription (it takes a few minutes).'), command },
    );
  }
  return { findings: out, passDetail: `${states.map((s) => s.ns).join(' and ')} are registered on the subscription.` };
}
