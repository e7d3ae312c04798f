/**
 * Network security groups and their security rules (child resources, also settable inline).
 * Rules are stored as their own resources under the NSG id and composed on read, with Azure's six
 * default rules (AllowVnetInBound ... DenyAllOutBound: Azure's default rule set; intra-VNet
 * traffic is allowed by AllowVnetInBound, which Flatkube relies on).
 */
import { ArmError, type ArmRequest, type ArmResource, type ArmRouter, type ProviderDeps } from '../../arm/types';
import { pagedList, requireBody } from '../../arm/helpers';
import { NETWORK_API_VERSIONS } from '../catalog/api-versions';
import {
  RG_BASE,
  beginNetworkPut,
  deleteResource,
  networkResourceId,
  newEtag,
  newGuid,
  notFound,
  propsOf,
  requireGroup,
  startPut,
  tagsOf,
} from './common';
import { validateNetworkName } from './names';
import { nicsUsingNsg, subnetsUsingNsg } from './derived';
import { registerTopLevelRoutes } from './top-level-routes';

const NSG_TYPE = 'Microsoft.Network/networkSecurityGroups';
const RULE_TYPE = 'Microsoft.Network/networkSecurityGroups/securityRules';

const DEFAULT_RULES: Array<[string, string, string, string, string, number, 'Inbound' | 'Outbound']> = [
  ['AllowVnetInBound', 'Allow inbound traffic from all VMs in VNET', 'VirtualNetwork', 'VirtualNetwork', 'Allow', 65000, 'Inbound'],
  ['AllowAzureLoadBalancerInBound', 'Allow inbound traffic from azure load balancer', 'AzureLoadBalancer', '*', 'Allow', 65001, 'Inbound'],
  ['DenyAllInBound', 'Deny all inbound traffic', '*', '*', 'Deny', 65500, 'Inbound'],
  ['AllowVnetOutBound', 'Allow outbound traffic from all VMs to all VMs in VNET', 'VirtualNetwork', 'VirtualNetwork', 'Allow', 65000, 'Outbound'],
  ['AllowInternetOutBound', 'Allow outbound traffic from all VMs to Internet', '*', 'Internet', 'Allow', 65001, 'Outbound'],
  ['DenyAllOutBound', 'Deny all outbound traffic', '*', '*', 'Deny', 65500, 'Outbound'],
];

function defaultRules(nsgId: string) {
  return DEFAULT_RULES.map(([name, description, src, dst, access, priority, direction]) => ({
    name,
    id: `${nsgId}/defaultSecurityRules/${name}`,
    etag: 'W/"00000000-0000-0000-0000-000000000000"',
    type: 'Microsoft.Network/networkSecurityGroups/defaultSecurityRules',
    properties: {
      provisioningState: 'Succeeded',
      description,
      protocol: '*',
      sourcePortRange: '*',
      destinationPortRange: '*',
      sourceAddressPrefix: src,
      destinationAddressPrefix: dst,
      access,
      priority,
      direction,
      sourcePortRanges: [],
      destinationPortRanges: [],
      sourceAddressPrefixes: [],
      destinationAddressPrefixes: [],
    },
  }));
}

const PROTOCOLS = ['Tcp', 'Udp', 'Icmp', 'Esp', 'Ah', '*'];

function canonical(value: unknown, allowed: string[]): string | undefined {
  return typeof value === 'string' ? allowed.find((a) => a.toLowerCase() === value.toLowerCase()) : undefined;
}

