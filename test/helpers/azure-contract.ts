/**
 * Azure's published REST contract for the operations Flatkube sends (test/contract/azure/, written
 * by scripts/azure-contract/extract.mjs from Azure/azure-rest-api-specs): loading, matching a
 * request to its operation, and checking bodies against the operation's schemas.
 *
 * The schemas are OpenAPI 2.0 (JSON Schema draft-4 style) with Azure's extensions; ajv checks them
 * as draft-07 with `strict: false`. What the spec says beyond plain JSON Schema is handled here:
 *  - `readOnly`: a response may carry it; a request body should not (ARM ignores it, but it means
 *    the client sent back what it read) - readOnlyInRequest() lists such properties.
 *  - `x-ms-enum.modelAsString`: the enum is open to new values for clients; the checks here treat
 *    every enum as closed (a sandbox typo such as "succeeded" is what they are for).
 *  - `x-flatkube-stub`: a definition the extractor did not expand (a part Flatkube neither sends nor
 *    reads). In a request it must not occur (sending there would be untested); in a response it
 *    accepts anything.
 *  - null: ARM sends `null` for absent values (e.g. `nextLink`); nulls are dropped before checking.
 * Schemas leave unknown properties open, as Azure adds properties over time; undeclaredProperties()
 * lists them, so the sandbox's answers can be held to what the spec declares.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
type Schema = Record<string, unknown>;

export interface Contract {
  /** File name without .json, e.g. `compute.virtualMachines.createOrUpdate`. */
  name: string;
  source: { repo: string; commit: string | null; path: string; apiVersion?: string; operationId?: string; sdk?: string };
  method?: string;
  pathTemplate?: string;
  request: { required: boolean; schema: Schema } | null;
  responses: Record<string, Schema | null>;
  examples: Array<{ title: string; path: string; request?: unknown; responses: Record<string, unknown> }>;
  definitions: Record<string, Schema>;
}

export const CONTRACT_DIR = new URL('../contract/azure/', import.meta.url);

export function loadContracts(): Contract[] {
  return readdirSync(CONTRACT_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: f.replace(/\.json$/, ''), ...(JSON.parse(readFileSync(new URL(f, CONTRACT_DIR), 'utf8')) as Omit<Contract, 'name'>) }));
}

function newAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const int = (bits: number) => (v: number) => Number.isInteger(v) && Math.abs(v) <= 2 ** (bits - 1);
  ajv.addFormat('int32', { type: 'number', validate: int(32) });
  ajv.addFormat('int64', { type: 'number', validate: (v: number) => Number.isInteger(v) });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('password', true);
  ajv.addFormat('byte', /^[A-Za-z0-9+/]*={0,2}$/);
  ajv.addFormat('arm-id', /^\//);
  ajv.addFormat('duration', /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/);
  return ajv;
}

const ajvByMode = { request: newAjv(), response: newAjv() };
const compiled = new Map<string, ValidateFunction>();

function isStub(s: unknown): s is Schema {
  return !!s && typeof s === 'object' && 'x-flatkube-stub' in (s as Schema);
}

function definitionsFor(c: Contract, mode: 'request' | 'response'): Record<string, Schema> {
  if (mode === 'response') return c.definitions;
  // A request may not reach into a stubbed part; a scalar stub (a plain string enum) keeps its type.
  return Object.fromEntries(Object.entries(c.definitions).map(([k, d]) => [k, isStub(d) ? (d.type ? { type: d.type } : { not: {}, 'x-flatkube-stub': d['x-flatkube-stub'] }) : d]));
}

function validatorFor(c: Contract, mode: 'request' | 'response', key: string, schema: Schema): ValidateFunction {
  const id = `${c.name}|${mode}|${key}`;
  let v = compiled.get(id);
  if (!v) {
    v = ajvByMode[mode].compile({ ...schema, definitions: definitionsFor(c, mode) });
    compiled.set(id, v);
  }
  return v;
}

/** Drops null-valued properties (ARM's way of saying "absent"), recursively. */
export function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, dropNulls(x)]));
  return v;
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`);
}

/** Problems of a request body against the operation's body schema ([] = valid). */
export function checkRequest(c: Contract, body: unknown): string[] {
  if (!c.request) return body === undefined || body === null ? [] : ['the operation takes no body'];
  if (body === undefined) return c.request.required ? ['body required'] : [];
  const v = validatorFor(c, 'request', 'body', c.request.schema);
  return v(dropNulls(body)) ? [] : describe(v.errors);
}

/** Problems of a response body against the schema for its status (or `default` for errors). */
export function checkResponse(c: Contract, status: number, body: unknown): string[] {
  const key = String(status) in c.responses ? String(status) : status >= 400 && 'default' in c.responses ? 'default' : undefined;
  if (key === undefined) return [`status ${status} is not among the operation's responses (${Object.keys(c.responses).join(', ')})`];
  const schema = c.responses[key];
  if (!schema) return body === undefined || body === null || body === '' ? [] : [`status ${status} has no body in the spec`];
  const v = validatorFor(c, 'response', key, schema);
  return v(dropNulls(body)) ? [] : describe(v.errors);
}

