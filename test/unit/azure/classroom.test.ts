import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createBackend } from '../../../electron/backend/backend';
import type { CallContext } from '../../../electron/ipc/registry';
import { EXERCISES, exerciseRules } from '../../../electron/services/azure/classroom/exercises';
import { freshClusterName, resetClassroom } from '../../../electron/services/azure/classroom/reset-classroom';
import type { ResetProgress } from '../../../shared/ipc/channels/classroom';

const call: CallContext = { transport: 'test', signal: new AbortController().signal };

test('outside the sandbox the backend refuses every exercise and never starts the sandbox', async (t) => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'flatkube-classroom-'));
  let sandboxStarts = 0;
  const backend = createBackend({
    shell: 'browser',
    dataDir,
    azure: {
      env: { FLATKUBE_CLIENT_ID: '11111111-2222-3333-4444-555555555555' },
      startSandbox: async () => {
        sandboxStarts++;
        throw new Error('the sandbox must not start');
      },
    },
  });
  t.after(async () => {
    await backend.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  assert.ok((await backend.registry.invoke('auth.useAzure', undefined, call)).ok);
  for (const [channel, input] of [
    ['sandbox.exercises', undefined],
    ['sandbox.breakSomething', { exercise: 'failed-vm', cluster: 'demo' }],
    ['sandbox.resetClassroom', undefined],
    ['sandbox.journal', {}],
  ] as const) {
    const r = await backend.registry.invoke(channel, input, call);
    assert.equal(r.ok, false, `${channel} is refused`);
    if (!r.ok) assert.equal(r.error.code, 'SANDBOX_ONLY', `${channel}: ${r.error.message}`);
  }
  assert.equal(sandboxStarts, 0);
});

test('every exercise is one of the sandbox fault kinds, aimed at the named cluster where it can be', () => {
  // The kinds of sandbox/src/faults/fault-rules.ts; the e2e test has the sandbox accept failed-vm.
  const kinds = EXERCISES.map((e) => exerciseRules(e.id, 'demo.1').map((r) => r.kind).join());
  assert.deepEqual(kinds, ['throttle', 'vm-provisioning-failed', 'download-corrupted', 'ssh-drop']);
  for (const e of EXERCISES) for (const r of exerciseRules(e.id, 'demo.1')) if (typeof r.path === 'string') new RegExp(r.path, 'i');
  const [vm] = exerciseRules('failed-vm', 'demo.1') as [{ path: string }];
  assert.ok(new RegExp(vm.path, 'i').test('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/demo.1-worker-0'));
  assert.ok(!new RegExp(vm.path, 'i').test('/virtualMachines/demox1-worker-0'), 'the name is matched literally');
});

test('reset tears down every sandbox cluster one after another, reports leftovers and failures, and names a fresh draft', async () => {
  const progress: ResetProgress[] = [];
  const order: string[] = [];
  let running = 0;
  const r = await resetClassroom({
    clearFaults: async () => void order.push('clear'),
    clusters: async () => [
      { name: 'a', environment: 'sandbox', state: 'created' },
      { name: 'prod', environment: 'azure', state: 'created' },
      { name: 'b', environment: 'sandbox', state: 'failed' },
      { name: 'gone', environment: 'sandbox', state: 'deleted' },
      { name: 'c', environment: 'sandbox', state: 'created' },
    ],
    destroy: async (name) => {
      assert.equal(running++, 0, 'one teardown at a time');
      order.push(name);
      await new Promise((res) => setTimeout(res, 2));
      running--;
      if (name === 'c') throw new Error('ARM said no');
      return { leftovers: name === 'b' ? ['/subscriptions/s/resourceGroups/rg-b/providers/Microsoft.Network/publicIPAddresses/x'] : [] };
    },
    progress: (p) => progress.push(p),
    suffix: (() => {
      const s = ['0000', 'beef'];
      return () => s.shift() ?? 'ffff';
    })(),
  });
  assert.deepEqual(order, ['clear', 'a', 'b', 'c']);
  assert.deepEqual(r.destroyed, ['a', 'b']);
  assert.deepEqual(r.failed, [{ cluster: 'c', error: 'ARM said no' }]);
  assert.deepEqual(Object.keys(r.leftovers), ['b']);
  assert.deepEqual(progress.map((p) => `${p.index}/${p.total} ${p.cluster} ${p.state}`), ['1/3 a destroying', '1/3 a destroyed', '2/3 b destroying', '2/3 b destroyed', '3/3 c destroying', '3/3 c failed']);
  assert.equal(r.freshName, 'class-0000');
  assert.equal(freshClusterName(new Set(['class-0000']), (() => { const s = ['0000', 'beef']; return () => s.shift() ?? 'x'; })()), 'class-beef', 'a taken name is never reused');
});
