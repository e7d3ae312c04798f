import { clusterTags, imageRef, resourceNames } from '../../../../shared/domain/cluster-layout';
import { isNotFound } from '../../azure/azure-errors';
import { isLroPoller, untilDone } from '../../azure/lro-poll';
import type { PlanStep } from '../plan/types';
import { computeId, networkId, nodeNamed, resourceGroupId, type DeploymentContext } from './context';
import { backendPoolsOf } from './api-lb-ids';
import { mergeGroupTags } from './group-tags';
import { renderNodeCustomData } from './render-node';
import { identityId } from './identity-ids';
export { publicIpOf } from './node-facts';
import { withBootWatch } from './boot-log';
import { StepError, type StepRunContext, type StepRunner } from './types';

/**
 * ARM step runners. Each one looks before it creates (GET, then PUT only when missing or not
 * finished), so a resumed deployment never sends a second create and never overwrites what a
 * later step added (a PUT of the NSG without its rules would delete them). Every resource carries
 * the cluster tag; teardown finds leftovers by it.
 *
 * Ownership (issue 13): what a runner is about to create is recorded in the cluster record before
 * its PUT, and teardown deletes only that. So a runner never takes over what it finds and did not
 * record: an existing group with `resourceGroup.create: true` is refused, and so is an existing
 * resource with the cluster's name in a group Flatkube did not create.
 */

