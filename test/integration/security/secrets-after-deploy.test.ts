/**
 * Security suite, after a full deployment in the sandbox through the real backend (SessionManager
 * sign-in with the encrypted token cache, cluster handlers) and the browser-mode WebSocket:
 *  - the actual secrets (access, refresh and ID tokens from the MSAL cache, bootstrap tokens and
 *    cluster CA / admin keys from the simulated nodes, the SSH client and host private keys, the
 *    kubeconfig's client key, the secret-store key, the sandbox API token and serial console URL
 *    signatures) and their patterns appear nowhere in what the renderer received (events and IPC
 *    answers), the backend's log, or the files under the data dir (journal, records, exports,
 *    caches), the kubeconfig and the key file excepted;
 *  - files holding secrets are 0600 and their folders 0700;
 *  - the NSG allows 22 and 6443 from the user's address only (read through the SDK).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import WebSocket from 'ws';
import { createBackend, type Backend } from '../../../electron/backend/backend';
import { startBrowserMode, type BrowserModeServer } from '../../../electron/browser-mode';
import { createArmClients } from '../../../electron/services/azure/arm-clients';
import { sandboxEnvironment } from '../../../electron/services/azure/sandbox-environment';
import { loadClusterKeys } from '../../../electron/services/cluster/engine/cluster-keys';
import { listTaggedResources } from '../../../electron/services/cluster/engine/teardown';
import { ClusterStore } from '../../../electron/services/cluster/store/cluster-store';
import { startSandbox, type Sandbox } from '@flatkube/sandbox';
import { DEFAULT_KEY_FILE_NAME, FileKeySecretStore } from '../../../electron/services/secrets/file-key-secret-store';
import { resourceNames } from '../../../shared/domain/cluster-layout';
import type { IpcResult } from '../../../shared/ipc/result';
import { exampleSpec } from '../engine/engine-fixture';
import { idsInResourceGroup } from '../../helpers/arm-inventory';
import { passwordCredential } from '../../helpers/sandbox-platform';
import { withPoolCount } from '../../../shared/domain/cluster-spec';

const USER_IP = '198.51.100.23';
const spec = exampleSpec((s) => withPoolCount({ ...s, name: 'sec', resourceGroup: { name: 'sec-rg', create: true }, allowedSourceIp: USER_IP }, 'workers', 1));

const PATTERNS: [string, RegExp][] = [
  ['JWT', /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}/],
  ['bootstrap token', /(?<![\w.])[a-z0-9]{6}\.[a-z0-9]{16}(?![\w.])/],
  ['PEM private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['base64 PEM private key', /LS0tLS1CRUdJTi[A-Za-z0-9+/]*UFJJVkFURSBLRVkt/],
];

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

/** Every string value under keys matching `key` in a JSON tree. */
function valuesOf(tree: unknown, key: RegExp, out: string[] = []): string[] {
  if (Array.isArray(tree)) for (const v of tree) valuesOf(v, key, out);
  else if (tree && typeof tree === 'object') {
    for (const [k, v] of Object.entries(tree)) {
      if (key.test(k) && typeof v === 'string') out.push(v);
      else valuesOf(v, key, out);
    }
  }
  return out;
}

