// The sandbox is a package of its own (sandbox/, @flatkube/sandbox): the app reaches it over
// HTTPS and SSH, and only the composition points start it, through its public entry points.
// Held two ways: a scan of every import here, and the lint rule itself (ESLint's API on
// would-be offenders), so neither can quietly stop holding.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';

const root = path.resolve(import.meta.dirname, '../../..');
const COMPOSITION_POINTS = new Set([
  'electron/cli.ts',
  'electron/cli/sandbox-session.ts',
  'electron/cli/deploy-targets.ts',
  'electron/cli/render-commands.ts',
  'electron/backend/azure-services.ts',
  'electron/backend/utility-process-launcher.ts',
]);

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|tsx|mjs)$/.test(f))
    .map((f) => path.join(dir, f).split(path.sep).join('/'));
}

function imports(file: string): string[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

const resolvesInto = (file: string, spec: string, dir: string) =>
  spec.startsWith('.') && path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).startsWith(`${dir}/`);

describe('the sandbox package boundary', () => {
  it('no file of the app imports the sandbox, but the composition points, and they by its public entry points', () => {
    const offenders: string[] = [];
    for (const file of [...sources('electron'), ...sources('shared'), ...sources('renderer')]) {
      for (const spec of imports(file)) {
        const byPackage = spec === '@flatkube/sandbox' || spec.startsWith('@flatkube/sandbox/');
        const byPath = resolvesInto(file, spec, 'sandbox');
        if (!byPackage && !byPath) continue;
        if (COMPOSITION_POINTS.has(file) && byPackage && spec !== '@flatkube/sandbox/testing') continue;
        offenders.push(`${file} -> ${spec}`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('the sandbox package imports nothing of the app or its tests', () => {
    const offenders = sources('sandbox')
      .flatMap((file) => imports(file).map((spec) => ({ file, spec })))
      .filter(({ file, spec }) => spec.startsWith('.') && !resolvesInto(file, spec, 'sandbox'))
      .map(({ file, spec }) => `${file} -> ${spec}`);
    assert.deepEqual(offenders, []);
  });

  it("the app's tests use the sandbox by its entry points, never its files by path", () => {
    const offenders = [...sources('test'), ...sources('bench')]
      .flatMap((file) => imports(file).map((spec) => ({ file, spec })))
      .filter(({ file, spec }) => resolvesInto(file, spec, 'sandbox'))
      .map(({ file, spec }) => `${file} -> ${spec}`);
    assert.deepEqual(offenders, []);
  });

  it('the app\'s tests import @flatkube/sandbox/testing only where its header says who uses it and why', () => {
    const header = readFileSync(path.join(root, 'sandbox/src/testing/index.ts'), 'utf8').split('*/')[0]!;
    const listed = [...header.matchAll(/(?:^|[\s(])((?:test|bench)\/[\w./-]*[\w/])/g)].map((m) => m[1]!);
    assert.ok(listed.length >= 5, `the header lists its users: ${listed.join(', ')}`);
    const missing = listed.filter((p) => !existsSync(path.join(root, p)));
    assert.deepEqual(missing, [], 'the header names files or folders that do not exist');
    const named = (file: string) => listed.some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p));
    const importers = [...sources('test'), ...sources('bench')].filter((file) => imports(file).includes('@flatkube/sandbox/testing'));
    assert.ok(importers.length > 0, 'the scan finds the importers');
    assert.deepEqual(importers.filter((file) => !named(file)), [], 'not named in sandbox/src/testing/index.ts');
  });

  it('the lint rule refuses each kind of offence (and allows the composition points)', async () => {
    const eslint = new ESLint({ cwd: root });
    const lint = async (file: string, code: string) => {
      const [r] = await eslint.lintText(code, { filePath: path.join(root, file) });
      return (r?.messages ?? []).filter((m) => /restricted/.test(m.ruleId ?? '')).map((m) => m.ruleId);
    };
    const use = (spec: string) => `import { x } from '${spec}';\nexport const y = x;\n`;
    assert.notDeepEqual(await lint('electron/services/azure/boundary-probe.ts', use('@flatkube/sandbox')), [], 'a service importing the package');
    assert.notDeepEqual(await lint('electron/cli/boundary-probe.ts', use('@flatkube/sandbox/process')), [], 'a non-composition CLI file');
    assert.notDeepEqual(await lint('electron/services/azure/boundary-probe.ts', use('../../../sandbox/src/server')), [], 'a service importing it by path');
    assert.notDeepEqual(await lint('electron/cli/sandbox-session.ts', use('@flatkube/sandbox/testing')), [], 'a composition point importing the testing harness');
    assert.notDeepEqual(await lint('test/integration/boundary-probe.test.ts', use('../../sandbox/src/server')), [], 'a test importing it by path');
    assert.notDeepEqual(await lint('sandbox/src/boundary-probe.ts', use('../../electron/services/errors')), [], 'the sandbox importing the app');
    assert.deepEqual(await lint('electron/cli/sandbox-session.ts', use('@flatkube/sandbox/process')), [], 'a composition point using the public entry');
  });
});
