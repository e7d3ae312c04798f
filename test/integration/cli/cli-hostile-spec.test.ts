// A spec file crafted to hurt: the CLI must answer with exit 2 and one line, as for any bad spec,
// and never let a field's value take the process down.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { builtCli } from '../../helpers/built-cli';
import { example, root } from './run-cli';

describe('flatkube with a hostile spec file', () => {
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'fk-cli-hostile-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('workers.count 1e9: exit 2 with one line naming the field (not a crash sizing a billion nodes)', () => {
    const spec = join(dataDir, 'huge.yaml');
    const text = readFileSync(example, 'utf8').replace(/workers:\n {2}count: 2\n/, 'workers:\n  count: 1e9\n');
    assert.notEqual(text, readFileSync(example, 'utf8'));
    writeFileSync(spec, text);
    // Unlike run-cli.ts, with a small heap: a regression fails in seconds with
    // exit 134 instead of eating the machine's memory first.
    const r = spawnSync(process.execPath, ['--max-old-space-size=128', builtCli(), 'preflight', '--spec', spec], {
      cwd: root,
      env: { ...process.env, FLATKUBE_DATA_DIR: dataDir },
      encoding: 'utf8',
      timeout: 90_000,
    });
    assert.equal(r.status, 2, `exit ${r.status} ${r.signal ?? ''}: ${r.stderr.slice(0, 500)}`);
    assert.match(r.stderr, /^flatkube preflight: invalid spec .*huge\.yaml:\d+: workers\.count: /);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.equal(r.stdout, '');
  });
});
