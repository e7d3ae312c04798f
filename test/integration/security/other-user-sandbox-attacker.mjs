// Run as another OS user (`sudo -n -u nobody`) by other-user-sandbox.test.ts, against the
// embedded sandbox the app started. Plain Node (no dependencies, any Node >= 18): it tries the
// sandbox's files and its doors without any credential and prints what it got as one JSON line.
// It trusts the sandbox's certificate blindly (rejectUnauthorized: false): it cannot read the CA
// file, and an attacker would not care.
//
//   node other-user-sandbox-attacker.mjs '{"origin","tenantId","clientId","scope","files":[...],"dirs":[...],"expiredSerial":"/path?se=..&sig=..","serialPath":"/_sandbox/serialconsole/<guid>"}'
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { URL, URLSearchParams } from 'node:url';

const args = JSON.parse(process.argv[2]);
const report = { uid: process.getuid?.(), files: [], dirs: [], http: [] };

for (const file of args.files) {
  try {
    report.files.push({ file, ok: true, content: readFileSync(file, 'utf8').slice(0, 4096) });
  } catch (err) {
    report.files.push({ file, ok: false, error: err.code ?? String(err) });
  }
}
for (const dir of args.dirs) {
  try {
    report.dirs.push({ dir, ok: true, entries: readdirSync(dir) });
  } catch (err) {
    report.dirs.push({ dir, ok: false, error: err.code ?? String(err) });
  }
}

function send(what, method, path, { headers = {}, body } = {}) {
  return new Promise((resolve) => {
    const url = new URL(path, args.origin);
    const h = { ...headers };
    if (body !== undefined) h['Content-Length'] = Buffer.byteLength(body);
    const req = request(url, { method, headers: h, rejectUnauthorized: false, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const entry = { what, method, path, status: res.statusCode, body: text.slice(0, 4096) };
        report.http.push(entry);
        resolve(entry);
      });
    });
    req.on('error', (err) => {
      const entry = { what, method, path, status: null, error: String(err) };
      report.http.push(entry);
      resolve(entry);
    });
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
const json = { 'Content-Type': 'application/json' };
const wrong = { Authorization: `Bearer ${randomBytes(32).toString('base64url')}` };
const t = args.tenantId;

// A control: the sandbox is there and answers what is open to everyone.
await send('control: openid configuration', 'GET', `/${t}/v2.0/.well-known/openid-configuration`);

// The sandbox API without the token, with a wrong one, with another scheme.
for (const [label, headers] of [['no token', {}], ['wrong token', wrong], ['basic scheme', { Authorization: 'Basic c2FuZGJveDpzYW5kYm94' }]]) {
  await send(`journal (${label})`, 'GET', '/_sandbox/journal', { headers });
  await send(`faults (${label})`, 'GET', '/_sandbox/faults', { headers });
  await send(`add fault (${label})`, 'POST', '/_sandbox/faults', { headers: { ...json, ...headers }, body: JSON.stringify({ rules: [{ kind: 'server-error', status: 503, path: '.*' }] }) });
  await send(`nodes (${label})`, 'GET', '/_sandbox/nodes', { headers });
}

// The password grant for the public sandbox user.
const password = new URLSearchParams({ grant_type: 'password', client_id: args.clientId, scope: args.scope, username: 'ada@sandbox.flatkube.local', password: 'sandbox' }).toString();
await send('password grant (no token)', 'POST', `/${t}/oauth2/v2.0/token`, { headers: form, body: password });
await send('password grant (wrong token)', 'POST', `/${t}/oauth2/v2.0/token`, { headers: { ...form, ...wrong }, body: password });
await send('password grant (organizations)', 'POST', '/organizations/oauth2/v2.0/token', { headers: form, body: password });

// A device code started by the attacker, approved on the /devicelogin page and through the API.
const started = await send('device code', 'POST', `/${t}/oauth2/v2.0/devicecode`, { headers: form, body: new URLSearchParams({ client_id: args.clientId, scope: args.scope }).toString() });
let codes = {};
try {
  codes = JSON.parse(started.body ?? '{}');
} catch {
  codes = {};
}
if (codes.user_code) {
  const approve = (fields) => new URLSearchParams({ otc: codes.user_code, user: '0a0da000-0000-4000-8000-00000000ada0', ...fields }).toString();
  await send('devicelogin (no token)', 'POST', '/devicelogin', { headers: form, body: approve({}) });
  await send('devicelogin (wrong token)', 'POST', '/devicelogin', { headers: form, body: approve({ api_token: randomBytes(32).toString('base64url') }) });
  await send('devicelogin (wrong bearer)', 'POST', '/devicelogin', { headers: { ...form, ...wrong }, body: approve({}) });
  await send('devicecode approve API (no token)', 'POST', '/_sandbox/devicecode/approve', { headers: json, body: JSON.stringify({ user_code: codes.user_code }) });
  await send('device code redeem', 'POST', `/${t}/oauth2/v2.0/token`, {
    headers: form,
    body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: args.clientId, device_code: codes.device_code }).toString(),
  });
}

// Serial console: unsigned, signed the old way (no expiry), forged expiry, expired.
await send('serial (unsigned)', 'GET', args.serialPath);
await send('serial (sig without se)', 'GET', `${args.serialPath}?sig=${randomBytes(32).toString('base64url')}`);
const expired = new URL(args.expiredSerial, args.origin);
await send('serial (expired)', 'GET', `${expired.pathname}${expired.search}`);
const extended = new URL(expired);
extended.searchParams.set('se', '2099-01-01T00:00:00Z');
await send('serial (expiry moved)', 'GET', `${extended.pathname}${extended.search}`);

process.stdout.write(`${JSON.stringify(report)}\n`);
