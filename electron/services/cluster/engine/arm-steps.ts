import { clusterNodes, clusterTags, imageRef, resourceNames } from '../../../../shared/domain/cluster-layout';
import type { PlanStep } from '../plan/types';
import { networkId, type DeploymentContext } from './context';
import { renderNodeCustomData } from './render-node';
export { publicIpOf } from './node-facts';
import { withBootWatch } from './boot-log';
import { StepError, type StepRunContext, type StepRunner } from './types';

/**
 * ARM step runners. Each one looks before it creates (GET, then PUT only when missing or not
 * finished), so a resumed deployment never sends a second create and never overwrites what a
 * later step added (a PUT of the NSG without its rules would delete them). Every resource carries
 * the cluster tag; teardown finds leftovers by it.
 */

function isNotFound(err: unknown): boolean {
  const e = err as { statusCode?: number; code?: string };
  return e?.statusCode === 404 || e?.code === 'ResourceNotFound' || e?.code === 'ResourceGroupNotFound' || e?.code === 'NotFound';
}

async function getOrUndefined<T>(get: () => Promise<T>): Promise<T | undefined> {
  try {
    return await get();
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** GET; PUT only when missing or not provisioned. Logs what it did to the 'azure' stream. */
async function ensure<T extends { id?: string; provisioningState?: string }>(
  ctx: StepRunContext,
  what: string,
  get: () => Promise<T>,
  put: () => Promise<T>,
): Promise<T> {
  const existing = await getOrUndefined(get);
  if (existing && (existing.provisioningState === undefined || existing.provisioningState === 'Succeeded')) {
    ctx.log('info', `${what}: already exists, kept`, 'azure');
    return existing;
  }
  if (existing?.provisioningState === 'Failed') {
    throw new StepError(`${what} exists in state Failed; delete it (or destroy the cluster) and try again`);
  }
  ctx.log('info', `${what}: ${existing ? `is ${existing.provisioningState}, waiting` : 'creating'}`, 'azure');
  const created = await put();
  ctx.log('info', `${what}: ${created.provisioningState ?? 'done'}`, 'azure');
  return created;
}

function nodeOf(ctx: DeploymentContext, step: PlanStep) {
  const node = clusterNodes(ctx.spec).find((n) => n.name === step.node);
  if (!node) throw new Error(`step ${step.id} names unknown node ${String(step.node)}`);
  return node;
}

export function armRunner(ctx: DeploymentContext, step: PlanStep): StepRunner {
  const { spec, arm } = ctx;
  const rg = spec.resourceGroup.name;
  const location = spec.location;
  const tags = clusterTags(spec);
  const opt = (r: StepRunContext) => ({ abortSignal: r.signal });
  const id = step.id.split(':')[0];

  switch (id) {
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
        if (!spec.resourceGroup.create) {
          const g = await getOrUndefined(() => arm.resources.resourceGroups.get(rg, opt(r)));
          if (!g) throw new StepError(`resource group ${rg} does not exist (the spec says not to create it)`);
          r.log('info', `resource group ${rg}: exists`, 'azure');
          return;
        }
        // A resource group PUT is synchronous and idempotent; its tags are ours.
        const g = await arm.resources.resourceGroups.createOrUpdate(rg, { location, tags }, opt(r));
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
        );
      };
    case 'nsg-rule':
      return async (r) => {
        const [ruleName, priority, port] = step.id === 'nsg-rule:ssh' ? ['allow-ssh', 100, '22'] as const : ['allow-kube-api', 110, '6443'] as const;
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
                  },
                ],
              },
              opt(r),
            ),
        );
      };
    case 'vm':
      return async (r) => {
        const node = nodeOf(ctx, step);
        const name = resourceNames.vm(spec.name, node.name);
        const image = imageRef(spec);
        const customData = ctx.customData.get(node.name) ?? (await renderNodeCustomData(ctx, node.name, r.signal));
        const size = node.role === 'control-plane' ? spec.controlPlane.size : spec.workers.size;
        // While Azure provisions the VM, its serial log may already show a failed first boot.
        await withBootWatch(ctx, node.name, r, (signal) =>
          ensure(
            r,
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
                      // The disk goes with the VM, so deleting the group leaves nothing behind.
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
                  diagnosticsProfile: { bootDiagnostics: { enabled: true } },
                },
                { abortSignal: signal },
              ),
          ),
        );
      };
    default:
      throw new Error(`no ARM runner for step ${step.id}`);
  }
}
