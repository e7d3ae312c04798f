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
  const roles = [
    { path: 'controlPlane.size', size: spec.controlPlane.size, count: 1, label: 'control plane' },
    { path: 'workers.size', size: spec.workers.size, count: spec.workers.count, label: 'worker' },
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
