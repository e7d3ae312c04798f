/**
 * IPC fuzzing: malformed payloads on every channel of the real contract, through both transports
 * (the WebSocket of browser mode and the Electron transport with a stand-in ipcMain). Every one
 * must come back as an error envelope and the backend must stay up.
 *
 * Then prototype pollution, tried for real: payloads whose own keys are "__proto__" and
 * "constructor" (made with JSON.parse, as a transport makes them, so the key is an own property
 * and not the object's prototype), at the top and at every level of a channel's real input shape,
 * through the registry, the Electron transport and as raw JSON text over the WebSocket. Afterwards
 * no object may have gained a property and Object.prototype (and Array's, Function's) must be as
 * before; every call must have answered an error envelope or a value its output schema accepts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { parse as parseYaml } from 'yaml';
import { ELECTRON_INVOKE_CHANNEL } from '../../../shared/ipc/api';
import { channelNames, channels, type Contract } from '../../../shared/ipc/contract';
import type { IpcResult } from '../../../shared/ipc/result';
import { createBackend, type Backend } from '../../../electron/backend/backend';
import { startBrowserMode, type BrowserModeServer } from '../../../electron/browser-mode';
import { registerElectronIpc } from '../../../electron/ipc/electron-ipc';
import type { IpcRegistry } from '../../../electron/ipc/registry';
import { APP_ORIGIN } from '../../../electron/security/policy';
import { SANDBOX_SUBSCRIPTION_ID, startSandbox } from '@flatkube/sandbox';

/** Seeded PRNG so a failure can be replayed (mulberry32). */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Payloads no channel accepts: wrong primitive types, arrays, deep nesting, huge strings. */
function malformedPayloads(random: () => number): unknown[] {
  const out: unknown[] = [null, 0, -1, 1e308, true, '', 'x'.repeat(100_000), [], [[[]]], ['a', 1, null]];
  let deep: unknown = 'leaf';
  for (let i = 0; i < 200; i++) deep = [deep];
  out.push(deep);
  for (let i = 0; i < 10; i++) {
    const r = random();
    out.push(r < 0.3 ? Math.floor(r * 1e9) : r < 0.6 ? String.fromCharCode(...Array.from({ length: 20 }, () => Math.floor(random() * 0xffff))) : [r, String(r)]);
  }
  return out;
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'flatkube-fuzz-'));
let backend: Backend;
let server: BrowserModeServer;

