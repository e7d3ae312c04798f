/**
 * Security suite: a second OS user on the same machine against browser mode, started as `npm
 * start` starts it (`flatkube web --open`, the real server and backend, a data dir holding a
 * cluster and its admin kubeconfig). The launched "browser" is a stub that records its command
 * line and stays up, as a browser would. As `nobody`, other-user-attacker.mjs reads every command
 * line and environment it can, the files named there and the data dir, then tries the WebSocket
 * (no, forged and harvested credentials; any Origin; a DNS-rebinding Host) and the HTTP paths.
 * It must get no credential, no connection, no cluster list and no kubeconfig. Needs
 * `sudo -n -u nobody` (CI runs as root with sudo installed); skipped otherwise.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { ClusterStore } from '../../../electron/services/cluster/store/cluster-store';
import { writeSecretFile } from '../../../electron/services/secrets/write-secret-file';
import { builtCli } from '../../helpers/built-cli';
import { linuxOnly } from '../../helpers/platform';
import { exampleSpec } from '../engine/engine-fixture';

const root = path.resolve(new URL('../../../', import.meta.url).pathname);
const CLUSTER = 'victim';
/** Stands in for the admin kubeconfig's client key: it must never reach the other user. */
const KEY_MARKER = 'CLIENT-KEY-MARKER-5f0c2e7d9a';

