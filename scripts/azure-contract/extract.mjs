#!/usr/bin/env node
// Extracts Azure's published REST contract for the ARM operations Flatkube sends, from a local
// copy of Azure/azure-rest-api-specs, into small self-contained JSON schemas (one file per
// operation) under test/contract/azure/. No network.
//
//   node scripts/azure-contract/extract.mjs <specs-checkout> [--out test/contract/azure] [--skip-missing-examples]
//
// <specs-checkout> is a checkout of https://github.com/Azure/azure-rest-api-specs (or a sparse
// copy with the same paths). The commit recorded per file is read from
// <specs-checkout>/.flatkube-provenance.json when present, else from `git rev-parse HEAD`.
//
// What it does, per operation: finds it by operationId in the spec file (OpenAPI 2.0, as the
// TypeSpec emitter also writes it), takes the body parameter's schema and every response schema,
// resolves all $refs (also across files, e.g. common-types) into one `definitions` map with
// file-qualified names, drops documentation (descriptions, client hints), and keeps what
// validates: type, format, enum (+ x-ms-enum modelAsString), required, readOnly, x-ms-mutability,
// patterns and bounds, allOf, additionalProperties. Definitions listed in STUBS are not expanded
// (they are reached only through parts Flatkube neither sends nor reads); they become
// `{"x-flatkube-stub": reason}`. Only the spec's own examples named in OPERATIONS are kept,
// trimmed to the request body and the response bodies.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const COMPUTE = 'specification/compute/resource-manager/Microsoft.Compute/Compute/stable/2026-04-01/ComputeRP.json';
const SKUS = 'specification/compute/resource-manager/Microsoft.Compute/Skus/stable/2021-07-01/skus.json';
const NET = 'specification/network/resource-manager/Microsoft.Network/stable/2026-01-01';
const RESOURCES = 'specification/resources/resource-manager/Microsoft.Resources/resources/stable/2025-04-01/resources.json';
const SUBSCRIPTIONS = 'specification/resources/resource-manager/Microsoft.Resources/subscriptions/stable/2022-12-01/subscriptions.json';
const MARKETPLACE = 'specification/marketplaceordering/resource-manager/Microsoft.MarketplaceOrdering/MarketplaceOrdering/stable/2021-01-01/Agreements.json';
const COMMON_V3 = 'specification/common-types/resource-management/v3/types.json';

/**
 * The operations Flatkube sends, with the api-version the installed SDK client sends (see
 * node_modules/@azure/arm-* : the `api-version` default of each operation) and the spec examples
 * kept (by file name; none when not listed: the spec has dozens for some operations).
 */
