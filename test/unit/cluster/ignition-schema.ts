import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * The official Ignition 3.4.0 JSON schema (coreos/ignition config/v3_4/schema/ignition.json), plus a strict pass: the schema has no
 * additionalProperties, so a misspelt key ("sshAuthorizedKey") would pass it silently; the strict
 * pass reports every key the schema does not declare.
 */

// The official Ignition 3.4.0 schema, a verbatim copy of coreos/ignition's, shipped with the sandbox.
const SCHEMA_PATH = fileURLToPath(new URL('../../../sandbox/src/nodes/ignition-schemas/v3_4.schema.json', import.meta.url));

type Json = Record<string, unknown>;

export function loadIgnitionSchema(): Json {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Json;
  // Draft-04 meta-schema is not bundled with Ajv 8; the schema uses no draft-04-only keyword
  // (no boolean exclusiveMaximum, no "id"), so validating it with draft-07 semantics is equivalent.
  delete schema.$schema;
  return schema;
}

export function ignitionValidator(): (config: unknown) => string[] {
  const schema = loadIgnitionSchema();
  const ajv = new Ajv({ strict: false, allErrors: true });
  // ajv-formats is CommonJS; under tsx/ESM its function may sit on .default.
  const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => void;
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (config) => {
    const errors: string[] = [];
    if (!validate(config)) {
      for (const e of validate.errors ?? []) errors.push(`${e.instancePath} ${e.message ?? ''}`);
    }
    errors.push(...unknownKeys(schema, schema, config, ''));
    return errors;
  };
}

function resolve(root: Json, node: Json): Json {
  let n = node;
  while (typeof n.$ref === 'string') {
    const parts = (n.$ref as string).replace(/^#\//, '').split('/');
    let cur: unknown = root;
    for (const p of parts) cur = (cur as Json)[p];
    n = cur as Json;
  }
  return n;
}

/** Declared properties of an object schema, following $ref and allOf. */
function declared(root: Json, node: Json): { props: Record<string, Json>; isObject: boolean } {
  const n = resolve(root, node);
  const props: Record<string, Json> = { ...((n.properties as Record<string, Json>) ?? {}) };
  let isObject = n.type === 'object' || 'properties' in n;
  for (const part of (n.allOf as Json[]) ?? []) {
    const d = declared(root, part);
    Object.assign(props, d.props);
    isObject ||= d.isObject;
  }
  return { props, isObject };
}

function unknownKeys(root: Json, node: Json, value: unknown, at: string): string[] {
  const n = resolve(root, node);
  if (Array.isArray(value)) {
    const items = n.items as Json | undefined;
    return items ? value.flatMap((v, i) => unknownKeys(root, items, v, `${at}/${i}`)) : [];
  }
  if (value === null || typeof value !== 'object') return [];
  const { props, isObject } = declared(root, n);
  if (!isObject) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(value as Json)) {
    const sub = props[k];
    if (!sub) out.push(`${at}/${k} is not an Ignition 3.4.0 field`);
    else out.push(...unknownKeys(root, sub, v, `${at}/${k}`));
  }
  return out;
}
