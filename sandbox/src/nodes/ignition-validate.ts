// Decodes a VM's custom data and validates it the way Ignition's fetch stage
// would: JSON parse, version check, then the official JSON schema of that spec
// version (copied from the Ignition repo into ./ignition-schemas). Failures are
// reported as the lines Ignition prints on the serial console, so the boot
// diagnostics in the UI look like the real thing.
import { createHash } from 'node:crypto';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema33 from './ignition-schemas/v3_3.schema.json' with { type: 'json' };
import schema34 from './ignition-schemas/v3_4.schema.json' with { type: 'json' };

export const SUPPORTED_IGNITION_VERSIONS = ['3.3.0', '3.4.0'] as const;
export type IgnitionVersion = (typeof SUPPORTED_IGNITION_VERSIONS)[number];

/** The parts of an Ignition 3.x config the simulated node applies. Unknown keys are kept but ignored. */
export interface IgnitionConfig {
  ignition: { version: string };
  storage?: {
    files?: IgnitionFile[];
    links?: { path: string; target: string; hard?: boolean | null }[];
    directories?: { path: string; mode?: number | null }[];
  };
  systemd?: { units?: IgnitionUnit[] };
  passwd?: { users?: { name: string; sshAuthorizedKeys?: string[]; groups?: string[] }[] };
}
export interface IgnitionFile {
  path: string;
  mode?: number | null;
  overwrite?: boolean | null;
  contents?: { source?: string | null; compression?: string | null; verification?: { hash?: string | null } };
  user?: { name?: string | null; id?: number | null };
}
export interface IgnitionUnit {
  name: string;
  enabled?: boolean | null;
  mask?: boolean | null;
  contents?: string | null;
  dropins?: { name: string; contents?: string | null }[];
}

export type IgnitionParseResult =
  | { ok: true; config: IgnitionConfig; version: IgnitionVersion; raw: string; sha512: string }
  | { ok: false; lines: string[]; error: string };

let validators: Map<IgnitionVersion, ValidateFunction> | undefined;

function getValidators(): Map<IgnitionVersion, ValidateFunction> {
  if (validators) return validators;
  // The schemas declare draft-04, which Ajv 8 does not ship a meta-schema for;
  // the keywords they use (type, properties, items, enum, required, $ref into
  // definitions) mean the same in draft-07, so strip $schema and compile.
  const ajv = new Ajv({ strict: false, allErrors: true });
  const strip = (s: object): object => {
    const { $schema: _ignored, ...rest } = s as Record<string, unknown>;
    return rest;
  };
  validators = new Map([
    ['3.3.0', ajv.compile(strip(schema33))],
    ['3.4.0', ajv.compile(strip(schema34))],
  ]);
  return validators;
}

/** `/storage/files/0/path` -> `$.storage.files.0.path`, as Ignition's report prints paths. */
function ignitionPath(instancePath: string, err: ErrorObject): string {
  let p = '$' + instancePath.replace(/\//g, '.');
  if (err.keyword === 'required') p += `.${String((err.params as { missingProperty?: string }).missingProperty)}`;
  return p;
}

function describe(err: ErrorObject): string {
  switch (err.keyword) {
    case 'type':
      return `cannot unmarshal into field of type ${String((err.params as { type?: unknown }).type)}`;
    case 'required':
      return 'field is required';
    case 'enum':
      return 'invalid value';
    default:
      return err.message ?? 'invalid';
  }
}

function failure(error: string, detail: string[]): IgnitionParseResult {
  return {
    ok: false,
    error,
    lines: [...detail, `failed to fetch config: ${error}`, `failed to acquire config: ${error}`, `Ignition failed: ${error}`],
  };
}

export function parseIgnition(customDataBase64: string): IgnitionParseResult {
  const raw = Buffer.from(customDataBase64, 'base64').toString('utf8');
  const sha512 = createHash('sha512').update(raw).digest('hex');
  if (raw.trim() === '') return failure('not a config (empty)', []);
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch (e) {
    return failure('config is not valid', [`error at line 1 col 1: ${(e as Error).message}`]);
  }
  const version = (doc as { ignition?: { version?: unknown } } | null)?.ignition?.version;
  if (typeof version !== 'string') {
    return failure('unsupported config version', ['error at $.ignition.version: invalid config version (couldn\'t parse)']);
  }
  const validate = getValidators().get(version as IgnitionVersion);
  if (!validate) {
    return failure('unsupported config version', [`error at $.ignition.version: unsupported config version: ${version}`]);
  }
  if (!validate(doc)) {
    const detail = (validate.errors ?? []).map((e) => `error at ${ignitionPath(e.instancePath, e)}: ${describe(e)}`);
    return failure('config is not valid', detail);
  }
  const semantic = semanticErrors(doc as IgnitionConfig);
  if (semantic.length > 0) return failure('config is not valid', semantic);
  return { ok: true, config: doc as IgnitionConfig, version: version as IgnitionVersion, raw, sha512 };
}

// Ignition's own validation goes beyond the JSON schema; these are the checks
// that matter for Flatkube's configs (paths, data URLs, hashes).
function semanticErrors(cfg: IgnitionConfig): string[] {
  const errs: string[] = [];
  (cfg.storage?.files ?? []).forEach((f, i) => {
    if (!f.path.startsWith('/')) errs.push(`error at $.storage.files.${i}.path: path not absolute`);
    const src = f.contents?.source;
    if (src != null && src !== '' && !/^(data|https?|s3|tftp|gs|arn):/.test(src)) {
      errs.push(`error at $.storage.files.${i}.contents.source: invalid url scheme`);
    }
    const hash = f.contents?.verification?.hash;
    if (hash != null && !/^(sha256-[0-9a-f]{64}|sha512-[0-9a-f]{128})$/.test(hash)) {
      errs.push(`error at $.storage.files.${i}.contents.verification.hash: unrecognized hash function`);
    }
  });
  (cfg.storage?.links ?? []).forEach((l, i) => {
    if (!l.path.startsWith('/')) errs.push(`error at $.storage.links.${i}.path: path not absolute`);
  });
  return errs;
}