export async function getOrUndefined<T>(get: () => Promise<T>): Promise<T | undefined> {
  try {
    return await get();
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** A top-level resource the step creates: its id, and ids it brings along (a VM's OS disk). */
export interface Owned {
  ctx: DeploymentContext;
  id: string;
  alsoCreates?: string[];
}

/**
 * GET; PUT only when missing or not provisioned. Logs what it did to the 'azure' stream. With
 * `owned`: an existing resource must be the cluster's (recorded, or in a group it created), and a
 * missing one is recorded before the PUT.
 */
export async function ensure<T extends { id?: string; provisioningState?: string }>(
  ctx: StepRunContext,
  what: string,
  get: () => Promise<T>,
  put: () => PromiseLike<T>,
  owned?: Owned,
  /** The deployment, for a resource the cluster does not record by itself (an NSG's rule): paces its operation. */
  deployment: DeploymentContext | undefined = owned?.ctx,
): Promise<T> {
  // In the group this very run created (201), nothing exists that this run did not write: the
  // GET would answer 404, so it is not sent (ownership-ledger.ts knownAbsent). A resumed run GETs.
  const known = owned !== undefined && owned.ctx.ownership.knownAbsent(owned.id);
  const existing = known ? undefined : await getOrUndefined(get);
  if (existing && owned && !owned.ctx.ownership.mayUse(owned.id)) {
    const rg = owned.ctx.spec.resourceGroup.name;
    throw new StepError(`${what} already exists in resource group ${rg} and was not created by this cluster; Flatkube does not take over (or later delete) resources it did not create`, {
      hint: 'Delete or rename that resource, or choose another cluster name (resource names derive from it).',
    });
  }
  if (existing && owned) await owned.ctx.ownership.recordResources([owned.id, ...(owned.alsoCreates ?? [])]);
  if (existing && (existing.provisioningState === undefined || existing.provisioningState === 'Succeeded')) {
    ctx.log('info', `${what}: already exists, kept`, 'azure');
    return existing;
  }
  if (existing?.provisioningState === 'Failed') {
    throw new StepError(`${what} exists in state Failed; delete it (or destroy the cluster) and try again`);
  }
  // Recorded before the PUT: a crash right after it leaves the resource known as ours.
  if (!existing && owned) await owned.ctx.ownership.recordResources([owned.id, ...(owned.alsoCreates ?? [])]);
  if (owned) for (const id of [owned.id, ...(owned.alsoCreates ?? [])]) owned.ctx.ownership.noteWriting(id);
  ctx.log('info', `${what}: ${existing ? `is ${existing.provisioningState}, waiting` : known ? 'creating (new resource group: nothing to look up)' : 'creating'}`, 'azure');
  const created = deployment ? await settled(deployment, ctx, put()) : await put();
  ctx.log('info', `${what}: ${created.provisioningState ?? 'done'}`, 'azure');
  return created;
}

/**
 * Waits for an ARM long-running operation (a PUT that answered 201/202 with a status URL) at the
 * pace of azure/lro-poll.ts: Retry-After, cut to the end the plan expects for the step (its
 * estimate, from ARM's answer to the PUT on), never below the floor. Anything else (a
 * synchronous answer, a test double without the Retry-After book) is simply awaited.
 */
export function settled<T>(ctx: DeploymentContext, r: StepRunContext, op: PromiseLike<T>, signal: AbortSignal = r.signal): Promise<T> {
  const book = ctx.arm.retryAfter;
  if (!book || !isLroPoller(op)) return Promise.resolve(op);
  return untilDone(op, { book, expectedMs: r.step.estimateMs * ctx.timings.lroEstimateScale, floorMs: ctx.timings.lroPollFloorMs, signal });
}

function nodeOf(ctx: DeploymentContext, step: PlanStep) {
  return nodeNamed(ctx, step.node);
}

export function armRunner(ctx: DeploymentContext, step: PlanStep): StepRunner {
  const { spec, arm } = ctx;
  const rg = spec.resourceGroup.name;
  const location = spec.location;
  const tags = clusterTags(spec);
  const opt = (r: StepRunContext) => ({ abortSignal: r.signal });
  switch (step.action) {
    case 'terms':
      return async (r) => {
        const plan = imageRef(spec).plan;
        if (!plan) return;
        const terms = await arm.marketplace.marketplaceAgreements.get('virtualmachine', plan.publisher, plan.product, plan.name, opt(r));
        if (terms.accepted) {
          r.log('info', `terms of ${plan.product}/${plan.name}: already accepted`, 'azure');
          return;
        }
        await arm.marketplace.marketplaceAgreements.create('virtualmachine', plan.publisher, plan.product, plan.name, { ...terms, accepted: true }, opt(r));
        r.log('info', `terms of ${plan.product}/${plan.name}: accepted`, 'azure');
      };
    case 'rg':
      return async (r) => {
        const existing = await getOrUndefined(() => arm.resources.resourceGroups.get(rg, opt(r)));
        if (!spec.resourceGroup.create) {
          if (!existing) throw new StepError(`resource group ${rg} does not exist (the spec says not to create it)`);
          // The user's group: add Flatkube's tags beside its own, never replace them.
          await mergeGroupTags({ arm, spec, ledger: ctx.ownership, currentTags: existing.tags, wanted: tags, log: (t) => r.log('info', t, 'azure'), signal: r.signal });
          return;
        }
        if (existing && !ctx.ownership.groupCreated) {
          // A PUT would replace its tags, and teardown would delete everything in it.
          throw new StepError(
            `resource group ${rg} already exists and was not created by this cluster; Flatkube will not take it over. ` +
              `Either choose another resource group name (one that does not exist yet), or use the existing group explicitly ` +
              `(resourceGroup.create: false in the spec; "Use an existing one" in the wizard): Flatkube then adds its tags and deletes only what it created.`,
          );
        }
        if (existing) {
          r.log('info', `resource group ${rg}: exists (created by this cluster), kept`, 'azure');
          return;
        }
        await ctx.ownership.recordGroupCreated();
        // A resource group PUT is synchronous and idempotent; its tags are ours. 201 = Azure
        // created it now, so it is empty (200 = it existed after all: someone made it since the
        // GET). Azure/azure-rest-api-specs specification/resources/resource-manager/Microsoft.Resources
        // resources.json, ResourceGroups_CreateOrUpdate: 200 "OK - Returns information about the new
        // resource group.", 201 "Created - Returns information about the new resource group."
        let status: number | undefined;
        const g = await arm.resources.resourceGroups.createOrUpdate(rg, { location, tags }, { ...opt(r), onResponse: (res) => (status = res.status) });
        if (status === 201) ctx.ownership.noteGroupCreatedByThisRun(resourceGroupId(spec));
        r.log('info', `resource group ${rg}: ${g.properties?.provisioningState ?? 'ready'}`, 'azure');
      };
    case 'vnet':
      return async (r) => {
        const name = resourceNames.vnet(spec.name);
        await ensure(
          r,
          `virtual network ${name}`,
          () => arm.network.virtualNetworks.get(rg, name, opt(r)),
          () =>
            arm.network.virtualNetworks.createOrUpdate(
              rg,
              name,
              {
                location,
                tags,
                addressSpace: { addressPrefixes: [spec.network.vnetCidr] },
                subnets: [{ name: resourceNames.subnet(spec.name), addressPrefix: spec.network.subnetCidr }],
              },
              opt(r),
            ),
          { ctx, id: networkId(spec, 'virtualNetworks', name) },
        );
      };
    case 'nsg':
      return async (r) => {
        const name = resourceNames.nsg(spec.name);
        await ensure(
          r,
          `network security group ${name}`,
          () => arm.network.networkSecurityGroups.get(rg, name, opt(r)),
          () => arm.network.networkSecurityGroups.createOrUpdate(rg, name, { location, tags }, opt(r)),
          { ctx, id: networkId(spec, 'networkSecurityGroups', name) },
        );
      };
    case 'nsg-rule':
      return async (r) => {
        const [ruleName, priority, port] = step.subject === 'ssh' ? ['allow-ssh', 100, '22'] as const : ['allow-kube-api', 110, '6443'] as const;
        const nsg = resourceNames.nsg(spec.name);
        await ensure(
          r,
          `NSG rule ${ruleName} (TCP ${port} from ${spec.allowedSourceIp}/32)`,
          () => arm.network.securityRules.get(rg, nsg, ruleName, opt(r)),
          () =>
            arm.network.securityRules.createOrUpdate(
              rg,
              nsg,
              ruleName,
              {
                protocol: 'Tcp',
                access: 'Allow',
                direction: 'Inbound',
                priority,
                sourceAddressPrefix: `${spec.allowedSourceIp}/32`,
                sourcePortRange: '*',
                destinationAddressPrefix: '*',
                destinationPortRange: port,
              },
              opt(r),
            ),
          undefined,
          ctx,
        );
      };
    case 'pip':
      return async (r) => {
        const node = nodeOf(ctx, step);
        const name = resourceNames.publicIp(spec.name, node.name);
        const pip = await ensure(
          r,
          `public IP ${name}`,
          () => arm.network.publicIPAddresses.get(rg, name, opt(r)),
          () =>
            arm.network.publicIPAddresses.createOrUpdate(
              rg,
              name,
              { location, tags, sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static', publicIPAddressVersion: 'IPv4' },
              opt(r),
            ),
          { ctx, id: networkId(spec, 'publicIPAddresses', name) },
        );
        if (pip.ipAddress) {
          await ctx.journal.setFact(`publicIp:${node.name}`, pip.ipAddress);
          r.log('info', `public IP of ${node.name}: ${pip.ipAddress}`, 'azure');
        }
      };
    case 'nic':
      return async (r) => {
        const node = nodeOf(ctx, step);
        const name = resourceNames.nic(spec.name, node.name);
        await ensure(
          r,
          `network interface ${name} (${node.privateIp})`,
          () => arm.network.networkInterfaces.get(rg, name, opt(r)),
          () =>
            arm.network.networkInterfaces.createOrUpdate(
              rg,
              name,
              {
                location,
                tags,
                networkSecurityGroup: { id: networkId(spec, 'networkSecurityGroups', resourceNames.nsg(spec.name)) },
                ipConfigurations: [
                  {
                    name: 'ipconfig1',
                    primary: true,
                    privateIPAllocationMethod: 'Static',
                    privateIPAddress: node.privateIp,
                    subnet: { id: `${networkId(spec, 'virtualNetworks', resourceNames.vnet(spec.name))}/subnets/${resourceNames.subnet(spec.name)}` },
                    publicIPAddress: { id: networkId(spec, 'publicIPAddresses', resourceNames.publicIp(spec.name, node.name)) },
                    // A control plane of a cluster with three: in the API load balancer's pool.
                    ...backendPoolsOf(spec, node),
                  },
                ],
              },
              opt(r),
            ),
          { ctx, id: networkId(spec, 'networkInterfaces', name) },
        );
      };
    case 'vm':
      return async (r) => {
        const node = nodeOf(ctx, step);
        const name = resourceNames.vm(spec.name, node.name);
        const image = imageRef(spec);
        const customData = ctx.customData.get(node.name) ?? (await renderNodeCustomData(ctx, node, r.signal));
        const size = node.size;
        // While Azure provisions the VM, its serial log may already show a failed first boot.
        await withBootWatch(ctx, node.name, r, (signal) =>
          ensure(
            // The watch's signal: a failed boot also ends the wait between status polls.
            { ...r, signal },
            `VM ${name} (${size}, ${image.urn})`,
            () => arm.compute.virtualMachines.get(rg, name, { abortSignal: signal }),
            () =>
              arm.compute.virtualMachines.createOrUpdate(
                rg,
                name,
                {
                  location,
                  tags,
                  ...(image.plan ? { plan: { name: image.plan.name, product: image.plan.product, publisher: image.plan.publisher } } : {}),
                  hardwareProfile: { vmSize: size },
                  storageProfile: {
                    imageReference: { publisher: image.publisher, offer: image.offer, sku: image.sku, version: image.version },
                    osDisk: {
                      name: resourceNames.osDisk(spec.name, node.name),
                      createOption: 'FromImage',
                      managedDisk: { storageAccountType: 'StandardSSD_LRS' },
                      // The disk goes with the VM, so deleting the group (or the VM) leaves nothing behind.
                      deleteOption: 'Delete',
                    },
                  },
                  osProfile: {
                    computerName: node.name,
                    adminUsername: spec.ssh.user,
                    customData,
                    linuxConfiguration: {
                      disablePasswordAuthentication: true,
                      ssh: { publicKeys: [{ path: `/home/${spec.ssh.user}/.ssh/authorized_keys`, keyData: spec.ssh.publicKey }] },
                    },
                  },
                  networkProfile: {
                    networkInterfaces: [{ id: networkId(spec, 'networkInterfaces', resourceNames.nic(spec.name, node.name)), primary: true }],
                  },
                  // Flatcar's images do not support Trusted Launch (flatcar/Flatcar#1249), which
                  // Azure may apply by default to Gen2 images; `Standard` (a first-class value from
                  // api-version 2025-11-01, the SDK sends 2026-04-01) opts out explicitly.
                  securityProfile: { securityType: 'Standard' },
                  diagnosticsProfile: { bootDiagnostics: { enabled: true } },
                  // The cluster's identity, for the cloud provider and the disk driver on the node
                  // (Azure/azure-rest-api-specs Microsoft.Compute VirtualMachineIdentity: type
                  // UserAssigned, userAssignedIdentities keyed by the identity's resource id, values {}).
                  ...(spec.azureIntegration.cloudProvider ? { identity: { type: 'UserAssigned' as const, userAssignedIdentities: { [identityId(spec)]: {} } } } : {}),
                },
                { abortSignal: signal },
              ),
            // The OS disk is created with the VM: recorded with it, deleted after it.
            { ctx, id: computeId(spec, 'virtualMachines', name), alsoCreates: [computeId(spec, 'disks', resourceNames.osDisk(spec.name, node.name))] },
          ),
        );
      };
    default:
      throw new Error(`no ARM runner for step ${step.id}`);
  }
}
