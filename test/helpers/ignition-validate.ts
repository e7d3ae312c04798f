/**
 * Ignition's own validator, `ignition-validate` (Debian package `ignition`, which `.ci/run`
 * installs), as a second opinion beside the JSON schema check (test/unit/cluster/ignition-schema.ts):
 * it is the parser Flatcar's Ignition uses, with its semantic checks (absolute paths, URL schemes,
 * hash formats, duplicate entries, unused keys).
 *
 * Debian's build (Ignition 2.14) knows spec 3.4.0 only as "3.4.0-experimental", from before
 * 3.4.0 was stabilised. When the installed validator refuses "3.4.0" but takes
 * "3.4.0-experimental", the config's `ignition.version` string, and nothing else, is rewritten
 * to that for the validator. A validator that knows 3.4.0 gets the config as it is.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = 'ignition-validate';
/** The spec version Flatkube renders (IGNITION_VERSION). */
const RENDERED = '3.4.0';
const EXPERIMENTAL = '3.4.0-experimental';

export interface IgnitionValidateResult {
  status: number | null;
  /** What the validator printed (errors and warnings); '' for a clean config. */
  output: string;
}

export interface IgnitionValidate {
  /** e.g. "Ignition Debian 2.14.0+ds1-1+b6" */
  version: string;
  /** The version string the validator is shown for "3.4.0". */
  validatesAs: string;
  validate(configJson: string): IgnitionValidateResult;
}

function runOn(dir: string, name: string, text: string): IgnitionValidateResult {
  const file = join(dir, name);
  writeFileSync(file, text);
  const r = spawnSync(BIN, [file], { encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw r.error;
  return { status: r.status, output: `${r.stdout}${r.stderr}`.trim() };
}

/** The installed validator, or the reason it cannot be used (so tests skip saying why). */
export function findIgnitionValidate(): IgnitionValidate | { skip: string } {
  const v = spawnSync(BIN, ['-version'], { encoding: 'utf8' });
  if (v.error) {
    return { skip: `${BIN} is not installed (Debian: apt-get install ignition; .ci/run installs it): ${(v.error as NodeJS.ErrnoException).code ?? v.error.message}` };
  }
  const version = `${v.stdout}${v.stderr}`.trim();
  const dir = mkdtempSync(join(tmpdir(), 'fk-ignval-'));
  let validatesAs: string;
  try {
    const probe = (ver: string) => runOn(dir, 'probe.ign', JSON.stringify({ ignition: { version: ver } })).status === 0;
    if (probe(RENDERED)) validatesAs = RENDERED;
    else if (probe(EXPERIMENTAL)) validatesAs = EXPERIMENTAL;
    // Installed but knows neither: a failure, not a skip.
    else throw new Error(`${BIN} (${version}) accepts neither "${RENDERED}" nor "${EXPERIMENTAL}" as a config version`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    version,
    validatesAs,
    validate(configJson) {
      const cfg = JSON.parse(configJson) as { ignition?: { version?: unknown } };
      if (cfg.ignition?.version !== RENDERED) throw new Error(`expected an Ignition ${RENDERED} config, got version ${JSON.stringify(cfg.ignition?.version)}`);
      cfg.ignition.version = validatesAs; // the only change
      const tmp = mkdtempSync(join(tmpdir(), 'fk-ignval-'));
      try {
        return runOn(tmp, 'config.ign', JSON.stringify(cfg, null, 2));
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    },
  };
}
