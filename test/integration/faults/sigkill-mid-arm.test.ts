/**
 * Fault suite: the backend process killed with SIGKILL while the ARM phase is in flight.
 * test/integration/cli/cli-cluster.test.ts kills the CLI once every node's SSH bootstrap has
 * begun; this kills it in the ARM phase, as soon as the control plane's VM is created, while the
 * worker's resources are still being made (1 control plane + 1 worker): the restart resumes to
 * completion, each resource exists once, VMs that existed are the same VMs afterwards (same
 * vmId: not re-created), and destroy leaves nothing.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { builtCli, root } from '../../helpers/built-cli';

function run(args: string[], dataDir: string) {
  const r = spawnSync(process.execPath, [builtCli(), ...args], { cwd: root, env: { ...process.env, FLATKUBE_DATA_DIR: dataDir }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface StoredResource {
  id: string;
  type: string;
  tags?: Record<string, string>;
  properties?: { vmId?: string };
}

/** The cluster's resources in the sandbox's persisted store (the CLI's sandbox runs in the child). */
function sandboxResources(dataDir: string, cluster: string): StoredResource[] {
  let state: { resources: Record<string, { resource?: StoredResource } & Partial<StoredResource>> };
  try {
    state = JSON.parse(readFileSync(join(dataDir, 'sandbox', 'state.json'), 'utf8')) as typeof state;
  } catch {
    return [];
  }
  return Object.values(state.resources)
    .map((v) => v.resource ?? (v as StoredResource))
    .filter((r) => r.tags?.['flatkube-cluster'] === cluster);
}

function countByType(rs: StoredResource[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rs) out[r.type.toLowerCase()] = (out[r.type.toLowerCase()] ?? 0) + 1;
  return out;
}

describe('faults: SIGKILL during the ARM phase', () => {
  let dataDir: string;
  let specFile: string;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'fk-kill-'));
    specFile = join(dataDir, 'kill.yaml');
    const example = readFileSync(join(root, 'examples/sandbox-dev.yaml'), 'utf8');
    writeFileSync(specFile, example.replace(/^name: dev$/m, 'name: kill').replace(/^ {2}name: dev-rg$/m, '  name: kill-rg').replace(/^ {2}count: 2$/m, '  count: 1'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('killed mid-ARM phase: the restart resumes, nothing is duplicated or re-created', async () => {
    const child = spawn(process.execPath, [builtCli(), 'create', '--spec', specFile, '--sandbox'], {
      cwd: root,
      env: { ...process.env, FLATKUBE_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let killed = false;
    const exit = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      if (!killed && /done\s+vm:cp-0:/.test(output)) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    assert.equal(await exit, 'SIGKILL', output);
    assert.ok(killed);
    const journal1 = JSON.parse(readFileSync(join(dataDir, 'clusters', 'kill', 'journal.json'), 'utf8')) as { steps: Record<string, { status: string }> };
    assert.notEqual(journal1.steps['nodes-ready']?.status, 'done');
    assert.match(run(['list'], dataDir).stdout, /^kill\s+unfinished\s+sandbox/m);
    const before = sandboxResources(dataDir, 'kill');
    const vmsBefore = before.filter((r) => r.type.toLowerCase() === 'microsoft.compute/virtualmachines');
    assert.ok(vmsBefore.some((r) => /kill-cp-0-vm$/.test(r.id) && r.properties?.vmId), 'the control plane VM existed at the kill');

    const resumed = run(['create', '--spec', specFile, '--sandbox'], dataDir);
    assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
    assert.match(resumed.stdout, /cluster kill is ready/);
    const afterResume = sandboxResources(dataDir, 'kill');
    for (const r of before) assert.ok(afterResume.some((x) => x.id.toLowerCase() === r.id.toLowerCase()), `${r.id} kept`);
    assert.deepEqual(countByType(afterResume), {
      'microsoft.resources/resourcegroups': 1,
      'microsoft.network/virtualnetworks': 1,
      'microsoft.network/networksecuritygroups': 1,
      'microsoft.managedidentity/userassignedidentities': 1, // the cluster's identity (Azure integration)
      'microsoft.network/publicipaddresses': 2,
      'microsoft.network/networkinterfaces': 2,
      'microsoft.compute/virtualmachines': 2,
    });
    for (const vm of vmsBefore) {
      const vmAfter = afterResume.find((r) => r.id.toLowerCase() === vm.id.toLowerCase());
      assert.equal(vmAfter?.properties?.vmId, vm.properties?.vmId, `${vm.id} was not re-created`);
    }
    const journal = JSON.parse(readFileSync(join(dataDir, 'clusters', 'kill', 'journal.json'), 'utf8')) as { attempts: number; steps: Record<string, { status: string }> };
    assert.equal(journal.attempts, 2);
    assert.ok(Object.values(journal.steps).every((s) => s.status === 'done'));

    const destroyed = run(['destroy', 'kill'], dataDir);
    assert.equal(destroyed.code, 0, destroyed.stderr);
    assert.deepEqual(sandboxResources(dataDir, 'kill').map((r) => r.id), []);
    const state = JSON.parse(readFileSync(join(dataDir, 'sandbox', 'state.json'), 'utf8')) as { resources: Record<string, unknown> };
    assert.deepEqual(Object.keys(state.resources).filter((id) => id.toLowerCase().includes('/resourcegroups/kill-rg')), [], 'nothing left in the sandbox store');
  });
});
