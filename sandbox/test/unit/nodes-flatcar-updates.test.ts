import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SimNode } from '../../src/nodes/sim-node';
import { VirtualFs } from '../../src/nodes/vfs';
import { FLATCAR_VERSION, writeBaseImage } from '../../src/nodes/flatcar-os';
import { bootIntoStagedUpdate, checkForUpdate, newerVersion, REBOOT_REQUIRED, runningVersion, statusText } from '../../src/nodes/update-engine';
import { hostSentinel } from '../../src/nodes/kube/controllers/kured';
import type { NodeState } from '../../src/nodes/node-state';
import type { KObj } from '../../src/nodes/kube/types';

function node(updateEngine: 'active' | 'masked' = 'active'): SimNode {
  const fs = new VirtualFs();
  writeBaseImage(fs, 'x64');
  const at = new Date(0).toISOString();
  const state: NodeState = {
    schema: 1, vmId: 'vm-1', name: 'worker-0', privateIp: '10.0.1.10', networkId: 'net', architecture: 'x64', bootId: 'b1', bootedAt: at,
    serialLog: [], fs: fs.toJSON(), authorizedKeys: [], journal: [],
    units: { 'update-engine.service': updateEngine === 'masked' ? { enabled: false, masked: true, active: 'inactive', sub: 'dead', since: at } : { enabled: true, masked: false, active: 'active', sub: 'running', since: at } },
  };
  return new SimNode(state);
}

const field = (text: string, key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(text)?.[1];

describe('simulated update-engine', () => {
  it('idle until a newer release is announced; then the update waits for a reboot and asks for one', () => {
    const n = node();
    assert.equal(field(statusText(n), 'CURRENT_OP'), 'UPDATE_STATUS_IDLE');
    assert.equal(checkForUpdate(n, FLATCAR_VERSION), false, 'the running release is no update');
    assert.equal(n.fs.stat(REBOOT_REQUIRED), undefined);
    const next = '9999.0.0';
    assert.equal(checkForUpdate(n, next), true);
    const st = statusText(n);
    // update_engine_client's five lines, in its order.
    assert.deepEqual(st.trim().split('\n').map((l) => l.split('=')[0]), ['LAST_CHECKED_TIME', 'PROGRESS', 'CURRENT_OP', 'NEW_VERSION', 'NEW_SIZE']);
    assert.equal(field(st, 'CURRENT_OP'), 'UPDATE_STATUS_UPDATED_NEED_REBOOT');
    assert.equal(field(st, 'NEW_VERSION'), next);
    assert.ok(n.fs.stat(REBOOT_REQUIRED), 'the sentinel Kured watches');
    assert.equal(runningVersion(n), FLATCAR_VERSION, 'still the old release until the reboot');
    assert.equal(checkForUpdate(n, '9999.1.0'), false, 'waiting for a reboot: no other update');

    bootIntoStagedUpdate(n);
    assert.equal(runningVersion(n), next);
    assert.match(n.fs.readText('/etc/os-release')!, new RegExp(`^PRETTY_NAME=".* ${next} `, 'm'));
    assert.equal(n.fs.stat(REBOOT_REQUIRED), undefined, '/run starts empty');
    assert.equal(field(statusText(n), 'CURRENT_OP'), 'UPDATE_STATUS_IDLE');
  });

  it('a masked update-engine updates nothing', () => {
    const n = node('masked');
    assert.equal(checkForUpdate(n, '9999.0.0'), false);
    assert.equal(n.fs.stat(REBOOT_REQUIRED), undefined);
  });

  it('compares versions numerically', () => {
    assert.equal(newerVersion('4459.2.10', '4459.2.9'), true);
    assert.equal(newerVersion('4459.2.1', '4459.2.1'), false);
    assert.equal(newerVersion('4000.0.0', '4459.2.1'), false);
  });
});

describe('simulated Kured: where the sentinel is on the host', () => {
  const ds = (command: string[], mountPath = '/sentinel'): KObj =>
    ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'kured' }, spec: { template: { spec: { volumes: [{ name: 'sentinel', hostPath: { path: '/var/run' } }], containers: [{ name: 'kured', command, volumeMounts: [{ name: 'sentinel', mountPath }] }] } } } }) as KObj;

  it('kured-ds.yaml\'s flag and mount: /run/reboot-required on Flatcar', () => {
    assert.deepEqual(hostSentinel(ds(['/usr/bin/kured', '--reboot-sentinel=/sentinel/reboot-required', '--annotate-nodes=true'])), { path: '/run/reboot-required', annotate: true });
  });

  it('the default sentinel without a mount there finds nothing on the host (kubereboot/kured#962)', () => {
    assert.equal(hostSentinel(ds(['/usr/bin/kured'])), undefined);
  });
});
