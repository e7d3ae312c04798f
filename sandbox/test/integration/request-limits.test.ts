/**
 * Request bodies cannot exhaust the app's heap through the sandbox (issue 13, task 3): the
 * journal stays bounded in bytes however many large bodies arrive, keeps no body of an anonymous
 * or refused request (method, path and status only) and a truncated, marked one of a large
 * accepted request; a body over 4 MiB gets 413 `RequestContentTooLarge` (ARM's code and message)
 * on every endpoint family, declared by Content-Length or sent chunked.
 */
import assert from 'node:assert/strict';
import { request as httpsRequest } from 'node:https';
import { after, before, describe, it } from 'node:test';
import type { RunningSandbox } from '../../src/server';
import { armToken, call, startTestSandbox } from '../helpers/platform';

const MiB = 1024 * 1024;
const RG_API = 'api-version=2025-04-01';

interface Answer {
  status: number;
  text: string;
}

/**
 * Sends `bytes` of body (JSON-ish filler) with Content-Length, or chunked, and resolves with the
 * answer even when the server closes the connection before the upload ends (as it should for a
 * refused body: the write then fails, the answer has arrived already).
 */
function sendBody(sb: RunningSandbox, method: string, path: string, bytes: number, opts: { chunked?: boolean; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'Content-Type': 'application/json', ...(opts.headers ?? {}) };
    // Node's client sends GET bodies unframed unless told: say chunked outright.
    if (opts.chunked) headers['Transfer-Encoding'] = 'chunked';
    else headers['Content-Length'] = bytes;
    let settled = false;
    const req = httpsRequest(new URL(path, sb.info.armEndpoint), { method, headers, ca: sb.caCertPem, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      const done = () => {
        if (settled) return;
        settled = true;
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      };
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', done);
      res.on('close', done);
      res.on('error', done);
    });
    req.on('error', (err) => {
      if (!settled) setTimeout(() => !settled && reject(err), 500);
    });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const pump = () => {
      while (sent < bytes) {
        const n = Math.min(chunk.length, bytes - sent);
        sent += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

/** A JSON body of about `bytes` bytes: `{"note":"aaaa..."}`. */
function jsonOf(bytes: number): string {
  return JSON.stringify({ note: 'a'.repeat(Math.max(0, bytes - 12)) });
}

describe('request bodies and the journal', () => {
  let sb: RunningSandbox;
  let token: string;

  before(async () => {
    sb = await startTestSandbox({ nodes: false });
    token = await armToken(sb);
  });
  after(async () => {
    await sb.close();
  });

  it('stays bounded in bytes under many large anonymous bodies, and keeps none of them', async () => {
    const body = jsonOf(MiB);
    for (let i = 0; i < 60; i++) {
      const r = await call(sb, 'GET', '/api/retail/prices', { body, apiToken: null });
      assert.equal(r.status, 200, r.text.slice(0, 200));
    }
    const listed = sb.journal.list();
    const bytes = Buffer.byteLength(JSON.stringify(listed));
    assert.ok(bytes < 8 * MiB, `the journal lists ${bytes} bytes`);
    assert.ok(sb.journal.sizeBytes() <= 8 * MiB);
    const prices = listed.filter((e) => e.path === '/api/retail/prices');
    assert.ok(prices.length >= 60, 'the anonymous requests are journaled (method, path, status)');
    for (const e of prices) {
      assert.equal(e.status, 200);
      assert.equal(e.requestBody, undefined, 'an anonymous request keeps no body');
    }
  });

  it('keeps no body of a refused request, and a truncated, marked one of a large accepted request', async () => {
    const rg = `/subscriptions/${sb.info.subscriptionId}/resourcegroups/rg-journal?${RG_API}`;
    const refused = await call(sb, 'PUT', rg, { body: { location: 'westeurope', tags: { note: 'refused-body' } }, headers: { Authorization: 'Bearer not-a-token' } });
    assert.equal(refused.status, 401);
    const accepted = await call(sb, 'PUT', rg, { body: { location: 'westeurope', properties: { note: 'b'.repeat(512 * 1024) } }, headers: { Authorization: `Bearer ${token}` } });
    assert.ok(accepted.status === 200 || accepted.status === 201, accepted.text);
    const entries = sb.journal.list().filter((e) => e.path.endsWith('/resourcegroups/rg-journal'));
    const no = entries.find((e) => e.status === 401);
    assert.ok(no, 'the refused request is journaled');
    assert.equal(no.requestBody, undefined);
    assert.equal(JSON.stringify(entries).includes('refused-body'), false);
    const yes = entries.find((e) => e.status === accepted.status);
    assert.ok(yes);
    assert.equal(yes.requestBodyTruncated, true);
    assert.equal(typeof yes.requestBody, 'string');
    assert.ok((yes.requestBody as string).startsWith('{"location":"westeurope"'));
    assert.ok(Buffer.byteLength(JSON.stringify(yes)) < 64 * 1024, 'the kept body is short');
    assert.ok((yes.requestBodyBytes ?? 0) > 512 * 1024);
  });
});

describe('oversize bodies', () => {
  let sb: RunningSandbox;
  let token: string;

  before(async () => {
    sb = await startTestSandbox({ nodes: false });
    token = await armToken(sb);
  });
  after(async () => {
    await sb.close();
  });

  const tooLarge = 4 * MiB + 1;

  function assert413(r: Answer, what: string): void {
    assert.equal(r.status, 413, `${what}: ${r.status} ${r.text.slice(0, 300)}`);
    const e = (JSON.parse(r.text) as { error?: { code?: string; message?: string } }).error;
    assert.equal(e?.code, 'RequestContentTooLarge', what);
    assert.match(e?.message ?? '', /exceeds the maximum size of 4 MB/, what);
  }

  it('answers 413 RequestContentTooLarge on every endpoint family, by Content-Length or chunked', async () => {
    const arm = { Authorization: `Bearer ${token}` };
    const api = { Authorization: `Bearer ${sb.info.apiToken}` };
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
    const t = sb.info.tenantId;
    const targets: [string, string, string, Record<string, string>][] = [
      ['ARM', 'PUT', `/subscriptions/${sb.info.subscriptionId}/resourcegroups/rg-big?${RG_API}`, arm],
      ['ARM anonymous (prices)', 'GET', '/api/retail/prices', {}],
      ['Entra token', 'POST', `/${t}/oauth2/v2.0/token`, form],
      ['Entra devicecode', 'POST', `/${t}/oauth2/v2.0/devicecode`, form],
      ['Entra authorize', 'POST', `/${t}/oauth2/v2.0/authorize`, form],
      ['device login page', 'POST', '/devicelogin', form],
      ['sandbox API', 'POST', '/_sandbox/faults', api],
      ['sandbox API (router)', 'PUT', `/_sandbox/quotas/${sb.info.subscriptionId}/westeurope`, api],
      ['bakery', 'GET', `${new URL(sb.info.sysextBakery).pathname}/kubernetes/SHA256SUMS`, {}],
      ['serial console', 'GET', '/_sandbox/serialconsole/00000000-0000-4000-8000-000000000000?sig=x', {}],
    ];
    for (const [what, method, path, headers] of targets) {
      assert413(await sendBody(sb, method, path, tooLarge, { headers }), `${what} (Content-Length)`);
      assert413(await sendBody(sb, method, path, tooLarge, { headers, chunked: true }), `${what} (chunked)`);
    }
    // Nothing it asked for happened, and the sandbox still answers.
    assert.deepEqual(((await call(sb, 'GET', '/_sandbox/faults')).json as { rules: unknown[] }).rules, []);
    assert.equal((await call(sb, 'GET', '/api/retail/prices', { apiToken: null })).status, 200);
    // A body of exactly the limit is still read (and judged on its content).
    const atLimit = await sendBody(sb, 'GET', '/api/retail/prices', 4 * MiB);
    assert.notEqual(atLimit.status, 413);
  });

  it('journals an oversize ARM request without its body', async () => {
    const path = `/subscriptions/${sb.info.subscriptionId}/resourcegroups/rg-oversize?${RG_API}`;
    assert413(await sendBody(sb, 'PUT', path, tooLarge, { headers: { Authorization: `Bearer ${token}` } }), 'ARM');
    const e = sb.journal.list().find((x) => x.path.endsWith('/rg-oversize'));
    assert.ok(e, 'the refused request is journaled');
    assert.equal(e.status, 413);
    assert.equal(e.requestBody, undefined);
  });
});
