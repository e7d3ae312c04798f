// Run by other-user-browser-mode.test.ts as another OS user (`sudo -u nobody`): everything a local
// attacker can try against a running browser mode, with nothing but what that user may read. It
// uses only Node built-ins (the repository may not be readable to that user) and prints one JSON
// report on stdout; the test decides what counts as a leak.
// Usage: node other-user-attacker.mjs '{"port":N,"dataDir":"...","cluster":"name"}'
/* global clearTimeout */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';

const cfg = JSON.parse(process.argv[2]);
const report = { uid: process.getuid(), proc: [], files: [], candidates: [], ws: [], http: [] };

// 1. Every command line and environment this user can read (cmdline is world-readable on Linux).
for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
  for (const what of ['cmdline', 'environ']) {
    try {
      const text = readFileSync(`/proc/${pid}/${what}`, 'latin1').split('\0').join(' ').trim();
      if (text) report.proc.push({ pid: Number(pid), what, text });
    } catch {
      /* not ours to read, or gone */
    }
  }
}

// 2. Files named on those command lines (a launch page handed to a browser) and the data dir.
const tryRead = (file, why) => {
  try {
    report.files.push({ file, why, ok: true, content: readFileSync(file, 'latin1') });
  } catch (err) {
    report.files.push({ file, why, ok: false, error: err.code });
  }
};
const named = new Set();
for (const { text } of report.proc) {
  for (const m of text.matchAll(/(?:file:\/\/)?(\/[^\s'"]*(?:flatkube|\.html?)[^\s'"]*)/gi)) named.add(decodeURIComponent(m[1]));
}
for (const file of named) tryRead(file, 'named on a command line');
const walk = (dir) => {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    report.files.push({ file: dir, why: 'data dir listing', ok: false, error: err.code });
    return;
  }
  report.files.push({ file: dir, why: 'data dir listing', ok: true, content: entries.map((e) => e.name).join('\n') });
  for (const e of entries) (e.isDirectory() ? walk : (f) => tryRead(f, 'data dir'))(path.join(dir, e.name));
};
walk(cfg.dataDir);
for (const guess of ['clusters', `clusters/${cfg.cluster}`]) {
  try {
    statSync(path.join(cfg.dataDir, guess));
  } catch {
    /* even a stat is refused in a 0700 folder */
  }
  tryRead(path.join(cfg.dataDir, guess, 'kubeconfig.yaml'), 'guessed path');
  tryRead(path.join(cfg.dataDir, guess, 'cluster.json'), 'guessed path');
}

// 3. Anything that looks like a credential in what was read.
const haystack = [...report.proc.map((p) => p.text), ...report.files.filter((f) => f.ok).map((f) => f.content)].join('\n');
for (const m of haystack.matchAll(/\b(token|code)=([\w%.-]{8,})/g)) report.candidates.push({ kind: m[1], value: decodeURIComponent(m[2]) });

// 4. The WebSocket: no credential, forged ones, harvested ones; the page's origin, another origin,
//    none; the real Host and a DNS-rebinding Host.
const own = `127.0.0.1:${cfg.port}`;
const forged = randomBytes(24).toString('base64url');
const queries = ['', `?token=${forged}`, `?code=${forged}`, ...report.candidates.flatMap((c) => [`?token=${encodeURIComponent(c.value)}`, `?code=${encodeURIComponent(c.value)}`])];
const origins = [`http://${own}`, `http://localhost:${cfg.port}`, 'http://evil.example', 'null', undefined];
const hosts = [own, `evil.example:${cfg.port}`];

/** A minimal WebSocket client (RFC 6455): upgrade, then send masked text frames, read text frames. */
function tryWebSocket(query, origin, host) {
  return new Promise((resolve) => {
    const headers = { Host: host, Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': randomBytes(16).toString('base64') };
    if (origin !== undefined) headers.Origin = origin;
    const attempt = { query: query.replace(/=.*/, '=…'), origin: origin ?? null, host, status: null, opened: false, answers: [] };
    const req = request({ host: '127.0.0.1', port: cfg.port, path: `/ipc${query}`, headers, timeout: 3000 });
    req.on('response', (res) => {
      attempt.status = res.statusCode;
      res.resume();
      resolve(attempt);
    });
    req.on('upgrade', (res, socket) => {
      attempt.status = res.statusCode;
      attempt.opened = true;
      let buf = Buffer.alloc(0);
      const done = () => {
        clearTimeout(timer);
        socket.destroy();
        resolve(attempt);
      };
      const timer = setTimeout(done, 2000);
      socket.on('data', (chunk) => {
        buf = Buffer.concat([buf, chunk]);
        for (;;) {
          if (buf.length < 2) return;
          let len = buf[1] & 0x7f;
          let off = 2;
          if (len === 126) [len, off] = buf.length >= 4 ? [buf.readUInt16BE(2), 4] : [Infinity, 4];
          else if (len === 127) [len, off] = buf.length >= 10 ? [Number(buf.readBigUInt64BE(2)), 10] : [Infinity, 10];
          if (buf.length < off + len) return;
          attempt.answers.push(buf.subarray(off, off + len).toString('utf8'));
          buf = buf.subarray(off + len);
          if (attempt.answers.filter((a) => a.includes('"result"')).length >= 3) done();
        }
      });
      socket.on('error', done);
      const send = (obj) => {
        const payload = Buffer.from(JSON.stringify(obj));
        const mask = randomBytes(4);
        const head = payload.length < 126 ? Buffer.from([0x81, 0x80 | payload.length]) : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
        socket.write(Buffer.concat([head, mask, payload.map((b, i) => b ^ mask[i % 4])]));
      };
      send({ type: 'invoke', id: 1, channel: 'cluster.list' });
      send({ type: 'invoke', id: 2, channel: 'cluster.kubeconfig', payload: { name: cfg.cluster } });
      send({ type: 'invoke', id: 3, channel: 'app.info' });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => {
      attempt.error = err.message;
      resolve(attempt);
    });
    req.end();
  });
}

for (const query of queries) for (const origin of origins) for (const host of hosts) report.ws.push(await tryWebSocket(query, origin, host));

// 5. Plain HTTP: the page and every path that might hand out a credential, with the real Host and
//    a rebinding one (a web page on evil.example resolved to 127.0.0.1 sends that Host).
function tryHttp(method, pathname, host, body) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port: cfg.port, method, path: pathname, headers: { Host: host, Origin: `http://${host}` }, timeout: 3000 }, (res) => {
      let text = '';
      res.setEncoding('latin1');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ method, path: pathname, host, status: res.statusCode, setCookie: res.headers['set-cookie'] ?? null, body: text.slice(0, 2000) }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => resolve({ method, path: pathname, host, status: null, error: err.message }));
    req.end(body);
  });
}
for (const host of hosts) {
  for (const [method, pathname, body] of [
    ['GET', '/'],
    ['GET', '/index.html'],
    ['GET', '/ipc'],
    ['GET', '/session'],
    ['POST', '/session', JSON.stringify({ code: forged })],
    ['GET', `/sign-in?code=${forged}`],
    ['GET', '/../../etc/passwd'],
  ]) {
    report.http.push(await tryHttp(method, pathname, host, body));
  }
}

process.stdout.write(`${JSON.stringify(report)}\n`);
