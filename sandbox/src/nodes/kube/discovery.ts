// Discovery and OpenAPI as kubectl reads them: the legacy documents (/api, /apis, /apis/<g>,
// /api/v1, /apis/<g>/<v>), aggregated discovery (apidiscovery.k8s.io/v2 and v2beta1, what
// client-go asks for first), and OpenAPI documents that carry no schemas but tell kubectl what
// it checks there: every PATCH takes the fieldValidation parameter (so validation is left to
// the server) and none advertises strategic merge in OpenAPI (so kubectl computes apply's
// patches from its own compiled-in types, as it does for any server without schemas).
import { createHash } from 'node:crypto';
import type { ResourceType, TypeRegistry } from './resources';

export interface ApiResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  group?: string;
  version?: string;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
}

function gv(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

export function apiVersions(serverAddress: string): Record<string, unknown> {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function apiGroup(g: { name: string; versions: string[] }): Record<string, unknown> {
  const versions = g.versions.map((v) => ({ groupVersion: gv(g.name, v), version: v }));
  return { name: g.name, versions, preferredVersion: versions[0] };
}

export function apiGroupList(types: TypeRegistry): Record<string, unknown> {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: types.groups().filter((g) => g.name !== '').map(apiGroup) };
}

export function apiGroupDoc(types: TypeRegistry, group: string): Record<string, unknown> | undefined {
  const g = types.groups().find((x) => x.name === group && group !== '');
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(g) } : undefined;
}

function typesAt(types: TypeRegistry, group: string, version: string): ResourceType[] {
  return types
    .all()
    .filter((t) => t.group === group && (t.version === version || t.alsoServed?.includes(version)))
    .sort((a, b) => a.plural.localeCompare(b.plural));
}

export function apiResourceList(types: TypeRegistry, group: string, version: string): Record<string, unknown> | undefined {
  const ts = typesAt(types, group, version);
  if (ts.length === 0) return undefined;
  const resources: ApiResource[] = [];
  for (const t of ts) {
    resources.push({
      name: t.plural,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: t.verbs,
      ...(t.shortNames ? { shortNames: t.shortNames } : {}),
      ...(t.categories ? { categories: t.categories } : {}),
    });
    for (const s of t.subresources ?? []) {
      const same = (s.group ?? group) === group && (s.version ?? version) === version;
      resources.push({ name: `${t.plural}/${s.name}`, singularName: '', namespaced: t.namespaced, ...(same ? {} : { group: s.group ?? '', version: s.version ?? 'v1' }), kind: s.kind, verbs: s.verbs });
    }
  }
  return { kind: 'APIResourceList', ...(group ? { apiVersion: 'v1' } : {}), groupVersion: gv(group, version), resources };
}

/** The v2 (or v2beta1) APIGroupDiscoveryList for /api (core) or /apis (all other groups). */
export function aggregatedDiscovery(types: TypeRegistry, core: boolean, apiVersion: 'v2' | 'v2beta1'): Record<string, unknown> {
  const groups = types.groups().filter((g) => (g.name === '') === core);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${apiVersion}`,
    metadata: {},
    items: groups.map((g) => ({
      metadata: core ? { creationTimestamp: null } : { name: g.name, creationTimestamp: null },
      versions: g.versions.map((v) => ({
        version: v,
        resources: typesAt(types, g.name, v).map((t) => ({
          resource: t.plural,
          responseKind: { group: g.name, version: v, kind: t.kind },
          scope: t.namespaced ? 'Namespaced' : 'Cluster',
          singularResource: t.singular,
          verbs: t.verbs,
          ...(t.shortNames ? { shortNames: t.shortNames } : {}),
          ...(t.categories ? { categories: t.categories } : {}),
          ...(t.subresources?.length
            ? { subresources: t.subresources.map((s) => ({ subresource: s.name, responseKind: { group: s.group ?? g.name, version: s.version ?? v, kind: s.kind }, verbs: s.verbs })) }
            : {}),
        })),
        freshness: 'Current',
      })),
    })),
  };
}

// ---------- OpenAPI ----------

function pathBase(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : 'api/v1';
}

function patchOperation(t: ResourceType, group: string, version: string): Record<string, unknown> {
  return {
    operationId: `patch${group ? group.split('.')[0] : 'Core'}${version}${t.kind}`,
    parameters: [
      { name: 'dryRun', in: 'query', schema: { type: 'string', uniqueItems: true } },
      { name: 'fieldManager', in: 'query', schema: { type: 'string', uniqueItems: true } },
      { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } },
      { name: 'force', in: 'query', schema: { type: 'boolean', uniqueItems: true } },
    ],
    requestBody: { content: { 'application/apply-patch+yaml': { schema: { type: 'object' } }, 'application/json-patch+json': { schema: { type: 'object' } }, 'application/merge-patch+json': { schema: { type: 'object' } } }, required: true },
    responses: { '200': { description: 'OK' } },
    'x-kubernetes-action': 'patch',
    'x-kubernetes-group-version-kind': { group, version, kind: t.kind },
  };
}

/** One group-version's OpenAPI v3 document (paths only, see the header). */
export function openApiV3Doc(types: TypeRegistry, group: string, version: string, k8sVersion: string): Record<string, unknown> | undefined {
  const ts = typesAt(types, group, version);
  if (ts.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  const base = `/${pathBase(group, version)}`;
  for (const t of ts) {
    if (!t.verbs.includes('patch')) continue;
    const p = t.namespaced ? `${base}/namespaces/{namespace}/${t.plural}/{name}` : `${base}/${t.plural}/{name}`;
    paths[p] = { patch: patchOperation(t, group, version), parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }, ...(t.namespaced ? [{ name: 'namespace', in: 'path', required: true, schema: { type: 'string' } }] : [])] };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: k8sVersion }, paths, components: { schemas: {} } };
}

export function openApiV3Root(types: TypeRegistry, k8sVersion: string): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const g of types.groups()) {
    for (const v of g.versions) {
      const doc = openApiV3Doc(types, g.name, v, k8sVersion);
      if (!doc) continue;
      const hash = createHash('sha512').update(JSON.stringify(doc)).digest('hex').toUpperCase().slice(0, 128);
      paths[pathBase(g.name, v)] = { serverRelativeURL: `/openapi/v3/${pathBase(g.name, v)}?hash=${hash}` };
    }
  }
  return { paths };
}

export function openApiV2Json(k8sVersion: string): Record<string, unknown> {
  return { swagger: '2.0', info: { title: 'Kubernetes', version: k8sVersion }, paths: {}, definitions: {} };
}

function protoString(field: number, s: string): Buffer {
  const b = Buffer.from(s);
  return Buffer.concat([Buffer.from([(field << 3) | 2, b.length]), b]);
}

/** The same document in gnostic's OpenAPIv2 protobuf form (Document.swagger, .info, .paths), as old kubectl asks for it. */
export function openApiV2Proto(k8sVersion: string): Buffer {
  const info = Buffer.concat([protoString(1, 'Kubernetes'), protoString(2, k8sVersion)]);
  return Buffer.concat([protoString(1, '2.0'), Buffer.from([(2 << 3) | 2, info.length]), info, Buffer.from([(8 << 3) | 2, 0])]);
}
