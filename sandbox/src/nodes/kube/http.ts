// kube-apiserver's HTTP surface over the simulated cluster: path routing for the core and named
// groups, content negotiation (JSON, YAML, Table, PartialObjectMetadata; protobuf and YAML
// request bodies), list with selectors and paging, watch as chunked JSON events, the write
// verbs, and the subresources a first lesson uses (status, scale, log, eviction, binding,
// token; exec and attach are upgraded in streams.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { DeleteOptions, KubeApi, PatchType } from './api';
import { aggregatedDiscovery, apiGroupDoc, apiGroupList, apiResourceList, apiVersions, openApiV2Json, openApiV2Proto, openApiV3Doc, openApiV3Root } from './discovery';
import { fieldValidationOf, unknownFields } from './field-validation';
import { decodeKubeProtobuf, isProtobufBody, ProtoDecodeError } from './proto/decode';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch } from './patch';
import { typeKey, type ResourceType } from './resources';
import { parseFieldSelector, parseLabelSelector, selectorString } from './selectors';
import type { ObjectStore, StoreEvent } from './store';
import { toTable, type IncludeObject } from './tables';
import { ApiError, badRequest, clone, isObject, isoSeconds, notFound, type KObj } from './types';

export interface LogOptions {
  follow: boolean;
  tailLines?: number;
  timestamps: boolean;
  previous: boolean;
  sinceSeconds?: number;
  sinceTime?: string;
  limitBytes?: number;
}

export interface LogStream {
  write(chunk: string): void;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
}

export interface KubeBackend {
  api: KubeApi;
  store: ObjectStore;
  k8sVersion: string;
  serverAddress: string;
  /** Runs the controllers now, so a read sees the cluster as of this moment. */
  settle(): void;
  /** Streams a container's log; throws ApiError (400) when the container has none yet. */
  podLogs(pod: KObj, container: string, opts: LogOptions, out: LogStream): Promise<void>;
  /** The pod's eviction (PodDisruptionBudgets checked); throws ApiError 429 when a budget forbids it. */
  evict(pod: KObj, deleteOptions: DeleteOptions): void;
}

const MAX_BODY = 3 * 1024 * 1024;

interface MediaRange {
  type: string;
  params: Record<string, string>;
}

function parseAccept(h: string | undefined): MediaRange[] {
  if (!h) return [{ type: '*/*', params: {} }];
  return h.split(',').map((part) => {
    const [type, ...ps] = part.split(';').map((s) => s.trim());
    const params: Record<string, string> = {};
    for (const p of ps) {
      const eq = p.indexOf('=');
      if (eq > 0) params[p.slice(0, eq).trim()] = p.slice(eq + 1).trim();
    }
    return { type: (type ?? '').toLowerCase(), params };
  });
}

type Negotiated = { format: 'json' | 'yaml'; as?: 'Table' | 'PartialObjectMetadata' | 'PartialObjectMetadataList'; tableVersion?: 'v1' | 'v1beta1' };

