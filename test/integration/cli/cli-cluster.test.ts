import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { builtCli } from '../../helpers/built-cli';
import { example, root, run } from './run-cli';

/** Resources of the sandbox's persisted store tagged for `cluster` (read from its state file). */
function sandboxResources(dataDir: string, cluster: string): string[] {
  const state = JSON.parse(readFileSync(join(dataDir, 'sandbox', 'state.json'), 'utf8')) as { resources: Record<string, { resource?: { id: string; tags?: Record<string, string> }; id?: string; tags?: Record<string, string> }> };
  return Object.values(state.resources)
    .map((v) => v.resource ?? (v as { id: string; tags?: Record<string, string> }))
    .filter((r) => r.tags?.['flatkube-cluster'] === cluster)
    .map((r) => r.id.toLowerCase())
    .sort();
}

describe('flatkube CLI: cluster commands', () => {
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'fk-cli-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('exit codes: 2 for bad usage or spec, 1 for failures with a one-line reason', () => {
    assert.equal(run(['create'], dataDir).code, 2);
    assert.equal(run(['render', '--spec', example], dataDir).code, 2, 'missing --out');
    const badSpec = join(dataDir, 'bad.yaml');
    writeFileSync(badSpec, 'name: Bad_Name\n');
    const bad = run(['create', '--spec', badSpec, '--sandbox'], dataDir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^flatkube create: invalid spec .*bad\.yaml:1: name: /);
    assert.equal(bad.stderr.trim().split('\n').length, 1);
    const missing = run(['destroy', 'nope'], dataDir);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no cluster named "nope"/);
    // Real Azure without an app registration configured (cli-azure.test.ts covers the rest).
    const noAzure = run(['create', '--spec', example], dataDir, { FLATKUBE_CLIENT_ID: undefined });
    assert.equal(noAzure.code, 1);
    assert.match(noAzure.stderr, /no Azure app registration \(client id\) is configured/);
  });

  it('render writes Ignition per node (0600), kubeadm config, az script and plan', () => {
    const out = join(dataDir, 'render');
    // No bakery reachable: exit 1 with one line naming the checksum list tried, nothing written.
    const offline = run(['render', '--spec', example, '--out', out, '--bakery', 'https://127.0.0.1:9/releases/download'], dataDir);
    assert.equal(offline.code, 1);
    assert.match(offline.stderr, /^flatkube render: .*https:\/\/127\.0\.0\.1:9\/releases\/download\/kubernetes-v1\.35\.3\/SHA256SUMS/);
    assert.equal(offline.stderr.trim().split('\n').length, 1);
    assert.ok(!existsSync(out));
    // --sandbox: the pin comes from the embedded sandbox's bakery.
    const r = run(['render', '--spec', example, '--out', out, '--sandbox'], dataDir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /sysext https:\/\/127\.0\.0\.1:\d+\/_bakery\/releases\/download\/kubernetes-v1\.35\.3\/kubernetes-v1\.35\.3-x86-64\.raw pinned to sha256-[0-9a-f]{64}/);
    // The control plane's config is a template until its public IP is known (render-templates.test.ts).
    for (const name of ['cp-0.ign.template.json', 'worker-0.ign.json', 'worker-1.ign.json']) {
      const file = join(out, 'ignition', name);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const cfg = JSON.parse(readFileSync(file, 'utf8')) as { ignition: { version: string }; storage: { files: { path: string; contents: { verification?: { hash: string } } }[] } };
      assert.equal(cfg.ignition.version, '3.4.0');
      assert.match(cfg.storage.files.find((f) => f.path.endsWith('.raw'))!.contents.verification!.hash, /^sha256-[0-9a-f]{64}$/);
    }
    assert.match(readFileSync(join(out, 'kubeadm', 'init.template.yaml'), 'utf8'), /kubeadm\.k8s\.io\/v1beta4/);
    assert.match(readFileSync(join(out, 'create-dev.sh'), 'utf8'), /az vm create/);
    assert.ok(existsSync(join(out, 'plan.md')));
    // No private key in anything written: the nodes make their own host keys, and the script reads
    // each one's public half from its serial console (az vm boot-diagnostics get-boot-log).
    for (const file of ['ignition/cp-0.ign.template.json', 'ignition/worker-0.ign.json', 'ignition/worker-1.ign.json', 'kubeadm/init.template.yaml', 'create-dev.sh', 'plan.md']) {
      const text = readFileSync(join(out, file), 'utf8');
      assert.doesNotMatch(text, /PRIVATE KEY/, file);
      assert.doesNotMatch(decodeURIComponent(text.replace(/%(?![0-9A-Fa-f]{2})/g, '%25')), /PRIVATE KEY/, file);
    }
    assert.match(readFileSync(join(out, 'create-dev.sh'), 'utf8'), /az vm boot-diagnostics get-boot-log/);
    assert.equal(run(['preflight', '--spec', example], dataDir).code, 0);
  });

  it('create killed with SIGKILL mid-way resumes to completion with no duplicate resource; destroy cleans up', async () => {
    // First run: kill -9 once every VM is up and the bootstrap over SSH has begun.
    const child = spawn(process.execPath, [builtCli(), 'create', '--spec', example, '--sandbox'], {
      cwd: root,
      env: { ...process.env, FLATKUBE_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const need = new Set(['ssh:cp-0', 'ssh:worker-0', 'ssh:worker-1']);
    let output = '';
    let killed = false;
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      for (const m of chunk.matchAll(/done\s+(ssh:[\w-]+):/g)) need.delete(m[1]!);
      if (need.size === 0 && !killed) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    await exit;
    assert.ok(killed, `the CLI finished before it could be killed:\n${output}`);
    assert.doesNotMatch(output, /cluster dev is ready/);
    const before = sandboxResources(dataDir, 'dev');
    assert.equal(before.length, 13, before.join('\n')); // the group, a VNet, an NSG, the cluster's identity, and per node a public IP, a NIC and a VM
    const listed = run(['list'], dataDir);
    assert.match(listed.stdout, /^dev\s+unfinished\s+sandbox/m);

    const resumed = run(['create', '--spec', example, '--sandbox'], dataDir);
    assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
    const kubeconfig = /^kubeconfig: (\S+)$/m.exec(resumed.stdout)?.[1];
    assert.ok(kubeconfig);
    assert.equal(statSync(kubeconfig).mode & 0o777, 0o600);
    assert.deepEqual(sandboxResources(dataDir, 'dev'), before, 'same resources, none created twice');
    const journal = JSON.parse(readFileSync(join(dataDir, 'clusters', 'dev', 'journal.json'), 'utf8')) as { attempts: number; steps: Record<string, { runs: number; status: string }> };
    assert.equal(journal.attempts, 2);
    for (const id of ['vm:cp-0', 'vm:worker-0', 'vm:worker-1', 'nic:cp-0', 'vnet']) assert.equal(journal.steps[id]?.runs, 1, `${id} ran once`);
    assert.ok(Object.values(journal.steps).every((s) => s.status === 'done'));
    assert.equal(run(['kubeconfig', 'dev'], dataDir).stdout.trim(), kubeconfig);

    const destroyed = run(['destroy', 'dev'], dataDir);
    assert.equal(destroyed.code, 0, destroyed.stderr);
    assert.deepEqual(sandboxResources(dataDir, 'dev'), []);
    assert.match(run(['list'], dataDir).stdout, /^dev\s+deleted/m);
  });
});