before(async () => {
  // The sandbox (started on the first Azure call) answers at once: the pollution payloads go
  // through handlers that reach it (preflight, exports, the reads).
  const startInstantSandbox = async () => {
    const sb = await startSandbox({ stateDir: path.join(dataDir, 'sandbox'), latency: 'instant', log: () => {} });
    return { info: sb.info, caCertPem: sb.caCertPem, close: () => sb.close() };
  };
  // Nothing goes to the internet: dl.k8s.io and the public-IP services are answered here.
  backend = createBackend({
    shell: 'browser',
    dataDir,
    azure: { startSandbox: startInstantSandbox, probe: async () => 'exists', publicIp: async () => ({ ip: '203.0.113.7', source: 'service', detail: 'test' }) },
  });
  server = await startBrowserMode({ backend, rendererDir: path.resolve('test/helpers/static-renderer') });
});
after(async () => {
  await server?.close();
  await backend?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A few channels take a plain string or number; for those a random one may be valid input. */
function acceptedByContract(channel: unknown, payload: unknown): boolean {
  if (typeof channel !== 'string' || !Object.hasOwn(channels, channel)) return false;
  return channels[channel as keyof typeof channels].input.safeParse(payload).success;
}

function isEnvelope(x: unknown): x is IpcResult<unknown> {
  const r = x as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  return r !== null && typeof r === 'object' && (r.ok === true || (r.ok === false && typeof r.error?.code === 'string' && typeof r.error?.message === 'string'));
}

test('every channel answers malformed payloads over the WebSocket with an error envelope', async () => {
  const ws = new WebSocket(`${server.origin.replace('http', 'ws')}/ipc?token=${server.token}`, { headers: { Origin: server.origin } });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const answers = new Map<number, unknown>();
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString()) as { type: string; id: number; result: unknown };
    if (msg.type === 'result') answers.set(msg.id, msg.result);
  });
  const random = rng(1234);
  let id = 0;
  const sent: Array<{ id: number; channel: string; valid: boolean }> = [];
  for (const channel of channelNames) {
    for (const payload of malformedPayloads(random)) {
      id++;
      sent.push({ id, channel, valid: acceptedByContract(channel, payload) });
      ws.send(JSON.stringify({ type: 'invoke', id, channel, payload }));
    }
  }
  // Garbage frames and unknown channels too.
  for (const frame of ['', '{', '[]', 'null', JSON.stringify({ type: 'invoke', id: 'x' }), JSON.stringify({ type: 'invoke', id: 999999, channel: { toString: 1 } })]) ws.send(frame);
  for (let i = 0; i < 500 && answers.size < sent.length; i++) await new Promise((r) => setTimeout(r, 10));
  for (const { id, channel, valid } of sent) {
    const answer = answers.get(id);
    assert.ok(isEnvelope(answer), `${channel} #${id} answered ${JSON.stringify(answer)?.slice(0, 200)}`);
    if (!valid) assert.equal(answer.ok, false, `${channel} accepted a payload its schema rejects`);
  }
  // Still up: a valid call works on the same socket.
  ws.send(JSON.stringify({ type: 'invoke', id: 1_000_000, channel: 'app.info' }));
  for (let i = 0; i < 200 && !answers.has(1_000_000); i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal((answers.get(1_000_000) as IpcResult<unknown>).ok, true);
  ws.close();
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('every channel answers malformed payloads over the Electron transport with an error envelope', async () => {
  const handlers = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  const ipcMain = { handle: (ch: string, fn: (...a: unknown[]) => Promise<unknown>) => void handlers.set(ch, fn), removeHandler: () => {} };
  registerElectronIpc(ipcMain as never, backend.registry as unknown as IpcRegistry<Contract>, new Set([1]));
  const handle = handlers.get(ELECTRON_INVOKE_CHANNEL)!;
  const event = { sender: { id: 1, once: () => {} }, senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null } };
  const random = rng(99);
  for (const channel of [...channelNames, 'nope', '__proto__', 42]) {
    for (const payload of malformedPayloads(random)) {
      const answer = await handle(event, channel, payload);
      assert.ok(isEnvelope(answer), `${String(channel)} answered ${JSON.stringify(answer)?.slice(0, 200)}`);
      if (!acceptedByContract(channel, payload)) assert.equal(answer.ok, false, `${String(channel)} accepted a payload its schema rejects`);
    }
  }
  assert.deepEqual(await handle(event, 'app.info', undefined).then((r) => (r as IpcResult<unknown>).ok), true);
});

// ---- Prototype pollution ------------------------------------------------------------------------

/** Every own property (names and symbols, with their descriptors) of the prototypes a pollution would hit. */
function prototypesSnapshot(): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [label, proto] of [['Object', Object.prototype], ['Array', Array.prototype], ['Function', Function.prototype]] as const) {
    for (const key of Reflect.ownKeys(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, key)!;
      out.set(`${label}.${String(key)}`, [d.value, d.get, d.set, d.writable, d.enumerable, d.configurable]);
    }
    out.set(`${label} prototype of prototype`, Object.getPrototypeOf(proto));
  }
  return out;
}

function assertNotPolluted(before: Map<string, unknown>, where: string): void {
  const probe = {} as Record<string, unknown>;
  assert.equal(probe.polluted, undefined, `${where}: ({}).polluted is set`);
  assert.equal(([] as unknown as Record<string, unknown>).polluted, undefined, `${where}: [].polluted is set`);
  assert.equal(Object.getPrototypeOf(probe), Object.prototype, where);
  const after = prototypesSnapshot();
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((k) => {
    if (!before.has(k) || !after.has(k)) return true;
    const a = before.get(k);
    const b = after.get(k);
    return Array.isArray(a) && Array.isArray(b) ? a.some((x, i) => x !== b[i]) : a !== b;
  });
  assert.deepEqual(changed, [], `${where}: prototypes changed`);
}

const POISON = ['"__proto__":{"polluted":true}', '"constructor":{"prototype":{"polluted":true}}', '"__proto__":{"__proto__":{"polluted":true}}'];

