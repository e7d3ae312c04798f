// Server-side field validation (the fieldValidation query parameter kubectl >= 1.27 sends):
// fields a built-in type does not have are an error with Strict ("strict decoding error:
// unknown field ..."), a warning with Warn. The fields each type has come from the same
// generated schema the protobuf decoder uses (proto/k8s-proto-schema.ts); custom resources and
// types outside that schema are not checked.
import { PROTO_SCHEMA, type ProtoField } from './proto/k8s-proto-schema';
import type { ResourceType } from './resources';
import { isObject } from './types';

const SCALARS = new Set(['string', 'bytes', 'bool', 'int32', 'int64', 'uint32', 'uint64', 'double', 'float']);
/** Types whose JSON form is not an object of known fields. */
const OPAQUE = new Set(['meta.v1.Time', 'meta.v1.MicroTime', 'meta.v1.Duration', 'api.resource.Quantity', 'util.intstr.IntOrString', 'runtime.RawExtension', 'meta.v1.FieldsV1']);

const byJson = new Map<string, Map<string, ProtoField>>();

/** A message's fields by JSON name, inlined structs' fields included. */
function fieldsOf(type: string): Map<string, ProtoField> {
  let m = byJson.get(type);
  if (m) return m;
  m = new Map();
  for (const f of PROTO_SCHEMA[type] ?? []) {
    if (f[1] === '') for (const [k, v] of fieldsOf(f[2])) m.set(k, v);
    else if (f[1] !== '-') m.set(f[1], f);
  }
  byJson.set(type, m);
  return m;
}

function walk(type: string, v: unknown, path: string, out: string[], prune = false): void {
  if (!isObject(v) || OPAQUE.has(type) || SCALARS.has(type) || !PROTO_SCHEMA[type]) return;
  const fields = fieldsOf(type);
  for (const [k, val] of Object.entries(v)) {
    if (k.startsWith('$')) continue;
    const f = fields.get(k);
    const p = path ? `${path}.${k}` : k;
    if (!f) {
      out.push(p);
      // Like decoding into the Go types, dropping what they do not have.
      if (prune) delete (v as Record<string, unknown>)[k];
      continue;
    }
    const map = /^map<[^,]+,(.+)>$/.exec(f[2]);
    if (map) {
      if (isObject(val)) for (const [mk, mv] of Object.entries(val)) walk(map[1] as string, mv, `${p}[${mk}]`, out, prune);
    } else if ((f[3] ?? 0) & 1) {
      if (Array.isArray(val)) val.forEach((item, i) => walk(f[2], item, `${p}[${i}]`, out, prune));
    } else walk(f[2], val, p, out, prune);
  }
}

/**
 * Paths of the fields in `body` that its type does not have (empty for unchecked types); with
 * `prune` they are removed from it too, as the apiserver drops what it does not refuse.
 */
export function unknownFields(tp: ResourceType, body: unknown, prune = false): string[] {
  if (!tp.proto || !isObject(body)) return [];
  const typeMeta = { apiVersion: body.apiVersion, kind: body.kind };
  delete body.apiVersion;
  delete body.kind;
  const out: string[] = [];
  walk(tp.proto, body, '', out, prune);
  for (const [k, v] of Object.entries(typeMeta)) if (v !== undefined) body[k] = v;
  return out;
}

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export function fieldValidationOf(q: URLSearchParams): FieldValidation {
  const v = q.get('fieldValidation');
  return v === 'Strict' || v === 'Ignore' ? v : 'Warn';
}