/** Validates one rule (codes are Azure's; messages written from memory, not recorded). */
function buildRule(nsgId: string, name: string, props: Record<string, unknown>, existing?: ArmResource): ArmResource {
  validateNetworkName(name);
  const priority = props.priority;
  if (typeof priority !== 'number' || !Number.isInteger(priority) || priority < 100 || priority > 4096) {
    throw new ArmError(400, 'SecurityRuleInvalidPriority', `Security rule has invalid Priority. Value provided: ${String(priority)} Allowed range 100-4096.`);
  }
  const protocol = canonical(props.protocol, PROTOCOLS);
  const access = canonical(props.access, ['Allow', 'Deny']);
  const direction = canonical(props.direction, ['Inbound', 'Outbound']);
  if (!protocol) throw new ArmError(400, 'SecurityRuleInvalidProtocol', `Security rule ${name} has invalid Protocol. Value provided: ${String(props.protocol)}. Allowed values: ${PROTOCOLS.join(', ')}.`);
  if (!access) throw new ArmError(400, 'SecurityRuleInvalidAccess', `Security rule ${name} has invalid Access. Value provided: ${String(props.access)}. Allowed values: Allow, Deny.`);
  if (!direction) throw new ArmError(400, 'SecurityRuleInvalidDirection', `Security rule ${name} has invalid Direction. Value provided: ${String(props.direction)}. Allowed values: Inbound, Outbound.`);
  const list = (v: unknown) => (Array.isArray(v) ? v : []);
  return {
    id: existing?.id ?? `${nsgId}/securityRules/${name}`,
    name,
    type: RULE_TYPE,
    etag: newEtag(),
    properties: {
      provisioningState: 'Updating',
      ...(typeof props.description === 'string' ? { description: props.description } : {}),
      protocol,
      ...(props.sourcePortRange !== undefined ? { sourcePortRange: props.sourcePortRange } : {}),
      ...(props.destinationPortRange !== undefined ? { destinationPortRange: props.destinationPortRange } : {}),
      ...(props.sourceAddressPrefix !== undefined ? { sourceAddressPrefix: props.sourceAddressPrefix } : {}),
      ...(props.destinationAddressPrefix !== undefined ? { destinationAddressPrefix: props.destinationAddressPrefix } : {}),
      access,
      priority,
      direction,
      sourcePortRanges: list(props.sourcePortRanges),
      destinationPortRanges: list(props.destinationPortRanges),
      sourceAddressPrefixes: list(props.sourceAddressPrefixes),
      destinationAddressPrefixes: list(props.destinationAddressPrefixes),
    },
  };
}

function checkPriorities(rules: ArmResource[]): void {
  const seen = new Map<string, string>();
  for (const r of rules) {
    const key = `${String(r.properties?.direction)}/${String(r.properties?.priority)}`;
    const other = seen.get(key);
    if (other) {
      throw new ArmError(400, 'SecurityRuleConflict', `Security rule ${r.name} conflicts with rule ${other}. Rules cannot have the same Priority and Direction.`);
    }
    seen.set(key, r.name);
  }
}

function rulesOf(deps: ProviderDeps, nsgId: string): ArmResource[] {
  const prefix = `${nsgId.toLowerCase()}/securityrules/`;
  return deps.store.listUnder(nsgId).filter((r) => r.type === RULE_TYPE && r.id.toLowerCase().startsWith(prefix));
}

export function renderRule(rule: ArmResource): ArmResource {
  const { location: _l, tags: _t, ...rest } = rule;
  return rest;
}

export function renderNsg(deps: ProviderDeps, nsg: ArmResource): ArmResource {
  const subnets = subnetsUsingNsg(deps.store, nsg.id).map((s) => ({ id: s.id }));
  const nics = nicsUsingNsg(deps.store, nsg.id).map((n) => ({ id: n.id }));
  return {
    ...nsg,
    properties: {
      ...(nsg.properties ?? {}),
      securityRules: rulesOf(deps, nsg.id).map(renderRule),
      defaultSecurityRules: defaultRules(nsg.id),
      ...(subnets.length ? { subnets } : {}),
      ...(nics.length ? { networkInterfaces: nics } : {}),
    },
  };
}

function nsgInUse(deps: ProviderDeps, nsg: ArmResource): void {
  const users = [...subnetsUsingNsg(deps.store, nsg.id), ...nicsUsingNsg(deps.store, nsg.id)];
  if (users.length > 0) {
    // Real code; message from memory of Azure's wording (aka.ms/deletensg).
    throw new ArmError(400, 'InUseNetworkSecurityGroupCannotBeDeleted', `Network security group ${nsg.id} cannot be deleted because it is in use by the following resources: ${users.map((u) => u.id).join(', ')}. In order to delete the Network security group, remove the association with the resource(s). To learn how to do this, see aka.ms/deletensg.`);
  }
}

