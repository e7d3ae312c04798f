/**
 * The sysext checksum resolver over real HTTPS (a loopback bakery with a throwaway CA that only
 * the environment's CA trust lets in), the engine rendering Ignition with the exact hash it
 * served, refusing to deploy when the checksum is unavailable (before any ARM call), and keeping
 * the recorded pin on resume.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { clusterNodes } from '../../../shared/domain/cluster-layout';
import type { ArmClients } from '../../../electron/services/azure/arm-clients';
import { publicCloudEnvironment } from '../../../electron/services/azure/environment';
import type { ClusterKeys } from '../../../electron/services/cluster/engine/cluster-keys';
import { identityId, type ClusterIdentity } from '../../../electron/services/cluster/engine/identity-ids';
import type { DeploymentContext } from '../../../electron/services/cluster/engine/context';
import { deployCluster, sysextPinFor } from '../../../electron/services/cluster/engine/deployment';
import { renderNodeCustomData } from '../../../electron/services/cluster/engine/render-node';
import type { IgnitionConfig } from '../../../electron/services/cluster/render/ignition';
import { httpsFetchText, resolveSysextPin, sysextSource } from '../../../electron/services/cluster/sysext/bakery';
import { ClusterStore } from '../../../electron/services/cluster/store/cluster-store';
import { createCa, createServerCert } from '@flatkube/sandbox/testing';
import { FileKeySecretStore } from '../../../electron/services/secrets/file-key-secret-store';
import { generateClusterKeyPair } from '../../../electron/services/ssh/keys';
import { makeSpec } from '../../unit/cluster/fixtures';
import { EventLog } from './engine-fixture';

const HEX = 'c0ffee'.repeat(10) + '0123';
const spec = makeSpec();
/** What the identity step reads before any node is rendered (azure.json names its client id). */
const IDENTITY: ClusterIdentity = { id: identityId(spec), clientId: '11111111-2222-4333-8444-555555555555', principalId: '66666666-7777-4888-8999-000000000000', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' };
const v = spec.kubernetesVersion;

describe('sysext checksums over loopback HTTPS', () => {
  let server: Server;
  let origin: string;
  let caCertPem: string;
  const requests: string[] = [];
  before(async () => {
    const ca = createCa();
    const cert = createServerCert(ca, ['127.0.0.1']);
    server = createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
      requests.push(req.url ?? '');
      if (req.url === `/download/kubernetes-v${v}/SHA256SUMS`) {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(`${'1'.repeat(64)}  kubernetes-v${v}-arm64.raw\n${HEX}  kubernetes-v${v}-x86-64.raw\n`);
      } else {
        res.writeHead(404).end('Not Found');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    caCertPem = ca.certPem;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('is not trusted without the injected CA', async () => {
    await assert.rejects(resolveSysextPin(v, 'x86-64', { fetchText: httpsFetchText({ timeoutMs: 10_000 }), bakery: `${origin}/download` }), (e: Error & { reason?: string }) => e.reason === 'unreachable');
  });

  it('renders the exact hash it served into the engine\'s Ignition', async () => {
    const pin = await sysextSource({ sysextBakery: `${origin}/download`, caCertPem }).resolve(v, 'x86-64');
    assert.deepEqual(pin, { url: `${origin}/download/kubernetes-v${v}/kubernetes-v${v}-x86-64.raw`, hash: `sha256-${HEX}` });
    const worker = clusterNodes(spec).find((n) => n.role === 'worker')!;
    const keys: ClusterKeys = { client: generateClusterKeyPair(spec.name), hosts: {} };
    const ctx = { spec, env: publicCloudEnvironment({ clientId: 'test' }), keys, customData: new Map<string, string>(), sysextPin: pin, identity: IDENTITY } as unknown as DeploymentContext;
    const data = await renderNodeCustomData(ctx, worker);
    const cfg = JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as IgnitionConfig;
    const sysext = cfg.storage.files.filter((f) => f.contents.verification);
    assert.deepEqual(
      sysext.map((f) => f.contents),
      [{ source: pin.url, verification: { hash: `sha256-${HEX}` } }],
    );

    // A pin for another file is refused before anything is rendered.
    const wrong = { ...ctx, sysextPin: { ...pin, url: pin.url.replace('x86-64', 'arm64') }, customData: new Map<string, string>() } as DeploymentContext;
    await assert.rejects(renderNodeCustomData(wrong, worker), /not an HTTPS URL of kubernetes-v/);
    assert.equal(wrong.customData.size, 0);
  });

  it('a deployment stops before any ARM call when the checksum is unavailable, then resumes with the recorded pin', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fk-sysext-'));
    try {
      const armCalls: string[] = [];
      const arm = new Proxy({}, { get: (_t, p) => (armCalls.push(String(p)), assert.fail(`ARM touched: ${String(p)}`)) }) as ArmClients;
      const store = new ClusterStore(dataDir);
      const events = new EventLog();
      const missing = `${origin}/missing`;
      const env = { ...publicCloudEnvironment({ clientId: 'test' }), sysextBakery: missing, caCertPem };
      const r = await deployCluster({ spec, env, arm, secrets: new FileKeySecretStore({ dataDir }), store, emit: events });
      assert.equal(r.status, 'failed');
      assert.match(r.error!.message, /There is no sysext release/);
      assert.ok(r.error!.hint!.includes(`${missing}/kubernetes-v${v}/SHA256SUMS`), r.error!.hint);
      assert.deepEqual(armCalls, []);
      assert.equal(events.progressEvents.length, 0, 'no step ran');
      const rec = await store.get(spec.name);
      assert.equal(rec?.state, 'failed');
      assert.equal(rec?.sysextPin, undefined);
      assert.ok(requests.includes(`/missing/kubernetes-v${v}/SHA256SUMS`));

      // A recorded pin (a deployment that got further before) is reused without asking the bakery.
      const recorded = { url: `${origin}/download/kubernetes-v${v}/kubernetes-v${v}-x86-64.raw`, hash: `sha256-${HEX}` };
      await store.update(spec.name, { sysextPin: recorded });
      const before = requests.length;
      const abort = new AbortController();
      // The first ARM call cancels the run: everything before it (the pin) is what is checked here.
      const resumed = await deployCluster({ spec, env, arm: new Proxy({}, { get: () => (abort.abort(), undefined) }) as ArmClients, secrets: new FileKeySecretStore({ dataDir }), store, emit: new EventLog(), signal: abort.signal });
      assert.equal(resumed.status, 'cancelled', JSON.stringify(resumed));
      assert.equal(requests.length, before, 'the bakery was not asked again');
      assert.deepEqual((await store.get(spec.name))?.sysextPin, recorded);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('sysextPinFor: the recorded pin or a fresh one', () => {
  const recorded = { url: `https://bakery.test/kubernetes-v${v}/kubernetes-v${v}-x86-64.raw`, hash: `sha256-${HEX}` };
  const source = (asked: string[]) => ({
    bakery: 'https://bakery.test',
    resolve: async (version: string, arch: string) => (asked.push(`${version}/${arch}`), { url: `https://bakery.test/kubernetes-v${version}/kubernetes-v${version}-${arch}.raw`, hash: `sha256-${'f'.repeat(64)}` }),
    versions: async () => [],
  });

  it('keeps a recorded pin for the same image without asking the bakery', async () => {
    const asked: string[] = [];
    assert.deepEqual(await sysextPinFor(spec, recorded, source(asked)), recorded);
    assert.deepEqual(asked, []);
  });

  it('resolves afresh when the spec changed version or there is no recorded pin', async () => {
    const asked: string[] = [];
    const newer = { ...spec, kubernetesVersion: '1.36.1' };
    assert.equal((await sysextPinFor(newer, recorded, source(asked))).url, 'https://bakery.test/kubernetes-v1.36.1/kubernetes-v1.36.1-x86-64.raw');
    assert.equal((await sysextPinFor(spec, undefined, source(asked))).hash, `sha256-${'f'.repeat(64)}`);
    assert.deepEqual(asked, ['1.36.1/x86-64', `${v}/x86-64`]);
  });
});