export const OPERATIONS = [
  // @azure/arm-compute 25.1.1
  { name: 'compute.virtualMachines.createOrUpdate', file: COMPUTE, operationId: 'VirtualMachines_CreateOrUpdate', apiVersion: '2026-04-01', sdk: '@azure/arm-compute', examples: ['VirtualMachine_Create_LinuxVmWithPatchSettingModeOfImageDefault'] },
  { name: 'compute.virtualMachines.get', file: COMPUTE, operationId: 'VirtualMachines_Get', apiVersion: '2026-04-01', sdk: '@azure/arm-compute', examples: ['VirtualMachine_Get'] },
  { name: 'compute.virtualMachines.delete', file: COMPUTE, operationId: 'VirtualMachines_Delete', apiVersion: '2026-04-01', sdk: '@azure/arm-compute' },
  { name: 'compute.virtualMachines.retrieveBootDiagnosticsData', file: COMPUTE, operationId: 'VirtualMachines_RetrieveBootDiagnosticsData', apiVersion: '2026-04-01', sdk: '@azure/arm-compute' },
  { name: 'compute.virtualMachineImages.listOffers', file: COMPUTE, operationId: 'VirtualMachineImages_ListOffers', apiVersion: '2026-04-01', sdk: '@azure/arm-compute' },
  { name: 'compute.virtualMachineImages.listSkus', file: COMPUTE, operationId: 'VirtualMachineImages_ListSkus', apiVersion: '2026-04-01', sdk: '@azure/arm-compute' },
  { name: 'compute.virtualMachineImages.list', file: COMPUTE, operationId: 'VirtualMachineImages_List', apiVersion: '2026-04-01', sdk: '@azure/arm-compute', examples: ['VirtualMachineImage_List_MinimumSet_Gen'] },
  { name: 'compute.virtualMachineImages.get', file: COMPUTE, operationId: 'VirtualMachineImages_Get', apiVersion: '2026-04-01', sdk: '@azure/arm-compute', examples: ['VirtualMachineImage_Get_MaximumSet_Gen'] },
  { name: 'compute.usage.list', file: COMPUTE, operationId: 'Usage_List', apiVersion: '2026-04-01', sdk: '@azure/arm-compute', examples: ['Usage_List_MaximumSet_Gen'] },
  { name: 'compute.resourceSkus.list', file: SKUS, operationId: 'ResourceSkus_List', apiVersion: '2021-07-01', sdk: '@azure/arm-compute', examples: ['ListAvailableResourceSkusForARegion'] },
  // @azure/arm-network 39.0.0
  { name: 'network.virtualNetworks.createOrUpdate', file: `${NET}/virtualNetwork.json`, operationId: 'VirtualNetworks_CreateOrUpdate', apiVersion: '2026-01-01', sdk: '@azure/arm-network', examples: ['VirtualNetworkCreateSubnet'] },
  { name: 'network.virtualNetworks.get', file: `${NET}/virtualNetwork.json`, operationId: 'VirtualNetworks_Get', apiVersion: '2026-01-01', sdk: '@azure/arm-network' },
  { name: 'network.virtualNetworks.delete', file: `${NET}/virtualNetwork.json`, operationId: 'VirtualNetworks_Delete', apiVersion: '2026-01-01', sdk: '@azure/arm-network' },
  { name: 'network.networkSecurityGroups.createOrUpdate', file: `${NET}/networkSecurityGroup.json`, operationId: 'NetworkSecurityGroups_CreateOrUpdate', apiVersion: '2026-01-01', sdk: '@azure/arm-network' },
  { name: 'network.networkSecurityGroups.get', file: `${NET}/networkSecurityGroup.json`, operationId: 'NetworkSecurityGroups_Get', apiVersion: '2026-01-01', sdk: '@azure/arm-network' },
  { name: 'network.networkSecurityGroups.delete', file: `${NET}/networkSecurityGroup.json`, operationId: 'NetworkSecurityGroups_Delete', apiVersion: '2026-01-01', sdk: '@azure/arm-network' },
  { name: 'network.securityRules.createOrUpdate', file: `${NET}/networkSecurityGroup.json`, operationId: 'SecurityRules_CreateOrUpdate', apiVersion: '2026-01-01', sdk: '@azure/arm-network' },
  { name: 'network.securityRules.get', file: `${NET}/networkSecurityGroup.json`, operationId: 'SecurityRules_Get', apiVersion: '2026-01-01', sdk: '@azure/arm-network' },
  { name: 'network.publicIPAddresses.createOrUpdate', file: `${NET}/publicIpAddress.json`, operationId: 'PublicIPAddresses_CreateOrUpdate', apiVersion: '2026-01-01', sdk: '@azure/arm-network', examples: ['PublicIpAddressCreateDefaults'] },
  { name: 'network.publicIPAddresses.get', file: `${NET}/publicIpAddress.json`, operationId: 'PublicIPAddresses_Get', apiVersion: '2026-01-01', sdk: '@azure/arm-network' },
  { name: 'network.publicIPAddresses.delete', file: `${NET}/publicIpAddress.json`, operationId: 'PublicIPAddresses_Delete', apiVersion: '2026-01-01', sdk: '@azure/arm-network' },
  { name: 'network.networkInterfaces.createOrUpdate', file: `${NET}/networkInterface.json`, operationId: 'NetworkInterfaces_CreateOrUpdate', apiVersion: '2026-01-01', sdk: '@azure/arm-network', examples: ['NetworkInterfaceCreate'] },
  { name: 'network.networkInterfaces.get', file: `${NET}/networkInterface.json`, operationId: 'NetworkInterfaces_Get', apiVersion: '2026-01-01', sdk: '@azure/arm-network' },
  { name: 'network.networkInterfaces.delete', file: `${NET}/networkInterface.json`, operationId: 'NetworkInterfaces_Delete', apiVersion: '2026-01-01', sdk: '@azure/arm-network' },
  // @azure/arm-resources 8.0.0
  { name: 'resources.resourceGroups.checkExistence', file: RESOURCES, operationId: 'ResourceGroups_CheckExistence', apiVersion: '2025-04-01', sdk: '@azure/arm-resources' },
  { name: 'resources.resourceGroups.createOrUpdate', file: RESOURCES, operationId: 'ResourceGroups_CreateOrUpdate', apiVersion: '2025-04-01', sdk: '@azure/arm-resources' },
  { name: 'resources.resourceGroups.get', file: RESOURCES, operationId: 'ResourceGroups_Get', apiVersion: '2025-04-01', sdk: '@azure/arm-resources' },
  { name: 'resources.resourceGroups.delete', file: RESOURCES, operationId: 'ResourceGroups_Delete', apiVersion: '2025-04-01', sdk: '@azure/arm-resources' },
  { name: 'resources.resources.list', file: RESOURCES, operationId: 'Resources_List', apiVersion: '2025-04-01', sdk: '@azure/arm-resources' },
  { name: 'resources.resources.listByResourceGroup', file: RESOURCES, operationId: 'Resources_ListByResourceGroup', apiVersion: '2025-04-01', sdk: '@azure/arm-resources' },
  { name: 'resources.tagsOperations.updateAtScope', file: RESOURCES, operationId: 'Tags_UpdateAtScope', apiVersion: '2025-04-01', sdk: '@azure/arm-resources' },
  // @azure/arm-resources-subscriptions 3.0.0
  { name: 'subscriptions.subscriptions.list', file: SUBSCRIPTIONS, operationId: 'Subscriptions_List', apiVersion: '2022-12-01', sdk: '@azure/arm-resources-subscriptions' },
  { name: 'subscriptions.subscriptions.listLocations', file: SUBSCRIPTIONS, operationId: 'Subscriptions_ListLocations', apiVersion: '2022-12-01', sdk: '@azure/arm-resources-subscriptions' },
  { name: 'subscriptions.tenants.list', file: SUBSCRIPTIONS, operationId: 'Tenants_List', apiVersion: '2022-12-01', sdk: '@azure/arm-resources-subscriptions' },
  // @azure/arm-marketplaceordering 3.1.1
  { name: 'marketplace.marketplaceAgreements.get', file: MARKETPLACE, operationId: 'MarketplaceAgreements_Get', apiVersion: '2021-01-01', sdk: '@azure/arm-marketplaceordering', examples: ['GetMarketplaceTerms'] },
  { name: 'marketplace.marketplaceAgreements.create', file: MARKETPLACE, operationId: 'MarketplaceAgreements_Create', apiVersion: '2021-01-01', sdk: '@azure/arm-marketplaceordering', examples: ['SetMarketplaceTerms'] },
];

