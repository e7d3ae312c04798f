/** `flatkube sandbox` command: one JSON line, serves, exits 0 on SIGTERM; bad args exit 2. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { sandboxEntry } from '../../src/process';

/** The sandbox's own process (main.ts: the command's flags): the built bundle when test/run.mjs names a fresh one, else the sources under tsx. */
function run(args: string[]) {
  const { entry, execArgv } = sandboxEntry();
  return spawn(process.execPath, [...execArgv, entry, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('sandbox CLI', () => {
  it('prints one JSON line, serves HTTPS with its CA, and exits 0 on SIGTERM', async () => {
    const child = run(['--port', '0', '--latency', 'instant']);
    let out = '';
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    const info = JSON.parse(line) as Record<string, string>;
    for (const k of ['armEndpoint', 'authorityHost', 'tenantId', 'subscriptionId', 'clientId', 'caCertPath', 'pricesEndpoint', 'apiToken']) assert.equal(typeof info[k], 'string', k);
    const get = (url: string, headers: Record<string, string> = {}) =>
      new Promise<number>((resolve, reject) => {
        request(url, { ca: readFileSync(info.caCertPath!), headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
          .on('error', reject)
          .end();
      });
    assert.equal(await get(`${info.authorityHost}/${info.tenantId}/v2.0/.well-known/openid-configuration`), 200);
    // The sandbox API as the README shows it (curl --cacert <caCertPath> -H "Authorization: Bearer <apiToken>").
    assert.equal(await get(`${info.armEndpoint}/_sandbox/journal`, { Authorization: `Bearer ${info.apiToken}` }), 200);
    assert.equal(await get(`${info.armEndpoint}/_sandbox/journal`), 401);
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exit, 0);
    assert.equal(out.trim().split('\n').length, 1, 'exactly one line on stdout');
  });

  it('exits 2 with a one-line error for bad arguments', async () => {
    const child = run(['--latency', 'slow']);
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    assert.equal(code, 2);
    assert.match(err, /^flatkube sandbox: --latency must be instant or realistic, got 'slow'\n$/);
  });
});
