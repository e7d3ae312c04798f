import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sandboxEntry } from '../../src/process';

test('from source the sandbox child runs main.ts under tsx, or the bundle FLATKUBE_SANDBOX_BUNDLE names', () => {
  const fromSource = sandboxEntry({});
  assert.equal(fromSource.entry, fileURLToPath(new URL('../../src/main.ts', import.meta.url)));
  assert.equal(fromSource.execArgv[0], '--import');
  assert.match(fromSource.execArgv[1] ?? '', /tsx/);
  assert.deepEqual(sandboxEntry({ FLATKUBE_SANDBOX_BUNDLE: '/opt/build/sandbox.mjs' }), { entry: '/opt/build/sandbox.mjs', execArgv: [] });
  assert.deepEqual(sandboxEntry({ FLATKUBE_SANDBOX_BUNDLE: '' }), fromSource);
});