/** The first Accept entry the server can produce (protobuf is not produced: clients always offer JSON too). */
function negotiate(req: IncomingMessage): Negotiated | undefined {
  for (const r of parseAccept(req.headers.accept)) {
    const json = r.type === 'application/json' || r.type === '*/*' || r.type === 'application/*';
    const yaml = r.type === 'application/yaml';
    if (!json && !yaml) continue;
    const as = r.params.as;
    if (as) {
      if (r.params.g !== 'meta.k8s.io') continue;
      if (as === 'Table' && (r.params.v === 'v1' || r.params.v === 'v1beta1')) return { format: json ? 'json' : 'yaml', as: 'Table', tableVersion: r.params.v };
      if ((as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') && r.params.v === 'v1') return { format: json ? 'json' : 'yaml', as };
      continue;
    }
    return { format: json ? 'json' : 'yaml' };
  }
  return undefined;
}

function send(res: ServerResponse, code: number, body: unknown, format: 'json' | 'yaml' = 'json', contentType?: string): void {
  if (res.headersSent) return;
  const text = format === 'yaml' ? stringifyYaml(body) : JSON.stringify(body) + '\n';
  res.writeHead(code, { 'content-type': contentType ?? (format === 'yaml' ? 'application/yaml' : 'application/json'), 'cache-control': 'no-cache, private', 'audit-id': crypto.randomUUID() });
  res.end(text);
}

function sendError(res: ServerResponse, e: unknown): void {
  const err = e instanceof ApiError ? e : new ApiError(500, 'InternalError', `Internal error occurred: ${(e as Error)?.message ?? String(e)}`);
  send(res, err.code, err.body());
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new ApiError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

function decodeBody(buf: Buffer, contentType: string | undefined): unknown {
  const ct = (contentType ?? 'application/json').split(';')[0]?.trim().toLowerCase();
  if (buf.length === 0) return undefined;
  try {
    if (ct === 'application/vnd.kubernetes.protobuf' || isProtobufBody(buf)) return decodeKubeProtobuf(buf);
    if (ct === 'application/yaml' || ct === 'application/apply-patch+yaml') return parseYaml(buf.toString('utf8'));
    return JSON.parse(buf.toString('utf8'));
  } catch (e) {
    if (e instanceof ProtoDecodeError) throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - ${e.message}`);
    throw badRequest(`error decoding ${ct === 'application/yaml' || ct === 'application/apply-patch+yaml' ? 'YAML' : 'JSON'}: ${(e as Error).message}`);
  }
}

const PATCH_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

interface Route {
  tp: ResourceType;
  version: string;
  ns?: string;
  name?: string;
  sub?: string;
}

function versionInfo(k8s: string): Record<string, string> {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(k8s) ?? ['', '1', '35', '0'];
  return {
    major: m[1] as string,
    minor: m[2] as string,
    emulationMajor: m[1] as string,
    emulationMinor: m[2] as string,
    minCompatibilityMajor: m[1] as string,
    minCompatibilityMinor: String(Number(m[2]) - 1),
    gitVersion: `v${m[1]}.${m[2]}.${m[3]}`,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.25.5',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

const HEALTH_CHECKS = ['ping', 'log', 'etcd', 'poststarthook/start-apiserver-admission-initializer', 'poststarthook/generic-apiserver-start-informers', 'poststarthook/crd-informer-synced', 'poststarthook/bootstrap-controller', 'poststarthook/rbac/bootstrap-roles', 'poststarthook/scheduling/bootstrap-system-priority-classes', 'poststarthook/apiservice-registration-controller'];

/** A continue token: where the next page starts (the list's resourceVersion and the last name). */
function encodeContinue(rv: string, after: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: Number(rv), start: after })).toString('base64url');
}

function decodeContinue(tok: string): { rv: number; start: string } {
  try {
    const v = JSON.parse(Buffer.from(tok, 'base64url').toString('utf8')) as { rv: number; start: string };
    if (typeof v.start === 'string') return v;
  } catch {
    // fall through
  }
  throw badRequest('continue key is not valid: invalid continue token');
}

export class KubeHttp {
  constructor(private readonly backend: () => KubeBackend | undefined) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const b = this.backend();
    if (!b) return send(res, 503, new ApiError(503, 'ServiceUnavailable', 'the control plane was reset').body());
    try {
      await this.route(b, req, res);
    } catch (e) {
      sendError(res, e);
    }
  }

  private async route(b: KubeBackend, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const q = url.searchParams;
    const method = req.method ?? 'GET';
    if (path === '/version') return send(res, 200, versionInfo(b.k8sVersion));
    if (['/healthz', '/livez', '/readyz'].includes(path)) {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
      if (q.has('verbose')) return void res.end(`${HEALTH_CHECKS.map((c) => `[+]${c} ok`).join('\n')}\n${path.slice(1)} check passed\n`);
      return void res.end('ok');
    }
    if (path === '/openapi/v2') {
      const accept = req.headers.accept ?? '';
      if (/protobuf/.test(accept) && !/application\/json/.test(accept)) {
        res.writeHead(200, { 'content-type': 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf' });
        return void res.end(openApiV2Proto(b.k8sVersion));
      }
      return send(res, 200, openApiV2Json(b.k8sVersion));
    }
    if (path === '/openapi/v3') return send(res, 200, openApiV3Root(b.api.types, b.k8sVersion));
    if (path.startsWith('/openapi/v3/')) {
      const rest = path.slice('/openapi/v3/'.length).split('/');
      const doc = rest[0] === 'api' && rest[1] === 'v1' ? openApiV3Doc(b.api.types, '', 'v1', b.k8sVersion) : rest[0] === 'apis' ? openApiV3Doc(b.api.types, rest[1] ?? '', rest[2] ?? '', b.k8sVersion) : undefined;
      if (!doc) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
      return send(res, 200, doc);
    }
    if (path === '/api' || path === '/apis') {
      if (method !== 'GET') throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
      for (const r of parseAccept(req.headers.accept)) {
        if (r.params.as === 'APIGroupDiscoveryList' && r.params.g === 'apidiscovery.k8s.io' && (r.params.v === 'v2' || r.params.v === 'v2beta1')) {
          const v = r.params.v;
          return send(res, 200, aggregatedDiscovery(b.api.types, path === '/api', v), 'json', `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`);
        }
        if (r.type === 'application/json' || r.type === '*/*') break;
      }
      return send(res, 200, path === '/api' ? apiVersions(b.serverAddress) : apiGroupList(b.api.types));
    }
    const segs = path.split('/').filter(Boolean).map(decodeURIComponent);
    let group: string;
    let version: string;
    let rest: string[];
    if (segs[0] === 'api') {
      if (segs[1] !== 'v1') throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
      group = '';
      version = 'v1';
      rest = segs.slice(2);
    } else if (segs[0] === 'apis' && segs[1]) {
      group = segs[1];
      if (!segs[2]) {
        const doc = apiGroupDoc(b.api.types, group);
        if (!doc) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
        return send(res, 200, doc);
      }
      version = segs[2];
      rest = segs.slice(3);
    } else throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    if (rest.length === 0) {
      const list = apiResourceList(b.api.types, group, version);
      if (!list) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
      return send(res, 200, list);
    }
    const r = this.resolve(b, group, version, rest);
    return this.serve(b, r, method, q, req, res);
  }

  private resolve(b: KubeBackend, group: string, version: string, rest: string[]): Route {
    let ns: string | undefined;
    let parts = rest;
    if (parts[0] === 'namespaces' && parts.length >= 3 && b.api.types.served(group, version, parts[2] as string)) {
      ns = parts[1];
      parts = parts.slice(2);
    }
    const [plural, name, sub, ...extra] = parts as [string, string | undefined, string | undefined, ...string[]];
    const tp = b.api.types.served(group, version, plural);
    if (!tp || extra.length > 0) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    if (tp.namespaced && ns === undefined && name !== undefined) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    if (sub !== undefined && !(tp.subresources ?? []).some((s) => s.name === sub)) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    return { tp, version, ...(ns !== undefined ? { ns } : {}), ...(name !== undefined ? { name } : {}), ...(sub !== undefined ? { sub } : {}) };
  }

  private async serve(b: KubeBackend, r: Route, method: string, q: URLSearchParams, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { tp, ns, name, sub } = r;
    const api = b.api;
    const neg = negotiate(req);
    if (!neg && !(sub === 'log')) throw new ApiError(406, 'NotAcceptable', 'only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf');
    const fmt = neg?.format ?? 'json';
    const out = (o: KObj) => api.view(tp, o, r.version);
    const dryRun = q.getAll('dryRun').includes('All');
    const fieldManager = q.get('fieldManager') ?? undefined;
    if (!tp.verbs.includes(verbOf(method, name, q)) && !sub) throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    if (method === 'GET' && !name) {
      b.settle();
      if (q.get('watch') === 'true' || q.get('watch') === '1') return this.watch(b, r, q, req, res, neg as Negotiated);
      return this.list(b, r, q, res, neg as Negotiated);
    }
    if (method === 'GET' && name && !sub) {
      b.settle();
      const o = api.get(tp, ns, name);
      return this.sendObject(res, 200, out(o), tp, r.version, neg as Negotiated);
    }
    if (method === 'GET' && name && sub === 'status') {
      b.settle();
      return send(res, 200, out(api.get(tp, ns, name)), fmt);
    }
    if (sub === 'scale' && name) return this.scale(b, r, method, q, req, res, fmt);
    if (method === 'GET' && name && sub === 'log') return this.logs(b, r, q, req, res);
    /** Unknown fields: an error with fieldValidation=Strict, a warning header with Warn. */
    const checkFields = (body: unknown) => {
      const mode = fieldValidationOf(q);
      const unknown = unknownFields(tp, body, mode !== 'Strict');
      if (unknown.length === 0 || mode === 'Ignore') return;
      const what = unknown.map((f) => `unknown field "${f}"`);
      if (mode === 'Strict') throw new ApiError(400, 'BadRequest', `${tp.kind} in version "${r.version}" cannot be handled as a ${tp.kind}: strict decoding error: ${what.join(', ')}`);
      res.setHeader('warning', what.map((w) => `299 - "${w.replace(/"/g, '\\"')}"`));
    };
    if (method === 'POST' && !name) {
      const body = decodeBody(await readBody(req), req.headers['content-type']);
      if (tp.verbs.length === 1 && tp.verbs[0] === 'create') return send(res, 201, this.review(tp, body, r.version), fmt);
      checkFields(body);
      const created = api.create(tp, ns, body, { dryRun, ...(fieldManager ? { fieldManager } : {}) });
      return send(res, 201, out(created), fmt);
    }
    if (method === 'POST' && name && sub) return this.postSubresource(b, r, q, req, res, fmt);
    if (method === 'PUT' && name) {
      const body = decodeBody(await readBody(req), req.headers['content-type']);
      checkFields(body);
      const updated = api.update(tp, ns, name, body, { dryRun, ...(sub ? { subresource: sub } : {}) });
      return send(res, 200, out(updated), fmt);
    }
    if (method === 'PATCH' && name) {
      const ct = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      const type = PATCH_TYPES[ct];
      if (!type) throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml${tp.crd ? '' : ', application/strategic-merge-patch+json'}`);
      const body = decodeBody(await readBody(req), ct);
      if (type !== 'json') checkFields(body);
      const existed = !!api.find(tp, ns, name);
      const patched = api.patch(tp, ns, name, type, body, { dryRun, ...(fieldManager ? { fieldManager } : {}), ...(sub ? { subresource: sub } : {}), force: q.get('force') === 'true' });
      return send(res, existed ? 200 : 201, out(patched), fmt);
    }
    if (method === 'DELETE' && name && !sub) {
      const opts = deleteOptions(q, decodeBody(await readBody(req), req.headers['content-type']));
      const { obj, gone } = api.delete(tp, ns, name, { ...opts, ...(dryRun ? { dryRun } : {}) });
      if (gone && typeKey(tp) !== '/pods') {
        return send(res, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, ...(tp.group ? { group: tp.group } : {}), kind: tp.plural, uid: obj.metadata.uid } }, fmt);
      }
      return send(res, 200, out(obj), fmt);
    }
    if (method === 'DELETE' && !name) {
      const opts = deleteOptions(q, decodeBody(await readBody(req), req.headers['content-type']));
      const items = this.select(b, r, q).items;
      for (const o of items) api.delete(tp, o.metadata.namespace, o.metadata.name as string, { ...opts, ...(dryRun ? { dryRun } : {}) });
      return send(res, 200, { kind: listKind(tp), apiVersion: tp.group ? `${tp.group}/${r.version}` : r.version, metadata: { resourceVersion: String(b.store.rv) }, items: items.map((o) => stripTypeMeta(tp, out(o))) }, fmt);
    }
    throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  }

  private sendObject(res: ServerResponse, code: number, o: KObj, tp: ResourceType, version: string, neg: Negotiated): void {
    if (neg.as === 'Table') return send(res, code, toTable(tp, version, [o], { resourceVersion: o.metadata.resourceVersion as string, include: 'Metadata', tableVersion: neg.tableVersion ?? 'v1' }), neg.format);
    if (neg.as === 'PartialObjectMetadata') return send(res, code, { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata }, neg.format);
    return send(res, code, o, neg.format);
  }

  private select(b: KubeBackend, r: Route, q: URLSearchParams): { items: KObj[] } {
    const ls = q.get('labelSelector');
    const fs = q.get('fieldSelector');
    const labelOk = ls ? parseLabelSelector(ls) : () => true;
    const fieldOk = fs ? parseFieldSelector(fs, typeKey(r.tp)) : () => true;
    const items = b.api.list(r.tp, r.ns).filter((o) => labelOk(o.metadata.labels) && fieldOk(o));
    return { items };
  }

  private list(b: KubeBackend, r: Route, q: URLSearchParams, res: ServerResponse, neg: Negotiated): void {
    const { tp } = r;
    let { items } = this.select(b, r, q);
    const rv = String(b.store.rv);
    const cont = q.get('continue');
    if (cont) {
      const c = decodeContinue(cont);
      items = items.filter((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}` > c.start);
    }
    const limit = Number(q.get('limit') ?? 0);
    let next: string | undefined;
    let remaining: number | undefined;
    if (limit > 0 && items.length > limit) {
      const last = items[limit - 1] as KObj;
      next = encodeContinue(rv, `${last.metadata.namespace ?? ''}/${last.metadata.name}`);
      remaining = items.length - limit;
      items = items.slice(0, limit);
    }
    const views = items.map((o) => b.api.view(tp, o, r.version));
    if (neg.as === 'Table') {
      const include = (q.get('includeObject') as IncludeObject | null) ?? 'Metadata';
      return send(res, 200, toTable(tp, r.version, views, { resourceVersion: rv, include, tableVersion: neg.tableVersion ?? 'v1', ...(next ? { continueToken: next } : {}) }), neg.format);
    }
    const meta = { resourceVersion: rv, ...(next ? { continue: next, remainingItemCount: remaining } : {}) };
    if (neg.as === 'PartialObjectMetadataList' || neg.as === 'PartialObjectMetadata') {
      return send(res, 200, { kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: meta, items: views.map((o) => ({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata })) }, neg.format);
    }
    return send(res, 200, { kind: listKind(tp), apiVersion: tp.group ? `${tp.group}/${r.version}` : r.version, metadata: meta, items: views.map((o) => stripTypeMeta(tp, o)) }, neg.format);
  }

  private watch(b: KubeBackend, r: Route, q: URLSearchParams, req: IncomingMessage, res: ServerResponse, neg: Negotiated): void {
    const { tp } = r;
    const key = typeKey(tp);
    const ls = q.get('labelSelector');
    const fs = q.get('fieldSelector');
    const labelOk = ls ? parseLabelSelector(ls) : () => true;
    const fieldOk = fs ? parseFieldSelector(fs, key) : () => true;
    const matches = (o: KObj | undefined) => !!o && (!tp.namespaced || r.ns === undefined || o.metadata.namespace === r.ns) && labelOk(o.metadata.labels) && fieldOk(o);
    const rvParam = q.get('resourceVersion');
    const sendInitial = q.get('sendInitialEvents') === 'true';
    res.writeHead(200, { 'content-type': neg.format === 'yaml' ? 'application/yaml' : 'application/json', 'cache-control': 'no-cache, private', 'transfer-encoding': 'chunked' });
    res.flushHeaders();
    let first = true;
    const write = (type: string, o: KObj) => {
      let obj: unknown = b.api.view(tp, o, r.version);
      if (neg.as === 'Table' && type !== 'BOOKMARK' && type !== 'ERROR') {
        obj = toTable(tp, r.version, [obj as KObj], { resourceVersion: o.metadata.resourceVersion as string, include: (q.get('includeObject') as IncludeObject | null) ?? 'Metadata', tableVersion: neg.tableVersion ?? 'v1', noHeaders: !first });
        first = false;
      } else if (neg.as === 'PartialObjectMetadata' || neg.as === 'PartialObjectMetadataList') obj = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: (obj as KObj).metadata };
      res.write(JSON.stringify({ type, object: obj }) + '\n');
    };
    const onEvent = (e: StoreEvent) => {
      if (e.key !== key) return;
      const now = matches(e.obj);
      const before = e.type === 'MODIFIED' ? matches(e.old) : undefined;
      if (e.type === 'ADDED' && now) write('ADDED', e.obj);
      else if (e.type === 'DELETED' && now) write('DELETED', e.obj);
      else if (e.type === 'MODIFIED') {
        if (now && before) write('MODIFIED', e.obj);
        else if (now && !before) write('ADDED', e.obj);
        else if (!now && before) write('DELETED', e.obj);
      }
    };
    if (!rvParam || rvParam === '0' || sendInitial) {
      for (const o of b.api.list(tp, r.ns)) if (matches(o)) write('ADDED', o);
      if (sendInitial) {
        write('BOOKMARK', { apiVersion: tp.group ? `${tp.group}/${r.version}` : r.version, kind: tp.kind, metadata: { resourceVersion: String(b.store.rv), annotations: { 'k8s.io/initial-events-end': 'true' } } });
      }
    } else {
      const past = b.store.since(Number(rvParam));
      if (past === 'expired') {
        res.write(JSON.stringify({ type: 'ERROR', object: new ApiError(410, 'Expired', `too old resource version: ${rvParam} (${b.store.rv})`).body() }) + '\n');
        return void res.end();
      }
      for (const e of past) onEvent(e);
    }
    const unsubscribe = b.store.subscribe(onEvent);
    const timeout = Number(q.get('timeoutSeconds') ?? 0);
    const done = () => {
      unsubscribe();
      clearTimeout(timer);
      clearInterval(bookmarks);
      if (!res.writableEnded) res.end();
    };
    const timer = setTimeout(done, (timeout > 0 ? timeout : 1800 + Math.floor(Math.random() * 1800)) * 1000);
    timer.unref();
    const bookmarks = setInterval(() => {
      if (q.get('allowWatchBookmarks') === 'true') write('BOOKMARK', { apiVersion: tp.group ? `${tp.group}/${r.version}` : r.version, kind: tp.kind, metadata: { resourceVersion: String(b.store.rv) } });
    }, 60_000);
    bookmarks.unref();
    req.on('close', done);
    res.on('close', done);
  }

  private async scale(b: KubeBackend, r: Route, method: string, q: URLSearchParams, req: IncomingMessage, res: ServerResponse, fmt: 'json' | 'yaml'): Promise<void> {
    const { tp, ns, name } = r;
    const api = b.api;
    b.settle();
    const toScale = (o: KObj) => ({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: o.metadata.name, namespace: o.metadata.namespace, uid: o.metadata.uid, resourceVersion: o.metadata.resourceVersion, creationTimestamp: o.metadata.creationTimestamp },
      spec: { replicas: o.spec?.replicas ?? 0 },
      status: { replicas: o.status?.replicas ?? 0, selector: selectorString(o.spec?.selector) },
    });
    const current = api.get(tp, ns, name as string);
    if (method === 'GET') return send(res, 200, toScale(current), fmt);
    const body = decodeBody(await readBody(req), req.headers['content-type']);
    let scale: KObj;
    if (method === 'PUT') scale = body as KObj;
    else if (method === 'PATCH') {
      const ct = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      const type = PATCH_TYPES[ct];
      if (!type || type === 'apply') throw new ApiError(415, 'UnsupportedMediaType', 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json');
      const base = toScale(current);
      scale = (type === 'json' ? applyJsonPatch(base, body) : type === 'merge' ? applyMergePatch(base, body) : applyStrategicMergePatch(base, body)) as KObj;
    } else throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    const replicas = Number(scale?.spec?.replicas);
    if (!Number.isInteger(replicas) || replicas < 0) throw new ApiError(422, 'Invalid', `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${String(scale?.spec?.replicas)}: must be greater than or equal to 0`);
    const rv = scale?.metadata?.resourceVersion;
    const next = { ...current, spec: { ...current.spec, replicas }, metadata: { ...current.metadata, ...(rv ? { resourceVersion: rv } : {}) } };
    const updated = api.update(tp, ns, name as string, next, { dryRun: q.getAll('dryRun').includes('All') });
    return send(res, 200, toScale(updated), fmt);
  }

  private async logs(b: KubeBackend, r: Route, q: URLSearchParams, req: IncomingMessage, res: ServerResponse): Promise<void> {
    b.settle();
    const pod = b.api.get(r.tp, r.ns, r.name as string);
    const names = (pod.spec?.containers ?? []).map((c: { name: string }) => c.name);
    const initNames = (pod.spec?.initContainers ?? []).map((c: { name: string }) => c.name);
    let container = q.get('container') ?? '';
    if (!container) {
      if (names.length === 1) container = names[0];
      else throw badRequest(`a container name must be specified for pod ${pod.metadata.name}, choose one of: [${names.join(' ')}]${initNames.length ? ` or one of the init containers: [${initNames.join(' ')}]` : ''}`);
    }
    if (!names.includes(container) && !initNames.includes(container)) throw badRequest(`container ${container} is not valid for pod ${pod.metadata.name}`);
    const num = (k: string) => (q.get(k) !== null ? Number(q.get(k)) : undefined);
    const opts: LogOptions = {
      follow: q.get('follow') === 'true',
      timestamps: q.get('timestamps') === 'true',
      previous: q.get('previous') === 'true',
      ...(num('tailLines') !== undefined ? { tailLines: num('tailLines') as number } : {}),
      ...(num('sinceSeconds') !== undefined ? { sinceSeconds: num('sinceSeconds') as number } : {}),
      ...(q.get('sinceTime') ? { sinceTime: q.get('sinceTime') as string } : {}),
      ...(num('limitBytes') !== undefined ? { limitBytes: num('limitBytes') as number } : {}),
    };
    const ac = new AbortController();
    req.on('close', () => ac.abort());
    let started = false;
    const stream: LogStream = {
      signal: ac.signal,
      write(chunk) {
        if (!started) {
          res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-cache, private', ...(opts.follow ? { 'transfer-encoding': 'chunked' } : {}) });
          started = true;
        }
        res.write(chunk);
      },
    };
    await b.podLogs(pod, container, opts, stream);
    if (!started) res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-cache, private' });
    res.end();
  }

  private async postSubresource(b: KubeBackend, r: Route, q: URLSearchParams, req: IncomingMessage, res: ServerResponse, fmt: 'json' | 'yaml'): Promise<void> {
    const { tp, ns, name, sub } = r;
    const body = decodeBody(await readBody(req), req.headers['content-type']) as KObj | undefined;
    const key = typeKey(tp);
    if (key === '/pods' && sub === 'eviction') {
      const pod = b.api.get(tp, ns, name as string);
      if (body?.metadata?.name && body.metadata.name !== name) throw badRequest(`name in URL does not match name in Eviction object`);
      b.evict(pod, deleteOptions(new URLSearchParams(), (body as { deleteOptions?: unknown } | undefined)?.deleteOptions));
      return send(res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 }, fmt);
    }
    if (key === '/pods' && sub === 'binding') {
      const pod = b.api.get(tp, ns, name as string);
      const target = (body as { target?: { name?: string } } | undefined)?.target?.name;
      if (!target) throw new ApiError(422, 'Invalid', 'Binding "" is invalid: target.name: Required value');
      if (pod.spec?.nodeName) throw new ApiError(409, 'Conflict', `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
      b.api.systemPut(tp, { ...pod, spec: { ...pod.spec, nodeName: target } });
      return send(res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 }, fmt);
    }
    if (key === '/serviceaccounts' && sub === 'token') {
      const sa = b.api.get(tp, ns, name as string);
      const seconds = Number((body as { spec?: { expirationSeconds?: number } } | undefined)?.spec?.expirationSeconds ?? 3600);
      const now = Date.now();
      const payload = { aud: ['https://kubernetes.default.svc.cluster.local'], exp: Math.floor(now / 1000) + seconds, iat: Math.floor(now / 1000), iss: 'https://kubernetes.default.svc.cluster.local', jti: crypto.randomUUID(), 'kubernetes.io': { namespace: ns, serviceaccount: { name, uid: sa.metadata.uid } }, nbf: Math.floor(now / 1000), sub: `system:serviceaccount:${ns}:${name}` };
      const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const token = `${enc({ alg: 'RS256', kid: 'flatkube-sandbox' })}.${enc(payload)}.${Buffer.from('simulated signature').toString('base64url')}`;
      return send(res, 201, { kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1', metadata: { name, namespace: ns, creationTimestamp: null }, spec: { audiences: payload.aud, expirationSeconds: seconds, boundObjectRef: null }, status: { token, expirationTimestamp: isoSeconds(now + seconds * 1000) } }, fmt);
    }
    void q;
    throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  }

  /** Review types (access reviews, SelfSubjectReview): answered, never stored. The admin is allowed everything. */
  private review(tp: ResourceType, body: unknown, version: string): Record<string, unknown> {
    const o = (isObject(body) ? clone(body) : {}) as KObj;
    const base = { kind: tp.kind, apiVersion: `${tp.group}/${version}`, metadata: { creationTimestamp: null } };
    if (tp.kind === 'SelfSubjectReview') return { ...base, status: { userInfo: { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] } } };
    if (tp.kind === 'SelfSubjectRulesReview') return { ...base, spec: o.spec ?? {}, status: { resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }], incomplete: false } };
    if (tp.kind === 'TokenReview') return { ...base, spec: o.spec ?? {}, status: { authenticated: false, user: {}, error: 'the sandbox issues no bearer tokens' } };
    return { ...base, spec: o.spec ?? {}, status: { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "kubeadm:cluster-admins" of ClusterRole "cluster-admin" to Group "kubeadm:cluster-admins"' } };
  }
}

function verbOf(method: string, name: string | undefined, q: URLSearchParams): string {
  switch (method) {
    case 'GET':
      return name ? 'get' : q.get('watch') === 'true' || q.get('watch') === '1' ? 'watch' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return name ? 'delete' : 'deletecollection';
  }
  return method.toLowerCase();
}

function listKind(tp: ResourceType): string {
  return `${tp.kind}List`;
}

/** Items of built-in lists carry no apiVersion/kind (their TypeMeta is empty); custom resources keep theirs. */
function stripTypeMeta(tp: ResourceType, o: KObj): KObj {
  if (tp.crd) return o;
  const { apiVersion: _a, kind: _k, ...rest } = o;
  return rest as KObj;
}

function deleteOptions(q: URLSearchParams, body: unknown): DeleteOptions {
  const b = (isObject(body) ? body : {}) as { propagationPolicy?: string; gracePeriodSeconds?: number; orphanDependents?: boolean; preconditions?: { uid?: string; resourceVersion?: string } };
  const policy = q.get('propagationPolicy') ?? b.propagationPolicy ?? (q.get('orphanDependents') === 'true' || b.orphanDependents === true ? 'Orphan' : undefined);
  const grace = q.get('gracePeriodSeconds') !== null ? Number(q.get('gracePeriodSeconds')) : b.gracePeriodSeconds;
  if (policy && !['Background', 'Foreground', 'Orphan'].includes(policy)) throw new ApiError(422, 'Invalid', `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan", "nil"`);
  return { ...(policy ? { propagationPolicy: policy as DeleteOptions['propagationPolicy'] } : {}), ...(grace !== undefined ? { gracePeriodSeconds: grace } : {}), ...(b.preconditions ? { preconditions: b.preconditions } : {}) };
}

export { notFound };
