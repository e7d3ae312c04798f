// The CLI tests run the built `flatkube` (test/helpers/built-cli.ts): without a build, or with one
// older than the sources, they must fail saying to build, never run the sources or an old build.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkBuilt } from '../../helpers/built-cli';

describe('the built CLI the CLI tests run', () => {
  let dir: string;
  const write = (file: string, mtime: Date) => {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), '');
    utimesSync(join(dir, file), mtime, mtime);
  };
  const t = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fk-built-cli-'));
    write('electron/cli.ts', t(1));
    write('shared/domain/cluster-spec.ts', t(1));
    write('sandbox/src/main.ts', t(1));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('no build: fails saying to run npm run build', () => {
    assert.throws(() => checkBuilt(dir), /dist\/cli\/cli\.mjs is missing: run `npm run build` before this test/);
    write('dist/cli/cli.mjs', t(2));
    assert.throws(() => checkBuilt(dir), /dist\/sandbox\/sandbox\.mjs is missing: run `npm run build`/);
  });

  it('a build newer than every source: the CLI bundle', () => {
    write('dist/cli/cli.mjs', t(2));
    write('dist/sandbox/sandbox.mjs', t(2));
    assert.equal(checkBuilt(dir), join(dir, 'dist/cli/cli.mjs'));
  });

  it('a source changed since the build (the app, shared code or the sandbox): fails naming it', () => {
    for (const file of ['electron/services/x.ts', 'shared/y.ts', 'sandbox/src/nodes/z.ts']) {
      write('dist/cli/cli.mjs', t(2));
      write('dist/sandbox/sandbox.mjs', t(2));
      write(file, t(3));
      assert.throws(() => checkBuilt(dir), (err: Error) => err.message.includes(`is older than ${join(file)}: run \`npm run build\` again`), file);
      write(file, t(1));
    }
    // A note is not a source.
    write('sandbox/src/PROVIDERS.md', t(3));
    assert.equal(checkBuilt(dir), join(dir, 'dist/cli/cli.mjs'));
  });
});