async function putNsg(req: ArmRequest, deps: ProviderDeps) {
  const { name, body, location, id, existing, props } = beginNetworkPut(req, deps, 'networkSecurityGroupName', 'networkSecurityGroups', NSG_TYPE);
  const nsgId = existing?.id ?? id;
  const inline = Array.isArray(props.securityRules) ? (props.securityRules as Array<{ name?: string; properties?: Record<string, unknown> }>) : undefined;
  const current = existing ? rulesOf(deps, nsgId) : [];
  const rules = (inline ?? []).map((r) => {
    if (!r.name) throw new ArmError(400, 'InvalidRequestFormat', 'Cannot parse the request. A security rule has no name.');
    return buildRule(nsgId, r.name, r.properties ?? {}, current.find((c) => c.name.toLowerCase() === r.name!.toLowerCase()));
  });
  if (inline) checkPriorities(rules);
  deps.store.putResource({
    id: nsgId,
    name,
    type: NSG_TYPE,
    location,
    ...(tagsOf(body) ? { tags: tagsOf(body) } : {}),
    etag: newEtag(),
    properties: {
      provisioningState: 'Updating',
      resourceGuid: (existing?.properties?.resourceGuid as string | undefined) ?? newGuid(),
    },
  });
  if (inline) {
    for (const gone of current) if (!rules.some((r) => r.name.toLowerCase() === gone.name.toLowerCase())) deps.store.deleteResource(gone.id);
    for (const r of rules) deps.store.putResource({ ...r, properties: { ...r.properties, provisioningState: 'Succeeded' } });
  }
  return startPut(req, deps, nsgId, !!existing, location, existing ? 'network.update' : 'network.create', () =>
    renderNsg(deps, deps.store.getResource(nsgId)!),
  );
}

async function putRule(req: ArmRequest, deps: ProviderDeps) {
  requireGroup(req, deps);
  const nsgName = req.params.networkSecurityGroupName!;
  const nsg = deps.store.getResource(networkResourceId(req, 'networkSecurityGroups', nsgName));
  if (!nsg) throw new ArmError(404, 'ParentResourceNotFound', `Can not perform requested operation on nested resource. Parent resource '${nsgName}' not found.`);
  const name = req.params.securityRuleName!;
  const current = rulesOf(deps, nsg.id);
  const existing = current.find((r) => r.name.toLowerCase() === name.toLowerCase());
  const rule = buildRule(nsg.id, name, propsOf(requireBody(req)), existing);
  checkPriorities([...current.filter((r) => r !== existing), rule]);
  deps.store.putResource(rule);
  return startPut(req, deps, rule.id, !!existing, nsg.location!, existing ? 'network.update' : 'network.create', () =>
    renderRule(deps.store.getResource(rule.id)!),
  );
}

export function registerSecurityGroupRoutes(router: ArmRouter, deps: ProviderDeps): void {
  const NSG = `${RG_BASE}/networkSecurityGroups/{networkSecurityGroupName}`;
  registerTopLevelRoutes(router, deps, {
    collection: 'networkSecurityGroups',
    param: 'networkSecurityGroupName',
    type: NSG_TYPE,
    put: putNsg,
    render: renderNsg,
    inUse: nsgInUse,
  });
  router.add({
    methods: ['GET', 'PUT', 'DELETE'],
    pattern: `${NSG}/securityRules/{securityRuleName}`,
    apiVersions: NETWORK_API_VERSIONS,
    handler: async (req) => {
      if (req.method === 'PUT') return putRule(req, deps);
      const nsgId = networkResourceId(req, 'networkSecurityGroups', req.params.networkSecurityGroupName!);
      const id = `${nsgId}/securityRules/${req.params.securityRuleName}`;
      if (req.method === 'DELETE') return deleteResource(req, deps, id, deps.store.getResource(nsgId)?.location, 'network.delete');
      requireGroup(req, deps);
      const rule = deps.store.getResource(id);
      if (!rule) throw notFound(req, NSG_TYPE, `${req.params.networkSecurityGroupName}/securityRules/${req.params.securityRuleName}`);
      return { status: 200, body: renderRule(rule) };
    },
  });
  router.add({
    methods: ['GET'],
    pattern: `${NSG}/securityRules`,
    apiVersions: NETWORK_API_VERSIONS,
    handler: (req) => {
      requireGroup(req, deps);
      const nsg = deps.store.getResource(networkResourceId(req, 'networkSecurityGroups', req.params.networkSecurityGroupName!));
      if (!nsg) throw notFound(req, NSG_TYPE, req.params.networkSecurityGroupName!);
      return pagedList(req, rulesOf(deps, nsg.id).map(renderRule));
    },
  });
}