/**
 * Long-running operations are polled at the URLs ARM hands out (Azure-AsyncOperation, Location);
 * those have no operationId of their own. Their status body is ARM's common contract
 * (https://github.com/Azure/azure-resource-manager-rpc, async-api-reference), which common-types
 * carries as OperationStatusResult.
 */
export const EXTRA_SCHEMAS = [{ name: 'arm.asyncOperationStatus', file: COMMON_V3, definition: 'OperationStatusResult' }];

/**
 * Definitions not expanded: reached only through parts of the payloads Flatkube neither sends nor
 * reads (Windows settings, scale sets, private endpoints, load balancers, ...). Keyed
 * `<file>#<definition>`. `type` keeps a plain type check where the definition is a scalar.
 */
const STUB_REASON = 'not expanded: Flatkube neither sends nor reads this part';
const stubs = (file, names, extra = {}) => Object.fromEntries(names.map((n) => [`${file}#${n}`, { reason: STUB_REASON, ...extra }]));
export const STUBS = {
  ...stubs(COMPUTE, [
    'AdditionalCapabilities', 'ApplicationProfile', 'CapacityReservationProfile', 'DataDisk', 'DataDiskImage', 'DiffDiskSettings',
    'DisallowedConfiguration', 'InterconnectBlockProfile', 'InterconnectGroupProfile', 'InterconnectInstanceView', 'ResiliencyProfile',
    'ScheduledEventsPolicy', 'ScheduledEventsProfile', 'VaultCertificate', 'VirtualMachineExtension', 'VirtualMachineHealthStatus',
    'VirtualMachineNetworkInterfaceConfiguration', 'VirtualMachinePatchStatus', 'VMSizeProperties',
    'WindowsConfiguration', 'ZonePlacementPolicyType',
  ]),
  ...stubs(COMPUTE, ['VirtualMachineSizeTypes'], { type: 'string', reason: 'extensible enum (modelAsString) of every VM size; sizes come from Resource SKUs' }),
  ...stubs(COMPUTE, ['DeleteOptions', 'CapacityReservationType'], { type: 'string' }),
  ...stubs(`${NET}/applicationSecurityGroup.json`, ['ApplicationSecurityGroup']),
  ...stubs(`${NET}/networkInterface.json`, ['IPConfiguration', 'NetworkInterfaceTapConfiguration']),
  ...stubs(`${NET}/networkWatcher.json`, ['FlowLog']),
  ...stubs(`${NET}/natGateway.json`, ['NatGateway']),
  ...stubs(`${NET}/routeTable.json`, ['RouteTable']),
  ...stubs(`${NET}/serviceEndpointPolicy.json`, ['ServiceEndpointPolicy']),
  ...stubs(`${NET}/privateEndpoint.json`, ['PrivateEndpoint']),
  ...stubs(`${NET}/privateLinkService.json`, ['PrivateLinkService']),
  ...stubs(`${NET}/networkProfile.json`, ['IPConfigurationProfile']),
  ...stubs(`${NET}/applicationGateway.json`, ['ApplicationGatewayIPConfiguration', 'ApplicationGatewayBackendAddressPool']),
  ...stubs(`${NET}/loadBalancer.json`, ['BackendAddressPool', 'InboundNatRule']),
  ...stubs(`${NET}/virtualNetworkTap.json`, ['VirtualNetworkTap']),
  ...stubs(`${NET}/virtualNetwork.json`, ['ResourceNavigationLink', 'ServiceAssociationLink', 'VirtualNetworkPeering', 'IpamPoolPrefixAllocation']),
  ...stubs(SUBSCRIPTIONS, ['AvailabilityZoneMappings']),
};

