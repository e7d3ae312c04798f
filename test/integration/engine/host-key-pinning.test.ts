/**
 * How the engine pins a node's SSH host key: it reads the key the node printed on its serial
 * console (boot diagnostics, through ARM) before its first SSH connection, records it with the
 * cluster's keys, and then accepts that key only. Still no trust on first use: a node that never
 * prints its key is never connected to, and one whose serial console shows another key than SSH
 * presents is refused. The sandbox's nodes behave as Flatcar VMs do; two tests put a NodeHost in
 * front of them that rewrites what their serial consoles show.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { resourceNames } from '../../../shared/domain/cluster-layout';
import { hostKeyName } from '../../../electron/services/cluster/engine/cluster-keys';
import { deployCluster } from '../../../electron/services/cluster/engine/deployment';
import { announcedHostKey } from '../../../electron/services/cluster/render/host-key-announce';
import { saveClusterKey } from '../../../electron/services/ssh/cluster-key-store';
import { generateEd25519KeyPair } from '../../../electron/services/ssh/keys';
import { fingerprintSha256 } from '../../../electron/services/ssh/public-key';
import { httpGetText } from '../../../electron/services/azure/http-json';
import type { ClusterSpec } from '../../../shared/domain/cluster-spec';
import { destroyAndCheck, failureText, smallSpec } from '../faults/fault-fixture';
import { EventLog, FAST_TIMINGS, startEngineFixture, type EngineFixture } from './engine-fixture';
import { announcing, rewritingNodes, silent } from './rewriting-nodes';

const MISMATCH = /Host key mismatch .* expected SHA256:\S+, the server presented SHA256:\S+\. The connection was refused/;

function pinFile(f: EngineFixture, spec: ClusterSpec, node: string): string {
  return join(f.store.paths(spec.name).keysDir, spec.name, `${hostKeyName(node)}.pub`);
}

/** The serial log as Flatkube reads it: retrieveBootDiagnosticsData, then a GET of the signed URL. */
async function serialOf(f: EngineFixture, spec: ClusterSpec, node: string): Promise<string> {
  const diag = await f.arm.compute.virtualMachines.retrieveBootDiagnosticsData(spec.resourceGroup.name, resourceNames.vm(spec.name, node));
  const res = await httpGetText(diag.serialConsoleLogBlobUri!, { caCertPem: f.sb.caCertPem });
  assert.equal(res.status, 200);
  return res.text;
}