function sudoNobody(args: string[], timeout = 10_000) {
  return spawnSync('sudo', ['-n', '-u', 'nobody', ...args], { encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
}
// macOS runners have sudo and nobody too, but the attack reads /proc.
const skip =
  linuxOnly('the other user reads command lines and environments from /proc') ||
  (sudoNobody(['true']).status === 0 ? false : '`sudo -n -u nobody true` fails: no second user to attack with (CI installs sudo and runs as root)');

/** A Node binary `nobody` can run: ours unless it sits in a folder only root can enter. */
function nodeForNobody(): string {
  const bin = [process.execPath, '/usr/bin/node', '/usr/local/bin/node'].find((b) => existsSync(b) && sudoNobody([b, '-e', '0']).status === 0);
  if (!bin) throw new Error(`nobody cannot run ${process.execPath} nor /usr/bin/node: install Node.js system-wide`);
  return bin;
}

/** Every command line and environment on the machine, read as root (what the app spawned included). */
function everyProcessText(): string {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    for (const what of ['cmdline', 'environ']) {
      try {
        out.push(readFileSync(`/proc/${pid}/${what}`, 'latin1').split('\0').join(' '));
      } catch {
        /* gone */
      }
    }
  }
  return out.join('\n');
}

interface AttackReport {
  uid: number;
  proc: { pid: number; what: string; text: string }[];
  files: { file: string; why: string; ok: boolean; content?: string; error?: string }[];
  candidates: { kind: string; value: string }[];
  ws: { query: string; origin: string | null; host: string; status: number | null; opened: boolean; answers: string[]; error?: string }[];
  http: { method: string; path: string; host: string; status: number | null; setCookie: string[] | null; body?: string; error?: string }[];
}

describe('security: another local user against browser mode', { skip }, () => {
  const priv = mkdtempSync(path.join(tmpdir(), 'fk-other-user-')); // 0700: the test's own files
  const home = mkdtempSync(path.join(tmpdir(), 'fk-other-user-home-')); // 0755, like a home folder
  const attackDir = mkdtempSync(path.join(tmpdir(), 'fk-other-user-attacker-'));
  const dataDir = path.join(home, 'flatkube');
  const stub = path.join(priv, 'stub-browser.mjs');
  const openerLog = path.join(priv, 'opener.json');
  let server: ChildProcess;
  let stdout = '';
  let port = 0;
  /** Every credential the test learns (the terminal link's, the launch page's, sessions): none may leak. */
  const secrets = new Set<string>();
  let opener: { pid: number; argv: string[] };
  let nodeBin: string;

  const attack = (): AttackReport => {
    const r = sudoNobody([nodeBin, path.join(attackDir, 'attacker.mjs'), JSON.stringify({ port, dataDir, cluster: CLUSTER })], 120_000);
    assert.equal(r.status, 0, `the attacker script failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as AttackReport;
  };
  const leaked = (text: string) => [...secrets].filter((s) => text.includes(s));

  before(async () => {
    nodeBin = nodeForNobody();
    chmodSync(home, 0o755);
    chmodSync(attackDir, 0o755);
    copyFileSync(path.join(root, 'test/integration/security/other-user-attacker.mjs'), path.join(attackDir, 'attacker.mjs'));
    chmodSync(path.join(attackDir, 'attacker.mjs'), 0o644);

    // A cluster with its admin kubeconfig, as a deployment leaves them.
    const store = new ClusterStore(dataDir);
    const kubeconfig = store.paths(CLUSTER).kubeconfig;
    const stamp = new Date().toISOString();
    await store.save({ version: 2, name: CLUSTER, environment: 'sandbox', spec: exampleSpec((s) => ({ ...s, name: CLUSTER })), state: 'created', createdAt: stamp, updatedAt: stamp, kubeconfigPath: kubeconfig, nodes: [], operations: [] });
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    await writeSecretFile(
      kubeconfig,
      `apiVersion: v1\nkind: Config\nclusters:\n- name: ${CLUSTER}\n  cluster: {server: 'https://192.0.2.10:6443', certificate-authority-data: ${b64('CA')}}\nusers:\n- name: admin\n  user: {client-certificate-data: ${b64('CERT')}, client-key-data: ${b64(KEY_MARKER)}}\ncontexts:\n- name: flatkube-${CLUSTER}\n  context: {cluster: ${CLUSTER}, user: admin}\ncurrent-context: flatkube-${CLUSTER}\n`,
    );

    // The "browser": records its command line, then stays up like a browser does.
    writeFileSync(
      stub,
      `#!${process.execPath}\nimport { writeFileSync } from 'node:fs';\nwriteFileSync(process.env.FLATKUBE_TEST_OPENER_LOG, JSON.stringify({ pid: process.pid, argv: process.argv.slice(2) }));\nsetInterval(() => {}, 60_000);\n`,
      { mode: 0o700 },
    );

    server = spawn(process.execPath, [builtCli(), 'web', '--open', '--renderer-dir', path.join(root, 'test/helpers/static-renderer')], {
      cwd: root,
      env: { ...process.env, FLATKUBE_DATA_DIR: dataDir, FLATKUBE_BROWSER: stub, FLATKUBE_TEST_OPENER_LOG: openerLog },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    server.stdout!.setEncoding('utf8');
    server.stdout!.on('data', (chunk: string) => (stdout += chunk));
    for (let i = 0; i < 600 && !(/open http:\/\/127\.0\.0\.1:\d+\/\S+/.test(stdout) && existsSync(openerLog)); i++) await new Promise((r) => setTimeout(r, 100));
    const link = /open (http:\/\/127\.0\.0\.1:(\d+)\/\S+)/.exec(stdout);
    assert.ok(link, `flatkube web printed no link: ${stdout}`);
    port = Number(link[2]);
    // The terminal's link is the user's own (stdout); it must go nowhere else.
    for (const m of link[1]!.matchAll(/[#?&](?:code|token)=([\w-]+)/g)) secrets.add(m[1]!);
    assert.ok(existsSync(openerLog), 'the browser was not opened');
    opener = JSON.parse(readFileSync(openerLog, 'utf8')) as { pid: number; argv: string[] };
  });

  after(async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    if (opener) {
      try {
        process.kill(opener.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    for (const d of [priv, home, attackDir]) rmSync(d, { recursive: true, force: true });
  });

  it('the browser gets a private launch page on its command line, never a credential', () => {
    assert.equal(opener.argv.length, 1, JSON.stringify(opener.argv));
    const arg = opener.argv[0]!;
    assert.doesNotMatch(arg, /token|code|127\.0\.0\.1|localhost/i, 'a credential or the app URL on the command line');
    const file = arg.startsWith('file:') ? new URL(arg).pathname : arg;
    assert.equal(statSync(file).mode & 0o777, 0o600, 'the launch page is readable by its owner only');
    assert.equal(statSync(path.dirname(file)).mode & 0o777, 0o700, 'in a folder only its owner can enter');
    const page = readFileSync(file, 'utf8');
    const code = new RegExp(`http://127\\.0\\.0\\.1:${port}/#code=([\\w-]+)`).exec(page);
    assert.ok(code, `the launch page leads to the app with a one-time code: ${page}`);
    secrets.add(code[1]!);
    // No process (the server, the opener, anything they started) has one on its command line or in its environment.
    assert.deepEqual(leaked(everyProcessText()), []);
  });

  it('the other user finds no credential in any command line, environment, named file or the data dir', () => {
    const report = attack();
    assert.notEqual(report.uid, 0, 'the attacker runs as another user');
    assert.ok(report.proc.some((p) => p.pid === server.pid && p.what === 'cmdline'), "the scan reads other users' command lines");
    assert.ok(report.proc.some((p) => p.pid === opener.pid && p.what === 'cmdline'), "and the browser's");
    const seen = [...report.proc.map((p) => p.text), ...report.files.filter((f) => f.ok).map((f) => f.content ?? '')].join('\n');
    assert.deepEqual(leaked(seen), []);
    assert.doesNotMatch(seen, new RegExp(KEY_MARKER));
    assert.ok(report.files.some((f) => f.why === 'named on a command line'), 'the launch page was tried');
    assert.deepEqual(
      report.files.filter((f) => f.ok && f.why !== 'data dir listing').map((f) => f.file),
      [],
      'files the other user could read',
    );
    assert.deepEqual(report.files.filter((f) => f.ok && f.why === 'data dir listing'), [], 'the data dir is not listable');
  });

  it('the other user cannot connect to the WebSocket or get anything over HTTP', () => {
    const report = attack();
    assert.ok(report.ws.length >= 30, 'the attempts ran');
    const opened = report.ws.filter((w) => w.opened);
    assert.deepEqual(opened.map((w) => ({ ...w, answers: w.answers.map((a) => a.slice(0, 300)) })), [], 'WebSocket connections the other user got');
    for (const w of report.ws) assert.ok(w.status === 401 || w.status === 403, `${JSON.stringify(w)} was not refused`);
    for (const h of report.http) {
      const text = `${h.body ?? ''} ${JSON.stringify(h.setCookie)}`;
      assert.deepEqual(leaked(text), [], `${h.method} ${h.path} (Host ${h.host}) handed out a credential`);
      assert.doesNotMatch(text, new RegExp(`${KEY_MARKER}|${CLUSTER}`), `${h.method} ${h.path} answered with cluster data`);
      assert.equal(h.setCookie, null, `${h.method} ${h.path} set a cookie`);
      // A page on evil.example resolved to 127.0.0.1 (DNS rebinding) sends its own Host: refused.
      if (h.host.startsWith('evil.example')) assert.ok(h.status === 403 || h.status === 421 || h.status === 400, `${h.method} ${h.path} with a rebinding Host answered ${h.status}`);
    }
  });

  it("the user's browser signs in once with the launch page's code; the code is then spent", async () => {
    const file = opener.argv[0]!.startsWith('file:') ? new URL(opener.argv[0]!).pathname : opener.argv[0]!;
    const code = /#code=([\w-]+)/.exec(readFileSync(file, 'utf8'))![1]!;
    const origin = `http://127.0.0.1:${port}`;
    const connect = (query: string) =>
      new Promise<{ ws: WebSocket; first: Promise<string> }>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/ipc?${query}`, { headers: { Origin: origin } });
        const first = new Promise<string>((r) => ws.once('message', (d) => r(d.toString())));
        ws.once('open', () => resolve({ ws, first }));
        ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
        ws.once('error', reject);
      });
    const { ws, first } = await connect(`code=${code}`);
    const session = JSON.parse(await first) as { type: string; token: string };
    assert.equal(session.type, 'session');
    secrets.add(session.token);
    const answers = new Map<number, { ok: boolean; value?: unknown }>();
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as { type: string; id: number; result: { ok: boolean; value?: unknown } };
      if (m.type === 'result') answers.set(m.id, m.result);
    });
    ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'cluster.list' }));
    ws.send(JSON.stringify({ type: 'invoke', id: 2, channel: 'cluster.kubeconfig', payload: { name: CLUSTER } }));
    for (let i = 0; i < 500 && answers.size < 2; i++) await new Promise((r) => setTimeout(r, 10));
    assert.match(JSON.stringify(answers.get(1)), new RegExp(`"name":"${CLUSTER}"`), 'the signed-in page lists the cluster');
    assert.equal(answers.get(2)?.ok, true, JSON.stringify(answers.get(2)));
    assert.doesNotMatch(JSON.stringify(answers.get(2)), new RegExp(KEY_MARKER), 'even the signed-in page gets no client key');
    ws.close();

    // Spent: the same code again is refused; the launch page is gone; the session token works.
    await assert.rejects(connect(`code=${code}`), /HTTP 401/);
    assert.equal(existsSync(file), false, 'the launch page is removed once used');
    const again = await connect(`token=${session.token}`);
    again.ws.close();
    // And the other user, now that a session exists, still finds and gets nothing.
    const report = attack();
    const seen = [...report.proc.map((p) => p.text), ...report.files.filter((f) => f.ok).map((f) => f.content ?? '')].join('\n');
    assert.deepEqual(leaked(seen), []);
    assert.deepEqual(report.ws.filter((w) => w.opened).length, 0);
    assert.deepEqual(leaked(everyProcessText()), []);
  });
});