/** Keys of a schema object that carry validation (everything else is documentation or client hints). */
const KEEP = new Set([
  'type', 'format', 'enum', 'required', 'readOnly', 'properties', 'additionalProperties', 'items', 'allOf', '$ref', 'minimum', 'maximum',
  'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems', 'uniqueItems', 'x-ms-mutability',
  'x-ms-secret', 'x-nullable', 'discriminator', 'x-ms-discriminator-value', 'x-flatkube-note',
]);

function parseArgs(argv) {
  const args = { checkout: undefined, out: 'test/contract/azure', skipMissingExamples: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') args.out = argv[++i];
    else if (argv[i] === '--skip-missing-examples') args.skipMissingExamples = true;
    else if (!args.checkout) args.checkout = argv[i];
    else throw new Error(`unexpected argument ${argv[i]}`);
  }
  if (!args.checkout) throw new Error('usage: node scripts/azure-contract/extract.mjs <azure-rest-api-specs checkout> [--out DIR]');
  return args;
}

/** Definition names from different files are qualified with a short, stable file tag. */
function fileTag(file) {
  const base = path.basename(file, '.json');
  return ['types', 'common'].includes(base) ? `${base}-${path.basename(path.dirname(file))}` : base;
}

function provenanceOf(checkout) {
  const p = path.join(checkout, '.flatkube-provenance.json');
  if (existsSync(p)) return JSON.parse(readFileSync(p, 'utf8')).files;
  const commit = execFileSync('git', ['-C', checkout, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  return new Proxy({}, { get: () => ({ repo: 'Azure/azure-rest-api-specs', commit, copy: 'checkout' }) });
}

export function extract(checkout, { skipMissingExamples = false } = {}) {
  const docs = new Map();
  const load = (file) => {
    if (!docs.has(file)) {
      const abs = path.join(checkout, file);
      if (!existsSync(abs)) return undefined;
      docs.set(file, JSON.parse(readFileSync(abs, 'utf8')));
    }
    return docs.get(file);
  };

  /** `ref` as written in `fromFile` -> { file, name } (only #/definitions/ refs occur in schemas). */
  const target = (fromFile, ref) => {
    const [filePart, pointer] = ref.split('#');
    const file = filePart ? path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), filePart)) : fromFile;
    const m = /^\/definitions\/(.+)$/.exec(pointer ?? '');
    if (!m) throw new Error(`unsupported $ref ${ref} in ${fromFile}`);
    return { file, name: decodeURIComponent(m[1]) };
  };

  function newConversion() {
    const definitions = {};
    const pending = [];
    const files = new Set();
    const keyOf = (t) => `${fileTag(t.file)}.${t.name}`;
    const refTo = (fromFile, ref) => {
      const t = target(fromFile, ref);
      const key = keyOf(t);
      if (!(key in definitions)) {
        definitions[key] = null; // reserved (cycles)
        pending.push({ ...t, key });
      }
      return { $ref: `#/definitions/${key}` };
    };
    const convert = (schema, file) => {
      if (Array.isArray(schema)) return schema.map((s) => convert(s, file));
      if (!schema || typeof schema !== 'object') return schema;
      if (schema.$ref) {
        // Siblings of $ref (readOnly on a property) matter: keep them beside an allOf.
        const ref = refTo(file, schema.$ref);
        const rest = Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$ref' && KEEP.has(k)));
        return Object.keys(rest).length ? { allOf: [ref], ...rest } : ref;
      }
      const out = {};
      for (const [k, v] of Object.entries(schema)) {
        if (k === 'x-ms-enum') out[k] = { modelAsString: v.modelAsString === true };
        else if (!KEEP.has(k)) continue;
        else if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, convert(s, file)]));
        else if (k === 'items' || k === 'additionalProperties' || k === 'allOf') out[k] = typeof v === 'boolean' ? v : convert(v, file);
        else out[k] = v;
      }
      return out;
    };
    const drain = () => {
      while (pending.length) {
        const t = pending.shift();
        const stub = STUBS[`${t.file}#${t.name}`];
        if (stub) {
          definitions[t.key] = { ...(stub.type ? { type: stub.type } : {}), 'x-flatkube-stub': stub.reason };
          continue;
        }
        const doc = load(t.file);
        const def = doc?.definitions?.[t.name];
        files.add(t.file);
        if (!def) throw new Error(`${t.file}#/definitions/${t.name} not found (add it to STUBS if Flatkube neither sends nor reads it)`);
        definitions[t.key] = convert(def, t.file);
      }
    };
    return { definitions, convert, drain, refTo, files };
  }

  const provenance = provenanceOf(checkout);
  /** Where a local copy says a file was not read at its own path or commit, the output says so too. */
  const provNote = (p) => ({ ...(p?.readFrom ? { readFrom: p.readFrom } : {}), ...(p?.note ? { note: p.note } : {}) });
  /** The other spec files an operation's definitions came from (common-types and the like). */
  const alsoFrom = (main, files) =>
    [...files]
      .filter((f) => f !== main)
      .sort()
      .map((f) => ({ path: f, repo: provenance[f]?.repo ?? 'Azure/azure-rest-api-specs', commit: provenance[f]?.commit ?? null, ...provNote(provenance[f]) }));
  const results = [];
  for (const op of OPERATIONS) {
    const doc = load(op.file);
    if (!doc) throw new Error(`${op.file} missing in ${checkout}`);
    let found;
    for (const [p, item] of Object.entries(doc.paths ?? {})) {
      for (const [method, o] of Object.entries(item)) if (o && o.operationId === op.operationId) found = { path: p, method: method.toUpperCase(), o };
    }
    if (!found) throw new Error(`${op.operationId} not found in ${op.file}`);
    const c = newConversion();
    const bodyParam = (found.o.parameters ?? []).find((p) => p.in === 'body');
    const request = bodyParam ? { required: bodyParam.required === true, schema: c.convert(bodyParam.schema, op.file) } : null;
    const responses = {};
    for (const [code, r] of Object.entries(found.o.responses ?? {})) responses[code] = r.schema ? c.convert(r.schema, op.file) : null;
    c.drain();
    const examples = [];
    const wanted = op.examples ?? [];
    for (const [title, ref] of Object.entries(found.o['x-ms-examples'] ?? {})) {
      const exFile = path.posix.normalize(path.posix.join(path.posix.dirname(op.file), ref.$ref));
      if (!wanted.includes(path.basename(exFile, '.json'))) continue;
      const abs = path.join(checkout, exFile);
      if (!existsSync(abs)) {
        if (skipMissingExamples) continue;
        throw new Error(`example ${exFile} (${op.operationId}) missing in ${checkout} (--skip-missing-examples leaves it out)`);
      }
      const ex = JSON.parse(readFileSync(abs, 'utf8'));
      const body = bodyParam ? ex.parameters?.[bodyParam.name] : undefined;
      examples.push({
        title,
        path: exFile,
        ...(provenance[exFile]?.commit ? { commit: provenance[exFile].commit } : {}),
        ...provNote(provenance[exFile]),
        ...(body !== undefined ? { request: body } : {}),
        responses: Object.fromEntries(Object.entries(ex.responses ?? {}).map(([code, r]) => [code, r?.body ?? null])),
      });
    }
    const prov = provenance[op.file] ?? {};
    results.push({
      name: op.name,
      content: {
        source: {
          repo: prov.repo ?? 'Azure/azure-rest-api-specs',
          commit: prov.commit ?? null,
          path: op.file,
          ...(prov.copy ? { copy: prov.copy } : {}),
          ...provNote(prov),
          apiVersion: op.apiVersion,
          operationId: op.operationId,
          sdk: op.sdk,
          alsoFrom: alsoFrom(op.file, c.files),
        },
        method: found.method,
        pathTemplate: found.path,
        ...(found.o['x-ms-long-running-operation'] ? { longRunning: found.o['x-ms-long-running-operation-options'] ?? true } : {}),
        ...(found.o['x-flatkube-note'] ? { note: found.o['x-flatkube-note'] } : {}),
        request,
        responses,
        examples,
        definitions: Object.fromEntries(Object.entries(c.definitions).sort(([a], [b]) => a.localeCompare(b))),
      },
    });
  }
  for (const extra of EXTRA_SCHEMAS) {
    const c = newConversion();
    const schema = c.refTo(extra.file, `#/definitions/${extra.definition}`);
    c.drain();
    const prov = provenance[extra.file] ?? {};
    results.push({
      name: extra.name,
      content: {
        source: { repo: prov.repo ?? 'Azure/azure-rest-api-specs', commit: prov.commit ?? null, path: extra.file, ...(prov.copy ? { copy: prov.copy } : {}), ...provNote(prov), definition: extra.definition, alsoFrom: alsoFrom(extra.file, c.files) },
        responses: { 200: schema },
        examples: [],
        definitions: Object.fromEntries(Object.entries(c.definitions).sort(([a], [b]) => a.localeCompare(b))),
      },
    });
  }
  return results;
}

/**
 * Two-space JSON down to the second level; below that (each definition, schema, example) one line:
 * small diffs when the spec changes, and a fraction of the size of fully indented output.
 */
export function serialize(content) {
  const line = (v) => JSON.stringify(v);
  const block = (obj, indent) =>
    `{\n${Object.entries(obj)
      .map(([k, v]) => `${indent}  ${line(k)}: ${v && typeof v === 'object' && !Array.isArray(v) && indent === '' ? block(v, '  ') : Array.isArray(v) && indent === '' ? `[${v.length ? `\n${v.map((x) => `    ${line(x)}`).join(',\n')}\n  ` : ''}]` : line(v)}`)
      .join(',\n')}\n${indent}}`;
  return `${block(content, '')}\n`;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const results = extract(args.checkout, args);
  mkdirSync(args.out, { recursive: true });
  for (const f of readdirSync(args.out)) if (f.endsWith('.json')) rmSync(path.join(args.out, f));
  for (const r of results) writeFileSync(path.join(args.out, `${r.name}.json`), serialize(r.content));
  console.log(`wrote ${results.length} operation schemas to ${args.out}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
