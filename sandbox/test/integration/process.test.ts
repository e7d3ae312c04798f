// spawnSandbox: the sandbox in its own process, as the CLI, browser mode and the app start it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { API_TOKEN_FILE } from '../../src/api-auth/api-token';
import { spawnSandbox, nodeLauncher, type SandboxLauncher } from '../../src/process';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitUntil(what: string, check: () => boolean, ms = 20_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await delay(50);
  }
}

describe('spawnSandbox', () => {
  it('runs the sandbox in another process, hands back its info and API, and stops it on close (state saved)', async () => {
    const stateDir = mkdtempSync(path.join(tmpdir(), 'fk-sbproc-'));
    const argvSeen: string[][] = [];
    const recording: SandboxLauncher = (entry, args, execArgv) => {
      argvSeen.push([...execArgv, entry, ...args]);
      return nodeLauncher(entry, args, execArgv);
    };
    try {
      const sb = await spawnSandbox({ stateDir, latency: 'instant', launcher: recording, log: () => {} });
      assert.ok(sb.pid && sb.pid !== process.pid && alive(sb.pid), 'a live child process');
      assert.match(sb.info.armEndpoint, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(sb.caCertPem, readFileSync(sb.info.caCertPath, 'utf8'));
      // Its API answers through the client, with the token that came back on the stdout pipe.
      assert.deepEqual((await sb.api.faults()).rules, []);
      await sb.api.addFaults({ rules: [{ kind: 'throttle', method: 'GET', path: '/nothing', count: 1 }] });
      assert.equal((await sb.api.faults()).rules.length, 1);
      // No secret on its command line.
      assert.ok(!argvSeen.flat().some((a) => a.includes(sb.info.apiToken)), 'the API token is on argv');
      assert.ok(argvSeen[0]!.includes('--state-dir') && argvSeen[0]!.includes('--stop-on-stdin-end'));
      const pid = sb.pid!;
      await sb.close();
      assert.equal(alive(pid), false, 'the child is gone after close');
      assert.equal(statSync(path.join(stateDir, API_TOKEN_FILE)).mode & 0o777, 0o600);
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });

  it('a sandbox whose parent dies stops by itself (its stdin closes)', async () => {
    // A parent process that starts a sandbox, prints the child's pid, then is SIGKILLed.
    const here = path.dirname(fileURLToPath(import.meta.url));
    const parentScript = `
      import { spawnSandbox } from ${JSON.stringify(path.join(here, '../../src/process.ts'))};
      const sb = await spawnSandbox({ latency: 'instant', log: () => {} });
      console.log(String(sb.pid));
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', parentScript], { stdio: ['ignore', 'pipe', 'inherit'] });
    const childPid = await new Promise<number>((resolve, reject) => {
      parent.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
      parent.once('exit', (code) => reject(new Error(`parent exited ${code}`)));
    });
    assert.ok(alive(childPid));
    parent.kill('SIGKILL');
    await waitUntil('the orphaned sandbox to exit', () => !alive(childPid));
  });

  it('says why when the sandbox cannot start (a bad flag), instead of waiting', async () => {
    await assert.rejects(spawnSandbox({ latency: 'bogus' as 'instant', log: () => {} }), /exited \(2\) before it started: .*--latency/);
  });
});
