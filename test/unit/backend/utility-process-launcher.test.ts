// The app's sandbox launcher over Electron's utilityProcess (no Electron runtime here: a stand-in
// with the same surface records what the launcher asks of it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { utilityProcessLauncher, type UtilityProcessLike } from '../../../electron/backend/utility-process-launcher';

test('forks the sandbox entry with its flags and Node flags, pipes stdio, stops by message, reports exit', () => {
  const forks: Array<{ modulePath: string; args: string[]; options: unknown }> = [];
  const messages: unknown[] = [];
  let killed = 0;
  let exitListener: ((code: number) => void) | undefined;
  const child: UtilityProcessLike = {
    pid: 4242,
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    postMessage: (m) => void messages.push(m),
    kill: () => (killed++, true),
    once: (_event, l) => void (exitListener = l),
  };
  const launcher = utilityProcessLauncher({
    fork: (modulePath, args, options) => (forks.push({ modulePath, args, options }), child),
  });
  const started = launcher('/app/dist/sandbox/sandbox.mjs', ['--stop-on-stdin-end', '--state-dir', '/data/sandbox'], ['--no-warnings']);
  assert.deepEqual(forks, [
    {
      modulePath: '/app/dist/sandbox/sandbox.mjs',
      args: ['--stop-on-stdin-end', '--state-dir', '/data/sandbox'],
      options: { stdio: 'pipe', execArgv: ['--no-warnings'], serviceName: 'Flatkube sandbox' },
    },
  ]);
  assert.equal(started.pid, 4242);
  assert.equal(started.stdout, child.stdout);
  started.stop();
  assert.deepEqual(messages, [{ type: 'stop' }], 'a utility process has no stdin: it is told to stop by message');
  let code: number | null | undefined;
  started.onExit((c) => (code = c));
  exitListener!(0);
  assert.equal(code, 0);
  started.kill();
  assert.equal(killed, 1);
});