describe('engine: host keys pinned from the serial console', () => {
  const fixtures: EngineFixture[] = [];
  after(async () => {
    for (const f of fixtures) await f.close();
  });

  it('a deployment pins every node from its serial console before connecting; no host key pair exists anywhere', async () => {
    const f = await startEngineFixture();
    fixtures.push(f);
    const spec = smallSpec('pinned', 1);
    const events = new EventLog();
    const r = await deployCluster({ spec, env: f.env, arm: f.arm, secrets: f.secrets, store: f.store, emit: events, timings: FAST_TIMINGS });
    assert.equal(r.status, 'succeeded', failureText(r, events));
    for (const node of ['cp-0', 'worker-0']) {
      const text = events.text(node);
      const pinnedAt = text.indexOf('host key pinned from the serial console');
      assert.ok(pinnedAt >= 0, text);
      assert.ok(pinnedAt < text.indexOf('SSH: connected'), 'pinned before the first connection');
      const pinned = readFileSync(pinFile(f, spec, node), 'utf8').trim();
      assert.match(pinned, /^ssh-ed25519 AAAA[A-Za-z0-9+/]+={0,2}$/);
      assert.equal(pinned, announcedHostKey(await serialOf(f, spec, node))?.publicKey, 'the key its serial console shows');
      assert.ok(text.includes(`ED25519 ${fingerprintSha256(pinned)}`), text);
    }
    const keyFiles = readdirSync(join(f.store.paths(spec.name).keysDir, spec.name));
    assert.deepEqual(keyFiles.filter((k) => k.endsWith('.key.enc')), ['ssh-client.key.enc'], 'the client key is the only key pair Flatkube keeps');
    await destroyAndCheck(f, spec);
    assert.ok(!existsSync(pinFile(f, spec, 'cp-0')), 'teardown forgets the pins');
  });

  it('a node whose serial console shows another key than SSH presents is refused; nothing runs on it', async () => {
    const other = generateEd25519KeyPair('root@cp-0');
    // Someone else's key in the console output (an impostor answering SSH would look the same).
    const f = await startEngineFixture({ start: rewritingNodes(announcing(other)) });
    fixtures.push(f);
    const spec = smallSpec('forged', 0);
    const events = new EventLog();
    const r = await deployCluster({ spec, env: f.env, arm: f.arm, secrets: f.secrets, store: f.store, emit: events, timings: FAST_TIMINGS });
    assert.equal(r.status, 'failed', failureText(r, events));
    assert.equal(r.failedStep, 'ssh:cp-0');
    assert.match(r.error?.message ?? '', MISMATCH);
    assert.ok(r.error?.message.includes(other.fingerprint), 'the expected key is the one from the serial console');
    assert.equal(readFileSync(pinFile(f, spec, 'cp-0'), 'utf8').trim(), other.publicKey.split(' ').slice(0, 2).join(' '));
    assert.ok(!events.text('cp-0').includes('$ '), 'no command ran on the node');
    await destroyAndCheck(f, spec);
  });

  it('a node that never prints its key: a clear error, and no SSH connection is ever tried', async () => {
    const f = await startEngineFixture({ start: rewritingNodes(silent) });
    fixtures.push(f);
    const spec = smallSpec('silent', 0);
    const events = new EventLog();
    const r = await deployCluster({ spec, env: f.env, arm: f.arm, secrets: f.secrets, store: f.store, emit: events, timings: { ...FAST_TIMINGS, sshWaitMs: 1_500 } });
    assert.equal(r.status, 'failed', failureText(r, events));
    assert.equal(r.failedStep, 'ssh:cp-0');
    assert.match(r.error?.message ?? '', /cp-0 did not print its SSH host key on its serial console within 2 s \(no FLATKUBE-HOSTKEY line in its boot diagnostics log\)\. Flatkube connects only to a host key it has pinned, never to the first one it sees\./);
    assert.match(r.error?.hint ?? '', /Boot diagnostics > Serial log/);
    const text = events.text('cp-0');
    assert.match(text, /waiting for cp-0 to print its SSH host key/);
    assert.doesNotMatch(text, /waiting for SSH \(attempt|SSH: connected/);
    assert.ok(!existsSync(pinFile(f, spec, 'cp-0')), 'nothing pinned');
    await destroyAndCheck(f, spec);
  });

  it('an older record\'s host key pair for a node whose VM does not exist yet is dropped: the node is pinned from its serial console', async () => {
    const f = await startEngineFixture();
    fixtures.push(f);
    const spec = smallSpec('oldpairs', 1);
    const keysDir = f.store.paths(spec.name).keysDir;
    // An older Flatkube generated a pair per node before creating the VMs (it would have put
    // them into the custom data); this one renders no key, so the nodes make their own.
    for (const node of ['cp-0', 'worker-0']) await saveClusterKey(f.secrets, keysDir, spec.name, generateEd25519KeyPair(`root@${node}`), hostKeyName(node));
    const events = new EventLog();
    const r = await deployCluster({ spec, env: f.env, arm: f.arm, secrets: f.secrets, store: f.store, emit: events, timings: FAST_TIMINGS });
    assert.equal(r.status, 'succeeded', failureText(r, events));
    const keyFiles = readdirSync(join(keysDir, spec.name));
    assert.deepEqual(keyFiles.filter((k) => k.endsWith('.key.enc')), ['ssh-client.key.enc'], 'the old pairs are gone');
    for (const node of ['cp-0', 'worker-0']) {
      const pinned = readFileSync(pinFile(f, spec, node), 'utf8').trim();
      assert.equal(pinned, announcedHostKey(await serialOf(f, spec, node))?.publicKey);
      assert.match(events.text(node), /host key pinned from the serial console/);
    }
    await destroyAndCheck(f, spec);
  });
});
