// Decodes `application/vnd.kubernetes.protobuf` request bodies (what kubectl >= 1.32's typed
// clients send for `create deployment`, evictions, ...) into the objects' JSON form: the
// `k8s\0` envelope, runtime.Unknown, then the object by the schema generated from the
// Kubernetes proto definitions (k8s-proto-schema.ts), with Go's JSON rules (omitempty, inlined
// structs, Time/Quantity/IntOrString as their JSON forms).
import { PROTO_SCHEMA } from './k8s-proto-schema';

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

const F_REPEATED = 1;
const F_POINTER = 2;
const F_OMITEMPTY = 4;
const F_INLINE = 8;

export class ProtoDecodeError extends Error {}

interface Wire {
  no: number;
  type: number;
  /** varint / fixed as bigint, or the bytes of a length-delimited field. */
  value: bigint | Buffer;
}

function readVarint(buf: Buffer, pos: { i: number }): bigint {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (pos.i >= buf.length) throw new ProtoDecodeError('truncated varint');
    const b = buf[pos.i++] as number;
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return result;
    shift += 7n;
    if (shift > 70n) throw new ProtoDecodeError('varint too long');
  }
}

function fields(buf: Buffer): Wire[] {
  const out: Wire[] = [];
  const pos = { i: 0 };
  while (pos.i < buf.length) {
    const key = Number(readVarint(buf, pos));
    const no = key >>> 3;
    const type = key & 7;
    if (type === 0) out.push({ no, type, value: readVarint(buf, pos) });
    else if (type === 1) {
      out.push({ no, type, value: buf.readBigUInt64LE(pos.i) });
      pos.i += 8;
    } else if (type === 2) {
      const len = Number(readVarint(buf, pos));
      if (pos.i + len > buf.length) throw new ProtoDecodeError('truncated field');
      out.push({ no, type, value: buf.subarray(pos.i, pos.i + len) });
      pos.i += len;
    } else if (type === 5) {
      out.push({ no, type, value: BigInt(buf.readUInt32LE(pos.i)) });
      pos.i += 4;
    } else throw new ProtoDecodeError(`unsupported wire type ${type}`);
  }
  return out;
}

function toSigned64(v: bigint): number {
  return Number(BigInt.asIntN(64, v));
}