/**
 * JSON text of `value` with `members` added to objects: at every level, or at the top only. Text,
 * so that "__proto__" is an own key once parsed (as JSON.parse in a transport makes it).
 */
function poisoned(value: unknown, members: string[], everyLevel: boolean, top = true): string {
  if (Array.isArray(value)) return `[${value.map((v) => poisoned(v, members, everyLevel, false)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const own = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${poisoned(v, members, everyLevel, false)}`);
    return `{${[...own, ...(top || everyLevel ? members : [])].join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A real spec (the sandbox example) and inputs of the right shape, so handlers run past validation. */
const SPEC = parseYaml(readFileSync(path.resolve('examples/sandbox-dev.yaml'), 'utf8')) as Record<string, unknown>;
const SAMPLE_INPUTS: Partial<Record<string, unknown>> = {
  'azure.locations': { subscriptionId: SANDBOX_SUBSCRIPTION_ID },
  'azure.images': { subscriptionId: SANDBOX_SUBSCRIPTION_ID, location: 'westeurope', architecture: 'x64' },
  'azure.terms': { subscriptionId: SANDBOX_SUBSCRIPTION_ID, offer: 'flatcar-container-linux-free', plan: 'stable-gen2' },
  'azure.sizes': { subscriptionId: SANDBOX_SUBSCRIPTION_ID, location: 'westeurope', architecture: 'x64', generation: 2 },
  'azure.publicIp': { override: '203.0.113.9' },
  'azure.kubernetesVersions': { architecture: 'x64' },
  'azure.preflight': { spec: SPEC },
  'cluster.exports': { spec: SPEC },
  // Not a valid name, so nothing is deployed: the spec is refused after the payload got in.
  'cluster.create': { spec: { ...SPEC, name: 'Not_A_Name' } },
  'cluster.resume': { name: 'no-such-cluster' },
  'cluster.cancel': { name: 'no-such-cluster' },
  'cluster.destroy': { name: 'no-such-cluster' },
  'cluster.kubeconfig': { name: 'no-such-cluster' },
  'cluster.mergeKubeconfig': { name: 'no-such-cluster', setCurrentContext: false },
  'cluster.followLogs': { name: 'no-such-cluster', node: 'cp-0', unit: 'kubelet' },
  'cluster.stopLogs': { followId: 'no-such-follow' },
  'auth.signOut': { accountId: 'no-such-account' },
  // auth.signIn is left out on purpose: a valid one would wait for a person to sign in.
};

/** [channel, payload as JSON text] pairs: bare pollution objects everywhere, poisoned real inputs where there are some. */
function pollutionPayloads(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const bare = ['{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '{"__proto__":{"__proto__":{"polluted":true}}}', '[{"__proto__":{"polluted":true}}]', `{${POISON.join(',')}}`];
  for (const channel of channelNames) {
    for (const text of bare) out.push([channel, text]);
    const sample = SAMPLE_INPUTS[channel];
    if (sample === undefined) continue;
    for (const member of POISON) {
      out.push([channel, poisoned(sample, [member], true)]);
      out.push([channel, poisoned(sample, [member], false)]);
    }
    out.push([channel, poisoned(sample, POISON, true)]);
  }
  // Pollution as the channel name itself.
  for (const channel of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__', 'valueOf']) out.push([channel, '{"__proto__":{"polluted":true}}']);
  return out;
}

/** An error envelope, or an ok one whose value the channel's output schema accepts. */
function assertAnswer(channel: string, answer: unknown, where: string): void {
  assert.ok(isEnvelope(answer), `${where} ${channel} answered ${JSON.stringify(answer)?.slice(0, 200)}`);
  if (answer.ok) {
    assert.ok(Object.hasOwn(channels, channel), `${where} ${channel}: an unknown channel answered ok`);
    const out = channels[channel as keyof typeof channels].output.safeParse(answer.value);
    assert.ok(out.success, `${where} ${channel} answered a value its output schema rejects: ${JSON.stringify(answer.value)?.slice(0, 200)}`);
  }
}

test('the pollution check itself notices a polluted Object.prototype', () => {
  const before = prototypesSnapshot();
  try {
    (Object.prototype as Record<string, unknown>).polluted = true;
    assert.throws(() => assertNotPolluted(before, 'self-check'), /polluted is set/);
  } finally {
    delete (Object.prototype as Record<string, unknown>).polluted;
  }
  assertNotPolluted(before, 'self-check, cleaned up');
  // And a payload made from text keeps "__proto__" as an own key, not as its prototype.
  const parsed = JSON.parse('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
  assert.ok(Object.hasOwn(parsed, '__proto__'));
  assert.equal(parsed.polluted, undefined);
});

test('prototype pollution through the registry and the Electron transport: no effect, envelopes only', async () => {
  const before = prototypesSnapshot();
  const handlers = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  const ipcMain = { handle: (ch: string, fn: (...a: unknown[]) => Promise<unknown>) => void handlers.set(ch, fn), removeHandler: () => {} };
  registerElectronIpc(ipcMain as never, backend.registry as unknown as IpcRegistry<Contract>, new Set([1]));
  const handle = handlers.get(ELECTRON_INVOKE_CHANNEL)!;
  const event = { sender: { id: 1, once: () => {} }, senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null } };
  const payloads = pollutionPayloads();
  for (const [channel, text] of payloads) {
    const viaRegistry = await backend.registry.invoke(channel, JSON.parse(text), { transport: 'test', signal: new AbortController().signal });
    assertAnswer(channel, viaRegistry, 'registry');
    assertNotPolluted(before, `registry ${channel} ${text.slice(0, 120)}`);
    const viaElectron = await handle(event, channel, JSON.parse(text));
    assertAnswer(channel, viaElectron, 'electron');
    assertNotPolluted(before, `electron ${channel} ${text.slice(0, 120)}`);
  }
  // The poisoned real inputs got past validation somewhere (else this test would prove little).
  const accepted = payloads.filter(([channel, text]) => Object.hasOwn(channels, channel) && channels[channel as keyof typeof channels].input.safeParse(JSON.parse(text)).success);
  assert.ok(accepted.length >= 20, `only ${accepted.length} pollution payloads passed input validation`);
  // Still up and well.
  assertAnswer('app.info', await backend.registry.invoke('app.info', undefined, { transport: 'test', signal: new AbortController().signal }), 'registry');
});

test('prototype pollution as raw JSON over the WebSocket: no effect, envelopes only', async () => {
  const before = prototypesSnapshot();
  const ws = new WebSocket(`${server.origin.replace('http', 'ws')}/ipc?token=${server.token}`, { headers: { Origin: server.origin } });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const answers = new Map<number | null, unknown[]>();
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString()) as { type: string; id: number | null; result: unknown };
    if (msg.type === 'result') answers.set(msg.id, [...(answers.get(msg.id) ?? []), msg.result]);
  });
  const sent = new Map<number, string>();
  let id = 0;
  for (const [channel, text] of pollutionPayloads()) {
    sent.set(++id, channel);
    // Built as text: the server's JSON.parse makes "__proto__" an own key, as a page's would.
    ws.send(`{"type":"invoke","id":${id},"channel":${JSON.stringify(channel)},"payload":${text}}`);
  }
  // The message itself poisoned: extra own keys are ignored, a message made of them is malformed.
  const top = ++id;
  ws.send(`{"type":"invoke","id":${top},"channel":"app.info","__proto__":{"polluted":true,"type":"x"},"constructor":{"prototype":{"polluted":true}}}`);
  ws.send('{"__proto__":{"type":"invoke","id":424242,"channel":"app.info"}}');
  const waitFor = async (done: () => boolean, ms: number) => {
    for (const until = Date.now() + ms; !done() && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
  };
  await waitFor(() => [...sent.keys()].every((i) => answers.has(i)) && answers.has(top) && answers.has(null), 60_000);
  for (const [i, channel] of sent) {
    assert.equal(answers.get(i)?.length, 1, `${channel} #${i}: ${answers.get(i)?.length ?? 0} answers`);
    assertAnswer(channel, answers.get(i)![0], 'websocket');
  }
  assert.equal((answers.get(top)![0] as IpcResult<unknown>).ok, true, 'extra own keys on the message are ignored');
  assert.equal(answers.has(424242), false);
  assert.equal((answers.get(null)![0] as IpcResult<unknown>).ok, false, 'a message made of "__proto__" is malformed');
  ws.close();
  assertNotPolluted(before, 'websocket');
});
