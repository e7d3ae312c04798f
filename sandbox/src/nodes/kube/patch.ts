// The patch formats the apiserver takes: JSON Patch (RFC 6902), JSON Merge Patch (RFC 7386),
// strategic merge patch (built-in types only: lists merged by their patchMergeKey, the
// $patch, $retainKeys, $setElementOrder and $deleteFromPrimitiveList directives kubectl's
// three-way apply sends) and server-side apply (the applied configuration merged in, with the
// fields a manager stops applying removed, tracked in managedFields as fieldsV1).
import { ApiError, clone, isObject } from './types';

type J = unknown;
type Obj = Record<string, J>;

// ---------- JSON Patch ----------

function unescape(tok: string): string {
  return tok.replace(/~1/g, '/').replace(/~0/g, '~');
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request`);
  return path.slice(1).split('/').map(unescape);
}

function getAt(doc: J, toks: string[]): J {
  let cur = doc;
  for (const t of toks) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isObject(cur)) cur = cur[t];
    else return undefined;
  }
  return cur;
}

function parentOf(doc: J, toks: string[], path: string): { parent: Obj | J[]; last: string } {
  const parent = getAt(doc, toks.slice(0, -1));
  if (!isObject(parent) && !Array.isArray(parent)) throw new ApiError(500, 'InternalError', `doc is missing path: "${path}": missing value`);
  return { parent: parent as Obj | J[], last: toks[toks.length - 1] as string };
}

export function applyJsonPatch(doc: J, ops: unknown): J {
  if (!Array.isArray(ops)) throw new ApiError(400, 'BadRequest', 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let out = clone(doc);
  for (const raw of ops) {
    const op = raw as { op?: string; path?: string; from?: string; value?: J };
    const path = op.path ?? '';
    const toks = pointer(path);
    const remove = (p: string, t: string[]) => {
      const { parent, last } = parentOf(out, t, p);
      if (Array.isArray(parent)) {
        const i = Number(last);
        if (!(i >= 0 && i < parent.length)) throw new ApiError(500, 'InternalError', `Unable to remove nonexistent key: ${last}: missing value`);
        return parent.splice(i, 1)[0];
      }
      if (!Object.hasOwn(parent, last)) throw new ApiError(500, 'InternalError', `Unable to remove nonexistent key: ${last}: missing value`);
      const v = parent[last];
      delete parent[last];
      return v;
    };
    const add = (t: string[], p: string, value: J) => {
      if (t.length === 0) {
        out = clone(value);
        return;
      }
      const { parent, last } = parentOf(out, t, p);
      if (Array.isArray(parent)) {
        const i = last === '-' ? parent.length : Number(last);
        if (!(i >= 0 && i <= parent.length)) throw new ApiError(500, 'InternalError', `Unable to access invalid index: ${last}: invalid index referenced`);
        parent.splice(i, 0, clone(value));
      } else parent[last] = clone(value);
    };
    switch (op.op) {
      case 'add':
        add(toks, path, op.value);
        break;
      case 'remove':
        remove(path, toks);
        break;
      case 'replace': {
        if (toks.length === 0) {
          out = clone(op.value);
          break;
        }
        const { parent, last } = parentOf(out, toks, path);
        if (Array.isArray(parent)) {
          const i = Number(last);
          if (!(i >= 0 && i < parent.length)) throw new ApiError(500, 'InternalError', `replace operation does not apply: doc is missing key: ${path}: missing value`);
          parent[i] = clone(op.value);
        } else {
          if (!Object.hasOwn(parent, last)) throw new ApiError(500, 'InternalError', `replace operation does not apply: doc is missing key: ${path}: missing value`);
          parent[last] = clone(op.value);
        }
        break;
      }
      case 'move': {
        const v = remove(op.from ?? '', pointer(op.from ?? ''));
        add(toks, path, v);
        break;
      }
      case 'copy':
        add(toks, path, getAt(out, pointer(op.from ?? '')));
        break;
      case 'test':
        if (JSON.stringify(getAt(out, toks)) !== JSON.stringify(op.value)) throw new ApiError(500, 'InternalError', `testing value ${path} failed: test failed`);
        break;
      default:
        throw new ApiError(500, 'InternalError', `Unexpected kind: ${String(op.op)}`);
    }
  }
  return out;
}

// ---------- JSON Merge Patch ----------

export function applyMergePatch(target: J, patch: J): J {
  if (!isObject(patch)) return clone(patch);
  const out: Obj = isObject(target) ? clone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}

// ---------- Strategic merge patch ----------

/** patchMergeKey of the built-in types' merge lists, by field name (the same name means the same key in the core types). */
const MERGE_KEYS: Record<string, string | ((items: J[]) => string)> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  conditions: 'type',
  ownerReferences: 'uid',
  taints: 'key',
  addresses: 'type',
  podIPs: 'ip',
  hostIPs: 'ip',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
  schedulingGates: 'name',
  ports: (items) => (items.some((i) => isObject(i) && 'containerPort' in i) ? 'containerPort' : 'port'),
};

/** Lists of scalars merged as sets. */
const MERGE_SETS = new Set(['finalizers']);

function mergeKeyFor(field: string, items: J[]): string | undefined {
  const k = MERGE_KEYS[field];
  return typeof k === 'function' ? k(items) : k;
}

export function applyStrategicMergePatch(target: J, patch: J): J {
  return smpMap(isObject(target) ? clone(target) : {}, patch);
}

function smpMap(orig: Obj, patch: J): Obj {
  if (!isObject(patch)) return orig;
  const directive = patch.$patch;
  if (directive === 'replace') {
    const { $patch: _d, ...rest } = patch;
    return stripDirectives(rest) as Obj;
  }
  if (directive === 'delete') return {};
  const out = orig;
  const retain = patch.$retainKeys;
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys') continue;
    if (k.startsWith('$setElementOrder/') || k.startsWith('$deleteFromPrimitiveList/')) continue;
    if (v === null) {
      delete out[k];
      continue;
    }
    const cur = out[k];
    if (Array.isArray(v)) out[k] = smpList(k, Array.isArray(cur) ? cur : [], v, patch[`$deleteFromPrimitiveList/${k}`]);
    else if (isObject(v)) {
      if (v.$patch === 'delete') delete out[k];
      else out[k] = smpMap(isObject(cur) ? cur : {}, v);
    } else out[k] = v;
  }
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$deleteFromPrimitiveList/') && !(k.slice(25) in patch) && Array.isArray(out[k.slice(25)])) {
      out[k.slice(25)] = (out[k.slice(25)] as J[]).filter((x) => !(v as J[]).includes(x));
    }
    if (k.startsWith('$setElementOrder/')) {
      const field = k.slice(17);
      if (Array.isArray(out[field])) out[field] = order(field, out[field] as J[], v as J[]);
    }
  }
  if (Array.isArray(retain)) {
    for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  }
  return out;
}

function stripDirectives(v: J): J {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isObject(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) if (!k.startsWith('$')) out[k] = stripDirectives(x);
  return out;
}

function smpList(field: string, orig: J[], patch: J[], deletions: J): J[] {
  // A list-level $patch: replace.
  const replaceDirective = patch.find((p) => isObject(p) && p.$patch === 'replace');
  if (replaceDirective) return stripDirectives(patch.filter((p) => p !== replaceDirective)) as J[];
  if (MERGE_SETS.has(field)) {
    const out = [...orig];
    for (const v of patch) if (!out.includes(v)) out.push(v);
    return Array.isArray(deletions) ? out.filter((x) => !deletions.includes(x)) : out;
  }
  const key = mergeKeyFor(field, [...orig, ...patch]);
  if (!key || !patch.every(isObject)) return stripDirectives(patch) as J[];
  const out = [...orig] as Obj[];
  for (const p of patch as Obj[]) {
    const idx = out.findIndex((o) => isObject(o) && o[key] === p[key]);
    if (p.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (idx >= 0) out[idx] = smpMap(out[idx] as Obj, p);
    else out.push(stripDirectives(p) as Obj);
  }
  return out;
}

function order(field: string, items: J[], wanted: J[]): J[] {
  const key = mergeKeyFor(field, items);
  const id = (x: J) => (key && isObject(x) ? JSON.stringify(x[key]) : JSON.stringify(x));
  const pos = new Map(wanted.map((w, i) => [id(w), i]));
  const known = items.filter((x) => pos.has(id(x))).sort((a, b) => (pos.get(id(a)) as number) - (pos.get(id(b)) as number));
  const rest = items.filter((x) => !pos.has(id(x)));
  return [...known, ...rest];
}

// ---------- Server-side apply ----------

type FieldSet = Obj;

/** The fieldsV1 set of an applied configuration (`f:name`, `k:{"name":"x"}`, `v:"value"`). */
export function fieldSetOf(applied: J, field = ''): FieldSet {
  const out: FieldSet = {};
  if (!isObject(applied)) return out;
  for (const [k, v] of Object.entries(applied)) {
    if (field === '' && (k === 'apiVersion' || k === 'kind')) continue;
    if (field === 'metadata' && ['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'managedFields', 'generation'].includes(k)) continue;
    const f = `f:${k}`;
    if (Array.isArray(v)) {
      const key = mergeKeyFor(k, v);
      if (MERGE_SETS.has(k)) out[f] = Object.fromEntries(v.map((x) => [`v:${JSON.stringify(x)}`, {}]));
      else if (key && v.every(isObject)) out[f] = Object.fromEntries((v as Obj[]).map((x) => [`k:${JSON.stringify({ [key]: x[key] })}`, { '.': {}, ...fieldSetOf(x, k) }]));
      else out[f] = {};
    } else if (isObject(v) && Object.keys(v).length > 0) out[f] = { ...(k === 'labels' || k === 'annotations' ? {} : {}), ...fieldSetOf(v, k) };
    else out[f] = {};
  }
  return out;
}

/** Removes from `obj` the fields in `gone` (a fieldsV1 set) that are leaves, as SSA does when a manager stops applying them. */
function removeFields(obj: J, gone: FieldSet): void {
  if (!isObject(obj)) return;
  for (const [fk, sub] of Object.entries(gone)) {
    if (fk.startsWith('f:')) {
      const name = fk.slice(2);
      const s = sub as FieldSet;
      if (Object.keys(s).length === 0 || (Object.keys(s).length === 1 && '.' in s)) delete obj[name];
      else if (Array.isArray(obj[name])) removeFromList(obj[name] as J[], s, name);
      else {
        removeFields(obj[name], s);
        // A map the manager owned that has nothing left goes too.
        if (isObject(obj[name]) && Object.keys(obj[name] as Obj).length === 0) delete obj[name];
      }
    }
  }
}

function removeFromList(list: J[], gone: FieldSet, field: string): void {
  for (const [fk, sub] of Object.entries(gone)) {
    if (fk.startsWith('k:')) {
      const keyObj = JSON.parse(fk.slice(2)) as Obj;
      const idx = list.findIndex((x) => isObject(x) && Object.entries(keyObj).every(([k, v]) => x[k] === v));
      if (idx < 0) continue;
      if ('.' in (sub as FieldSet)) list.splice(idx, 1);
      else removeFields(list[idx], sub as FieldSet);
    } else if (fk.startsWith('v:')) {
      const v = JSON.parse(fk.slice(2)) as J;
      const idx = list.findIndex((x) => JSON.stringify(x) === JSON.stringify(v));
      if (idx >= 0) list.splice(idx, 1);
    }
  }
  void field;
}

/** Fields in `a` that are not in `b`. */
function fieldSetMinus(a: FieldSet, b: FieldSet): FieldSet {
  const out: FieldSet = {};
  for (const [k, v] of Object.entries(a)) {
    if (!(k in b)) out[k] = v;
    else if (isObject(v) && Object.keys(v).length > 0) {
      const sub = fieldSetMinus(v as FieldSet, b[k] as FieldSet);
      if (Object.keys(sub).length > 0) out[k] = sub;
    }
  }
  return out;
}

/** Merges an applied configuration into a live object (lists by merge key, or replaced when atomic). */
function applyMerge(live: J, applied: J, field = ''): J {
  if (Array.isArray(applied)) {
    const cur = Array.isArray(live) ? live : [];
    if (MERGE_SETS.has(field)) return [...cur, ...applied.filter((x) => !cur.includes(x))];
    const key = mergeKeyFor(field, applied);
    if (!key || !applied.every(isObject)) return clone(applied);
    const out = [...cur] as Obj[];
    for (const a of applied as Obj[]) {
      const i = out.findIndex((o) => isObject(o) && o[key] === a[key]);
      if (i >= 0) out[i] = applyMerge(out[i], a, field) as Obj;
      else out.push(clone(a));
    }
    return out;
  }
  if (!isObject(applied)) return clone(applied);
  const out: Obj = isObject(live) ? { ...live } : {};
  for (const [k, v] of Object.entries(applied)) out[k] = v === null ? null : applyMerge(out[k], v, k);
  for (const [k, v] of Object.entries(out)) if (v === null) delete out[k];
  return out;
}

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: FieldSet;
  subresource?: string;
}

/**
 * Server-side apply of `applied` by `manager` onto `live` (undefined: the object is created).
 * Returns the new object (managedFields updated).
 */
export function serverSideApply(live: Obj | undefined, applied: Obj, manager: string, now: string): Obj {
  const entries = ((live?.metadata as Obj | undefined)?.managedFields as ManagedFieldsEntry[] | undefined) ?? [];
  const mine = entries.find((e) => e.manager === manager && e.operation === 'Apply');
  const newSet = fieldSetOf(applied);
  const merged = applyMerge(live ?? {}, applied) as Obj;
  if (mine) removeFields(merged, fieldSetMinus(mine.fieldsV1, newSet));
  const others = entries.filter((e) => e !== mine);
  const meta = (merged.metadata ??= {}) as Obj;
  meta.managedFields = [...others, { manager, operation: 'Apply', apiVersion: String(applied.apiVersion ?? ''), time: now, fieldsType: 'FieldsV1', fieldsV1: newSet }];
  return merged;
}