/** Go's time.Duration.String(). */
function goDuration(ns: number): string {
  if (ns === 0) return '0s';
  const neg = ns < 0;
  let n = Math.abs(ns);
  if (n < 1e9) {
    const [v, unit] = n < 1e3 ? [n, 'ns'] : n < 1e6 ? [n / 1e3, 'µs'] : [n / 1e6, 'ms'];
    return `${neg ? '-' : ''}${v}${unit}`;
  }
  const h = Math.floor(n / 3.6e12);
  n -= h * 3.6e12;
  const m = Math.floor(n / 6e10);
  n -= m * 6e10;
  const s = n / 1e9;
  return `${neg ? '-' : ''}${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}

function scalar(type: string, w: Wire): unknown {
  const v = w.value;
  switch (type) {
    case 'string':
      return (v as Buffer).toString('utf8');
    case 'bytes':
      return (v as Buffer).toString('base64');
    case 'bool':
      return (v as bigint) !== 0n;
    case 'int32':
      return Number(BigInt.asIntN(32, v as bigint));
    case 'int64':
      return toSigned64(v as bigint);
    case 'uint32':
    case 'uint64':
      return Number(v as bigint);
    case 'double':
      if (w.type === 1) {
        const b = Buffer.alloc(8);
        b.writeBigUInt64LE(v as bigint);
        return b.readDoubleLE(0);
      }
      return 0;
    case 'float':
      if (w.type === 5) {
        const b = Buffer.alloc(4);
        b.writeUInt32LE(Number(v));
        return b.readFloatLE(0);
      }
      return 0;
  }
  return undefined;
}

const SCALARS = new Set(['string', 'bytes', 'bool', 'int32', 'int64', 'uint32', 'uint64', 'double', 'float']);

function special(type: string, buf: Buffer): unknown {
  const fs = fields(buf);
  const get = (no: number) => fs.find((f) => f.no === no)?.value;
  switch (type) {
    case 'meta.v1.Time':
    case 'meta.v1.MicroTime': {
      const seconds = toSigned64((get(1) as bigint | undefined) ?? 0n);
      const nanos = Number((get(2) as bigint | undefined) ?? 0n);
      if (seconds === 0 && nanos === 0) return null;
      const iso = new Date(seconds * 1000).toISOString();
      return type === 'meta.v1.Time' ? iso.replace('.000Z', 'Z') : iso.replace('.000Z', `.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z`);
    }
    case 'meta.v1.Duration':
      return goDuration(toSigned64((get(1) as bigint | undefined) ?? 0n));
    case 'api.resource.Quantity':
      return ((get(1) as Buffer | undefined) ?? Buffer.alloc(0)).toString('utf8');
    case 'util.intstr.IntOrString': {
      const t = Number((get(1) as bigint | undefined) ?? 0n);
      return t === 1 ? ((get(3) as Buffer | undefined) ?? Buffer.alloc(0)).toString('utf8') : Number(BigInt.asIntN(32, (get(2) as bigint | undefined) ?? 0n));
    }
    case 'runtime.RawExtension':
    case 'meta.v1.FieldsV1': {
      const raw = get(1) as Buffer | undefined;
      if (!raw || raw.length === 0) return {};
      try {
        return JSON.parse(raw.toString('utf8'));
      } catch {
        return raw.toString('base64');
      }
    }
  }
  return undefined;
}

const SPECIAL = new Set(['meta.v1.Time', 'meta.v1.MicroTime', 'meta.v1.Duration', 'api.resource.Quantity', 'util.intstr.IntOrString', 'runtime.RawExtension', 'meta.v1.FieldsV1']);

function value(type: string, w: Wire): unknown {
  if (SCALARS.has(type)) return scalar(type, w);
  if (!(w.value instanceof Buffer)) throw new ProtoDecodeError(`field of message type ${type} is not length-delimited`);
  if (SPECIAL.has(type)) return special(type, w.value);
  return message(type, w.value);
}

function isZero(v: unknown): boolean {
  return v === '' || v === 0 || v === false || v === null || v === undefined || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0 && false);
}

function message(type: string, buf: Buffer): Record<string, unknown> {
  const schema = PROTO_SCHEMA[type];
  if (!schema) throw new ProtoDecodeError(`no protobuf schema for ${type}`);
  const wires = fields(buf);
  const out: Record<string, unknown> = {};
  for (const [no, json, ftype, flags = 0] of schema) {
    const ws = wires.filter((w) => w.no === no);
    if (ws.length === 0) continue;
    let v: unknown;
    const map = /^map<([^,]+),(.+)>$/.exec(ftype);
    if (map) {
      const m: Record<string, unknown> = {};
      for (const w of ws) {
        const entry = fields(w.value as Buffer);
        const k = entry.find((e) => e.no === 1);
        const val = entry.find((e) => e.no === 2);
        const key = k ? String(value(map[1] as string, k)) : '';
        m[key] = val ? value(map[2] as string, val) : SCALARS.has(map[2] as string) ? (map[2] === 'string' || map[2] === 'bytes' ? '' : 0) : {};
      }
      v = m;
    } else if (flags & F_REPEATED) {
      const items: unknown[] = [];
      for (const w of ws) {
        // Packed repeated scalars arrive as one length-delimited field.
        if (w.type === 2 && SCALARS.has(ftype) && ftype !== 'string' && ftype !== 'bytes') {
          const inner = w.value as Buffer;
          const pos = { i: 0 };
          while (pos.i < inner.length) items.push(scalar(ftype, { no, type: 0, value: readVarint(inner, pos) }));
        } else items.push(value(ftype, w));
      }
      v = items;
    } else v = value(ftype, ws[ws.length - 1] as Wire);
    if (flags & F_INLINE || json === '') {
      if (v && typeof v === 'object') Object.assign(out, v);
      continue;
    }
    if (json === '-') continue;
    if (v === null) continue;
    if (!(flags & F_POINTER) && flags & F_OMITEMPTY && isZero(v)) continue;
    out[json] = v;
  }
  return out;
}

const GROUP_PACKAGES: Record<string, string> = {
  '': 'core',
  apps: 'apps',
  batch: 'batch',
  policy: 'policy',
  autoscaling: 'autoscaling',
  'rbac.authorization.k8s.io': 'rbac',
  'networking.k8s.io': 'networking',
  'scheduling.k8s.io': 'scheduling',
  'authentication.k8s.io': 'authentication',
  'authorization.k8s.io': 'authorization',
  'certificates.k8s.io': 'certificates',
  'coordination.k8s.io': 'coordination',
  'discovery.k8s.io': 'discovery',
  'storage.k8s.io': 'storage',
  'events.k8s.io': 'events',
};

export function isProtobufBody(buf: Buffer): boolean {
  return buf.length >= 4 && buf.subarray(0, 4).equals(MAGIC);
}

/** The JSON form of a protobuf-encoded API object (apiVersion and kind from its envelope). */
export function decodeKubeProtobuf(buf: Buffer): Record<string, unknown> {
  if (!isProtobufBody(buf)) throw new ProtoDecodeError('missing the k8s protobuf magic number');
  const unknown = fields(buf.subarray(4));
  const typeMeta = unknown.find((f) => f.no === 1)?.value as Buffer | undefined;
  const raw = unknown.find((f) => f.no === 2)?.value as Buffer | undefined;
  const tm = typeMeta ? fields(typeMeta) : [];
  const apiVersion = (tm.find((f) => f.no === 1)?.value as Buffer | undefined)?.toString('utf8') ?? '';
  const kind = (tm.find((f) => f.no === 2)?.value as Buffer | undefined)?.toString('utf8') ?? '';
  const [group, version] = apiVersion.includes('/') ? (apiVersion.split('/', 2) as [string, string]) : ['', apiVersion];
  const pkg = kind === 'DeleteOptions' ? 'meta' : GROUP_PACKAGES[group];
  const type = kind === 'DeleteOptions' ? 'meta.v1.DeleteOptions' : `${pkg}.${version}.${kind}`;
  if (!pkg || !PROTO_SCHEMA[type]) throw new ProtoDecodeError(`no protobuf schema for ${apiVersion}, Kind=${kind}`);
  return { apiVersion, kind, ...message(type, raw ?? Buffer.alloc(0)) };
}