describe('security: no secret leaks after a sandbox deployment; secret files are private; NSG is tight', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'fk-sec-'));
  const sandboxDir = mkdtempSync(path.join(tmpdir(), 'fk-sec-sb-'));
  let sb: Sandbox | undefined;
  let backend: Backend;
  let server: BrowserModeServer;
  let ws: WebSocket;
  /** Every frame the renderer got, with the channel it answered or carried. */
  const frames: { channel: string; text: string }[] = [];
  const channelOf = new Map<number, string>();
  const logLines: string[] = [];
  let nextId = 0;
  const waiters = new Map<number, (r: IpcResult<unknown>) => void>();
  let finished: Promise<unknown>;

  const invoke = (channel: string, payload?: unknown) =>
    new Promise<IpcResult<unknown>>((resolve) => {
      const id = ++nextId;
      waiters.set(id, resolve);
      channelOf.set(id, channel);
      ws.send(JSON.stringify({ type: 'invoke', id, channel, payload }));
    });

  before(async () => {
    backend = createBackend({
      shell: 'browser',
      dataDir,
      log: (line) => logLines.push(line),
      azure: {
        startSandbox: async () => {
          // The sandbox's own state (node PKI, tokens it issued) lives outside the app's data dir.
          sb = await startSandbox({ stateDir: sandboxDir, latency: 'instant' });
          return { info: sb.info, caCertPem: sb.caCertPem, close: () => sb!.close() };
        },
      },
    });
    server = await startBrowserMode({ backend, rendererDir: path.resolve('test/helpers/static-renderer') });
    ws = new WebSocket(`${server.origin.replace('http', 'ws')}/ipc?token=${server.token}`, { headers: { Origin: server.origin } });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    finished = new Promise((resolve) => {
      ws.on('message', (data) => {
        const text = data.toString();
        const msg = JSON.parse(text) as { type: string; id?: number; result?: IpcResult<unknown>; channel?: string; events?: unknown[] };
        frames.push({ channel: msg.channel ?? channelOf.get(msg.id ?? -1) ?? '?', text });
        if (msg.type === 'result' && msg.id !== undefined) waiters.get(msg.id)?.(msg.result!);
        if (msg.type === 'events' && msg.channel === 'cluster.finished') resolve(msg.events![0]);
      });
    });
  });
  after(async () => {
    ws?.close();
    await server?.close();
    await backend?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(sandboxDir, { recursive: true, force: true });
  });

  it('deploys through the WebSocket backend (sandbox sign-in, 1 control plane + 1 worker)', async () => {
    const status = await invoke('auth.status');
    assert.equal(status.ok, true, JSON.stringify(status));
    const started = await invoke('cluster.create', { spec });
    assert.deepEqual(started, { ok: true, value: { name: 'sec' } });
    const done = (await finished) as { outcome: string };
    assert.equal(done.outcome, 'succeeded', JSON.stringify(done));
    for (const [channel, payload] of [['cluster.list', undefined], ['cluster.kubeconfig', { name: 'sec' }], ['cluster.exports', { spec }], ['auth.status', undefined], ['azure.subscriptions', undefined]] as const) {
      const r = await invoke(channel, payload);
      assert.equal(r.ok, true, `${channel}: ${JSON.stringify(r)}`);
    }
  });

  it('none of the real secrets, nor their patterns, reach the renderer, the log or saved files', async () => {
    const secrets = new FileKeySecretStore({ dataDir });
    const secretValues: [string, string][] = [];
    // MSAL's token cache (encrypted on disk): the access, refresh and ID tokens really issued.
    const caches = walk(dataDir).filter((f) => /token-cache-.*\.bin$/.test(f));
    assert.ok(caches.length > 0, 'a token cache was written');
    for (const file of caches) {
      const cache = JSON.parse((await secrets.decrypt(readFileSync(file))).toString('utf8')) as Record<string, Record<string, { secret: string }>>;
      for (const kind of ['AccessToken', 'RefreshToken', 'IdToken']) {
        const found = Object.values(cache[kind] ?? {}).map((t) => t.secret);
        assert.ok(kind === 'IdToken' || found.length > 0, `no ${kind} in the cache`);
        for (const v of found) secretValues.push([kind, v]);
      }
    }
    // The simulated nodes: bootstrap tokens and the cluster's CA, admin and API server keys.
    const nodeState = walk(sandboxDir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(f, 'utf8')) as unknown);
    const tokens = nodeState.flatMap((s) => valuesOf(s, /^token$/));
    assert.ok(tokens.length > 0, 'the nodes hold bootstrap tokens');
    for (const t of tokens) secretValues.push(['bootstrap token', t]);
    for (const k of nodeState.flatMap((s) => valuesOf(s, /KeyPem$/))) secretValues.push(['cluster PKI key', k]);
    // Each node's own SSH host private key, made on the node: it never leaves it (not in custom
    // data, not in Flatkube's files); Flatkube pins the public half from the serial console.
    const hostPrivateKeys = nodeState.flatMap((s) => {
      const entry = (s as { fs?: Record<string, { base64?: string }> }).fs?.['/etc/ssh/ssh_host_ed25519_key'];
      return entry?.base64 ? [Buffer.from(entry.base64, 'base64').toString('utf8')] : [];
    });
    assert.ok(hostPrivateKeys.length >= 2 && hostPrivateKeys.every((k) => /PRIVATE KEY/.test(k)), 'the nodes made their own host keys');
    for (const k of hostPrivateKeys) secretValues.push(['node SSH host key', k]);
    // Flatkube's own: the SSH client key (it holds no host private key, only pinned public keys),
    // the kubeconfig's client key, the secret-store key.
    const store = new ClusterStore(dataDir);
    const keys = await loadClusterKeys(secrets, store.paths('sec').keysDir, spec);
    assert.ok(keys);
    assert.deepEqual(Object.values(keys.hosts).map((h) => h.source), ['serial-console', 'serial-console'], 'both nodes pinned from their serial consoles');
    secretValues.push(['SSH client key', keys.client.privateKey]);
    const kubeconfigPath = store.paths('sec').kubeconfig;
    const kc = parse(readFileSync(kubeconfigPath, 'utf8')) as { users: { user: { 'client-key-data': string } }[] };
    const clientKey = kc.users[0]!.user['client-key-data'];
    secretValues.push(['kubeconfig client key', clientKey], ['kubeconfig client key', Buffer.from(clientKey, 'base64').toString('utf8')]);
    const keyFile = path.join(dataDir, DEFAULT_KEY_FILE_NAME);
    const rawKey = readFileSync(keyFile);
    secretValues.push(['secret-store key', rawKey.toString('base64')], ['secret-store key', rawKey.toString('hex')]);
    // The sandbox's own: its API token and the signatures of the serial console URLs the engine read.
    assert.ok(sb);
    secretValues.push(['sandbox API token', sb.info.apiToken]);
    const arm = createArmClients(sandboxEnvironment(sb.info, sb.caCertPem), passwordCredential(sb), sb.info.subscriptionId);
    for (const node of ['cp-0', 'worker-0']) {
      const diag = await arm.compute.virtualMachines.retrieveBootDiagnosticsData(spec.resourceGroup.name, resourceNames.vm(spec.name, node));
      const sig = new URL(diag.serialConsoleLogBlobUri!).searchParams.get('sig');
      assert.ok(sig, `${node}'s serial console URL is signed`);
      secretValues.push(['serial console signature', sig]);
    }

    // A PEM is searched for by its body lines too (a partial leak is a leak), except lines every
    // key of its kind shares (the OpenSSH header).
    const lineCount = new Map<string, number>();
    for (const [, v] of secretValues) for (const l of new Set(v.split('\n'))) lineCount.set(l, (lineCount.get(l) ?? 0) + 1);
    const needles = secretValues.flatMap(([what, v]) => {
      const lines = v.split('\n').filter((l) => l.length >= 40 && !l.startsWith('-----') && lineCount.get(l) === 1);
      return [[what, v.trim()] as [string, string], ...lines.map((l) => [what, l] as [string, string])];
    });

    // The exports answer is included: it holds no host key at all (engine/exports.ts); the az
    // script reads each node's key from its serial console.
    const exportsText = frames.filter((f) => f.channel === 'cluster.exports').map((f) => f.text).join('\n');
    assert.match(exportsText, /az vm boot-diagnostics get-boot-log/, 'the exported script pins host keys from the serial console');
    const places: [string, string, Set<string>?][] = [
      ['renderer (events and answers)', frames.map((f) => f.text).join('\n')],
      ['backend log', logLines.join('\n')],
    ];
    for (const file of walk(dataDir)) {
      if (file === kubeconfigPath || file === keyFile) continue; // the kubeconfig is the credential; the key file is the key
      places.push([path.relative(dataDir, file), readFileSync(file).toString('latin1')]);
    }
    assert.ok(places.some(([p]) => p.endsWith('journal.json')), 'the journal was scanned');
    assert.ok(frames.some((f) => f.channel === 'cluster.log') && frames.some((f) => f.channel === 'cluster.progress'), 'logs and progress reached the renderer');
    const leaks: string[] = [];
    for (const [where, text, allowed] of places) {
      for (const [what, re] of PATTERNS) {
        const m = re.exec(text);
        if (m) leaks.push(`${where}: ${what} pattern (${m[0].slice(0, 24)}...)`);
      }
      for (const [what, v] of needles) if (v.length >= 16 && text.includes(v) && !allowed?.has(what)) leaks.push(`${where}: the actual ${what}`);
    }
    assert.deepEqual(leaks, []);
  });

  it('files holding secrets are 0600, their folders 0700', () => {
    const store = new ClusterStore(dataDir);
    const clusterDir = path.dirname(store.paths('sec').journal);
    const files = [
      path.join(dataDir, DEFAULT_KEY_FILE_NAME),
      store.paths('sec').kubeconfig,
      store.paths('sec').journal,
      ...walk(dataDir).filter((f) => /token-cache-.*\.bin$/.test(f) || f.endsWith('.key.enc') || /\/host-[\w-]+\.pub$/.test(f)),
    ];
    assert.equal(files.filter((f) => f.endsWith('.key.enc')).length, 1, 'the client key only: Flatkube holds no host key pair');
    assert.equal(files.filter((f) => /\/host-[\w-]+\.pub$/.test(f)).length, 2, 'a pinned host key per node');
    const wrong: string[] = [];
    for (const f of files) {
      const mode = statSync(f).mode & 0o777;
      if (mode !== 0o600) wrong.push(`${path.relative(dataDir, f)}: ${mode.toString(8)}`);
    }
    for (const d of new Set([clusterDir, store.paths('sec').keysDir, ...files.map((f) => path.dirname(f))])) {
      const mode = statSync(d).mode & 0o777;
      if (mode !== 0o700) wrong.push(`${path.relative(dataDir, d) || '(data dir)'}/: ${mode.toString(8)}`);
    }
    assert.deepEqual(wrong, []);
  });

  it("the NSG allows only SSH and the Kubernetes API, from the user's address only", async () => {
    assert.ok(sb);
    const arm = createArmClients(sandboxEnvironment(sb.info, sb.caCertPem), passwordCredential(sb), sb.info.subscriptionId);
    const nsg = await arm.network.networkSecurityGroups.get(spec.resourceGroup.name, resourceNames.nsg(spec.name));
    const inboundAllows = (nsg.securityRules ?? []).filter((r) => r.direction === 'Inbound' && r.access === 'Allow');
    assert.deepEqual(
      inboundAllows.map((r) => [r.destinationPortRange, r.protocol, r.sourceAddressPrefix, r.sourceAddressPrefixes ?? []]).sort(),
      [['22', 'Tcp', `${USER_IP}/32`, []], ['6443', 'Tcp', `${USER_IP}/32`, []]],
    );
    for (const r of inboundAllows) assert.equal(r.destinationPortRanges?.length ?? 0, 0, `${r.name} opens no extra ports`);
    // Azure's default rules let nothing in from the Internet.
    for (const r of nsg.defaultSecurityRules ?? []) {
      if (r.direction === 'Inbound' && r.access === 'Allow') assert.notEqual(r.sourceAddressPrefix, '*', `${r.name} allows any source`);
    }
    // Every NIC of the cluster sits behind that NSG.
    for (const node of ['cp-0', 'worker-0']) {
      const nic = await arm.network.networkInterfaces.get(spec.resourceGroup.name, resourceNames.nic(spec.name, node));
      assert.equal(nic.networkSecurityGroup?.id?.toLowerCase(), nsg.id?.toLowerCase(), `${node}'s NIC`);
    }
  });

  it('teardown through the WebSocket leaves nothing in the sandbox', async () => {
    const r = await invoke('cluster.destroy', { name: 'sec' });
    assert.deepEqual(r, { ok: true, value: { leftovers: [] } });
    assert.ok(sb);
    const arm = createArmClients(sandboxEnvironment(sb.info, sb.caCertPem), passwordCredential(sb), sb.info.subscriptionId);
    assert.deepEqual(await listTaggedResources(arm, 'sec'), []);
    assert.deepEqual(await idsInResourceGroup(arm, 'sec-rg'), []);
  });
});