/** The schema for a response status, for the walkers below. */
export function responseSchema(c: Contract, status: number): Schema | null {
  return c.responses[String(status)] ?? (status >= 400 ? c.responses.default ?? null : null);
}

/**
 * Wire JSON -> the SDK's model: `properties` bags are flattened into their owner, as the clients
 * do for the spec's x-ms-client-flatten properties (every `properties` in the operations here).
 */
export function toModel(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toModel);
  if (!v || typeof v !== 'object') return v;
  const { properties, ...rest } = v as Record<string, unknown>;
  const flat = properties && typeof properties === 'object' && !Array.isArray(properties) ? { ...rest, ...(properties as object) } : { ...rest };
  return Object.fromEntries(Object.entries(flat).map(([k, x]) => [k, toModel(x)]));
}

// --- walking a value along its schema -------------------------------------------------------------

interface Shape {
  properties: Record<string, Schema>;
  additional: Schema | boolean | undefined;
  items: Schema | undefined;
  readOnly: boolean;
  stub: boolean;
  freeForm: boolean;
}

function shapeOf(c: Contract, schema: Schema, seen = new Set<string>()): Shape {
  const out: Shape = { properties: {}, additional: undefined, items: undefined, readOnly: false, stub: false, freeForm: false };
  const visit = (s: Schema) => {
    if (isStub(s)) out.stub = true;
    if (s.readOnly === true) out.readOnly = true;
    if (typeof s.$ref === 'string') {
      const key = decodeURIComponent(s.$ref.replace(/^#\/definitions\//, ''));
      if (!seen.has(key)) {
        seen.add(key);
        visit(c.definitions[key] ?? {});
      }
    }
    for (const sub of (s.allOf as Schema[] | undefined) ?? []) visit(sub);
    if (s.properties) Object.assign(out.properties, s.properties as Record<string, Schema>);
    if (s.additionalProperties !== undefined) out.additional = s.additionalProperties as Schema | boolean;
    if (s.items) out.items = s.items as Schema;
  };
  visit(schema);
  out.freeForm = !out.stub && Object.keys(out.properties).length === 0 && out.additional === undefined && out.items === undefined;
  return out;
}

function walk(c: Contract, schema: Schema, value: unknown, path: string, visit: (path: string, kind: 'undeclared' | 'readOnly') => void): void {
  const shape = shapeOf(c, schema);
  if (shape.stub) return;
  if (Array.isArray(value)) {
    if (shape.items) value.forEach((v, i) => walk(c, shape.items!, v, `${path}/${i}`, visit));
    return;
  }
  if (!value || typeof value !== 'object' || shape.freeForm) return;
  for (const [k, v] of Object.entries(value)) {
    if (v === null) continue;
    const p = `${path}/${k}`;
    const prop = shape.properties[k];
    if (prop) {
      if (shapeOf(c, prop).readOnly) visit(p, 'readOnly');
      walk(c, prop, v, p, visit);
    } else if (shape.additional && typeof shape.additional === 'object') {
      walk(c, shape.additional, v, p, visit);
    } else if (shape.additional !== true) {
      visit(p, 'undeclared');
    }
  }
}

/** JSON-pointer paths of properties in `value` that the schema does not declare. */
export function undeclaredProperties(c: Contract, schema: Schema, value: unknown): string[] {
  const out: string[] = [];
  walk(c, schema, value, '', (p, kind) => kind === 'undeclared' && out.push(p));
  return out;
}

/** JSON-pointer paths of read-only properties present in a request body. */
export function readOnlyInRequest(c: Contract, value: unknown): string[] {
  if (!c.request) return [];
  const out: string[] = [];
  walk(c, c.request.schema, value, '', (p, kind) => kind === 'readOnly' && out.push(p));
  return out;
}

// --- matching a request to its operation ---------------------------------------------------------

function templateRegex(template: string): RegExp {
  const body = template
    .split('/')
    .map((seg) => (seg === '{scope}' ? '.+' : /^\{.+\}$/.test(seg) ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${body}$`, 'i');
}

/**
 * The contract of an ARM request (method + URL path), or undefined. Where two templates match, the
 * one with more literal segments wins (as ARM routes).
 */
export function matchContract(contracts: Contract[], method: string, path: string): Contract | undefined {
  const hits = contracts.filter((c) => c.method === method.toUpperCase() && c.pathTemplate && templateRegex(c.pathTemplate).test(path));
  const literals = (t: string) => t.split('/').filter((s) => s && !s.startsWith('{')).length;
  return hits.sort((a, b) => literals(b.pathTemplate!) - literals(a.pathTemplate!))[0];
}
