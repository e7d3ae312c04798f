// The exported az script run by bash against stand-ins for az, ssh and kubectl. Every program the
// script starts goes through a recording stub (PATH holds nothing else), so the test sees each
// command line any local process had: what `ps` would show while the script runs.
import { test as nodeTest } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { ClusterSpec } from '../../../shared/domain/cluster-spec';
import { apiServerFqdn, hasLoadBalancedApi } from '../../../shared/domain/api-endpoint';
import { clusterNodes } from '../../../shared/domain/cluster-layout';
import { renderAzScript } from '../../../electron/services/cluster/render/az-script';
import { PUBLIC_IP_PLACEHOLDER } from '../../../electron/services/cluster/render/ignition';
import { renderControlPlaneJoinConfig, renderJoinConfig } from '../../../electron/services/cluster/render/kubeadm';
import { makeSpec } from './fixtures';
import { linuxOnly } from '../../helpers/platform';

// bash 4 ($BASHPID) runs the script and GNU tools stand behind the stubs: Linux only.
const skipHere = linuxOnly('bash 4 and the GNU tools the stand-ins wrap');
const test: typeof nodeTest = skipHere ? (((name: string) => nodeTest(name, { skip: skipHere })) as typeof nodeTest) : nodeTest;

const HOSTKEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOLpkENLAd/kFjoDMAiahzbKdLWePo5+EAMBZIQD+g/r host';
const TOKEN = 'abcdef.0123456789abcdef';
const CA_HASH = `sha256:${'ab'.repeat(32)}`;
const CERT_KEY = 'c0ffee'.repeat(10) + 'beef';
const REAL_TOOLS = ['sed', 'mv', 'chmod', 'cat', 'head', 'rm', 'mkdir', 'tee', 'grep', 'touch'];
/** What a node prints on its serial console (flatkube-hostkeys.service), as boot diagnostics return it. */
const BOOT_LOG = `[  OK  ] Finished sshd-keygen.service - Generate sshd host keys.\r\nflatkube-hostkeys[913]: FLATKUBE-HOSTKEY ${HOSTKEY.replace(/ host$/, ' root@cp-0')}\r\n`;

const found = new Map<string, string>();

/**
 * Where `tool` is on PATH ('' if nowhere), as `command -v` answers for a program. Looked up here,
 * once per tool: a `bash -c 'command -v'` for each tool of each run cost more than the runs, as
 * bash reads ~/.bashrc when Node's socket is its stdin (on a machine whose .bashrc starts pyenv,
 * about 0.8 s of CPU a call, for some 280 calls).
 */
function which(tool: string): string {
  let path = found.get(tool);
  if (path === undefined) {
    path = '';
    for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
      try {
        accessSync(join(dir, tool), constants.X_OK);
        if (statSync(join(dir, tool)).isFile()) {
          path = join(dir, tool);
          break;
        }
      } catch {
        /* not here */
      }
    }
    found.set(tool, path);
  }
  return path;
}

function stubs(bin: string): void {
  // The stand-ins run under /bin/sh (dash on Debian: it starts in about a third of bash's time, and
  // a script run starts a few hundred of them); each is a process of its own, so its PID ($$) names
  // its record. ssh's needs bash (read -d '', ${@: -1}).
  const record = '#!/bin/sh\nf="$STUB_CALLS/$$"\nprintf \'%s\\0\' "${0##*/}" "$@" > "$f.argv"\n';
  const recordBash = '#!/bin/bash\nf="$STUB_CALLS/$$"\nprintf \'%s\\0\' "${0##*/}" "$@" > "$f.argv"\n';
  for (const tool of REAL_TOOLS) {
    const real = which(tool);
    if (real) writeFileSync(join(bin, tool), `${record}exec ${real} "$@"\n`, { mode: 0o755 });
  }
  // Waiting is instant here (the pin loop and the ssh wait sleep between attempts).
  writeFileSync(join(bin, 'sleep'), record, { mode: 0o755 });
  writeFileSync(
    join(bin, 'az'),
    `${record}case "$*" in\n` +
      '  *"public-ip show"*) echo "${CP_IP-203.0.113.10}" ;;\n' +
      '  *"group exists"*) echo "${GROUP_EXISTS:-false}" ;;\n' +
      '  *"group show"*"flatkube-cluster"*) echo "${GROUP_CLUSTER_TAG:-}" ;;\n' +
      '  *"group show"*"--query id"*) echo /subscriptions/s/resourceGroups/shared-rg ;;\n' +
      '  *"vm show"*"bootDiagnostics.enabled"*) echo "${BOOT_DIAGNOSTICS:-true}" ;;\n' +
      '  *"boot-diagnostics get-boot-log"*) printf \'%s\' "${BOOT_LOG}" ;;\n' +
      'esac\n',
    { mode: 0o755 },
  );
  writeFileSync(join(bin, 'kubectl'), record, { mode: 0o755 });
  // ssh: keeps what it was given on stdin, answers the two commands whose output the script reads.
  writeFileSync(
    join(bin, 'ssh'),
    `${recordBash}IFS= read -r -d '' input || true\nprintf '%s' "$input" > "$f.stdin"\n` +
      'case "${@: -1}" in\n' +
      `  *--print-join-command*) printf 'kubeadm join %s --token ${TOKEN} --discovery-token-ca-cert-hash ${CA_HASH} \\n' "\${JOIN_ENDPOINT:-10.0.1.4:6443}" ;;\n` +
      `  *"upload-certs --upload-certs"*) printf '[upload-certs] Storing the certificates in Secret "kubeadm-certs" in the "kube-system" Namespace\\n[upload-certs] Using certificate key:\\n${CERT_KEY}\\n' ;;\n` +
      "  *admin.conf*) printf 'apiVersion: v1\\nclusters:\\n- cluster:\\n    server: https://10.0.1.4:6443\\n' ;;\n" +
      'esac\n',
    { mode: 0o755 },
  );
}

interface Call {
  argv: string[];
  stdin?: string;
}

interface ScriptRun {
  status: number | null;
  stdout: string;
  stderr: string;
  calls: Call[];
  dir: string;
}

/**
 * Runs the script in a fresh folder with the rendered Ignition files it expects: the control
 * plane's as a template holding the placeholder, or (`controlPlanePublicIp`) as a final file.
 */
function runScript(spec: ClusterSpec, opts: { env?: Record<string, string>; dir?: string; script?: string; controlPlanePublicIp?: string } = {}): ScriptRun {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'fk-azscript-'));
  const bin = join(dir, 'bin');
  const calls = join(dir, 'calls');
  rmSync(calls, { recursive: true, force: true });
  mkdirSync(bin, { recursive: true });
  mkdirSync(calls);
  mkdirSync(join(dir, 'ignition'), { recursive: true });
  stubs(bin);
  for (const n of clusterNodes(spec)) {
    if (n.name === 'cp-0' && !hasLoadBalancedApi(spec) && !opts.controlPlanePublicIp) writeFileSync(join(dir, 'ignition', `${n.name}.ign.template.json`), `{"ip": "${PUBLIC_IP_PLACEHOLDER}"}\n`);
    else writeFileSync(join(dir, 'ignition', `${n.name}.ign.json`), `{"ip": "${opts.controlPlanePublicIp ?? 'none'}"}\n`);
  }
  const script = opts.script ?? renderAzScript({ spec, ...(opts.controlPlanePublicIp ? { controlPlanePublicIp: opts.controlPlanePublicIp } : {}) });
  writeFileSync(join(dir, 'create.sh'), script);
  const r = spawnSync(which('bash'), ['create.sh'], {
    cwd: dir,
    input: '',
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: bin, HOME: dir, STUB_CALLS: calls, BOOT_LOG, ...opts.env },
  });
  const recorded: Call[] = readdirSync(calls)
    .filter((f) => f.endsWith('.argv'))
    .map((f) => {
      const argv = readFileSync(join(calls, f), 'utf8').split('\0').slice(0, -1);
      const stdinFile = join(calls, f.replace(/\.argv$/, '.stdin'));
      return existsSync(stdinFile) ? { argv, stdin: readFileSync(stdinFile, 'utf8') } : { argv };
    });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls: recorded, dir };
}

test('the script runs end to end against the stand-ins', () => {
  const run = runScript(makeSpec());
  try {
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Cluster demo is ready/);
    assert.ok(run.calls.some((c) => c.argv[0] === 'az' && c.argv[1] === 'vm' && c.argv[2] === 'create'));
  } finally {
    rmSync(run.dir, { recursive: true, force: true });
  }
});

test('the control plane template is filled in with the address Azure gave, into a file of its own (a re-run fills it in again)', () => {
  const spec = makeSpec();
  const run = runScript(spec);
  try {
    assert.equal(run.status, 0, run.stderr);
    assert.equal(readFileSync(join(run.dir, 'ignition', 'cp-0.ign.json'), 'utf8'), '{"ip": "203.0.113.10"}\n');
    assert.equal(readFileSync(join(run.dir, 'ignition', 'cp-0.ign.template.json'), 'utf8'), `{"ip": "${PUBLIC_IP_PLACEHOLDER}"}\n`, 'the template stays a template');
    const vm = run.calls.find((c) => c.argv[0] === 'az' && c.argv[1] === 'vm' && c.argv[2] === 'create' && c.argv.includes('demo-cp-0-vm'))!;
    assert.equal(vm.argv[vm.argv.indexOf('--custom-data') + 1], './ignition/cp-0.ign.json');
    // A second run (a new address, a retry after a failure) starts from the template again.
    const again = runScript(spec, { dir: run.dir, env: { CP_IP: '203.0.113.77' } });
    assert.equal(again.status, 0, again.stderr);
    assert.equal(readFileSync(join(run.dir, 'ignition', 'cp-0.ign.json'), 'utf8'), '{"ip": "203.0.113.77"}\n');
  } finally {
    rmSync(run.dir, { recursive: true, force: true });
  }
});

test('no address from Azure: the script stops before the control plane VM, with no half-filled config', () => {
  const run = runScript(makeSpec(), { env: { CP_IP: '' } });
  try {
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /cp-0's public IP is not an IPv4 address/);
    assert.ok(!existsSync(join(run.dir, 'ignition', 'cp-0.ign.json')));
    assert.ok(!run.calls.some((c) => c.argv[0] === 'az' && c.argv[1] === 'vm' && c.argv[2] === 'create'));
  } finally {
    rmSync(run.dir, { recursive: true, force: true });
  }
});

test('configs rendered for a known control plane address: used as they are when Azure gave that address, refused otherwise', () => {
  const spec = makeSpec();
  const same = runScript(spec, { controlPlanePublicIp: '203.0.113.10' });
  try {
    assert.equal(same.status, 0, same.stderr);
    assert.equal(readFileSync(join(same.dir, 'ignition', 'cp-0.ign.json'), 'utf8'), '{"ip": "203.0.113.10"}\n');
    assert.ok(!same.calls.some((c) => c.argv.some((a) => a.includes('template'))), 'nothing filled in');
  } finally {
    rmSync(same.dir, { recursive: true, force: true });
  }
  const other = runScript(spec, { controlPlanePublicIp: '198.51.100.20' });
  try {
    assert.equal(other.status, 1);
    assert.match(other.stderr, /cp-0's public IP is 203\.0\.113\.10, but cp-0\.ign\.json was rendered for 198\.51\.100\.20: render again with --control-plane-ip 203\.0\.113\.10/);
    assert.ok(!other.calls.some((c) => c.argv[0] === 'az' && c.argv[1] === 'vm' && c.argv[2] === 'create'), 'no VM created');
  } finally {
    rmSync(other.dir, { recursive: true, force: true });
  }
});

test('the bootstrap token is on no command line, local or remote: the JoinConfiguration goes over stdin', () => {
  const spec = makeSpec();
  const run = runScript(spec);
  try {
    assert.equal(run.status, 0, run.stderr);
    for (const c of run.calls) {
      assert.ok(!c.argv.some((a) => a.includes(TOKEN) || a.includes('0123456789abcdef')), `token on a command line: ${c.argv.join(' ')}`);
    }
    for (const worker of clusterNodes(spec).filter((n) => n.role === 'worker')) {
      const join = run.calls.find((c) => c.argv[0] === 'ssh' && /kubeadm join --config/.test(c.argv.at(-1)!) && (c.stdin ?? '').includes(`name: ${worker.name}`));
      assert.ok(join, `no join of ${worker.name} over stdin`);
      // The same document the app sends to a worker.
      assert.equal(join.stdin, renderJoinConfig({ apiServerEndpoint: '10.0.1.4:6443', token: TOKEN, caCertHash: CA_HASH, nodeName: worker.name, nodeIp: worker.privateIp }));
      // The remote command names only the file: sudo's journal on the worker has no token either.
      assert.doesNotMatch(join.argv.at(-1)!, /token|JOIN_/);
    }
  } finally {
    rmSync(run.dir, { recursive: true, force: true });
  }
});

test('a join command without a usable token stops the script before any worker is touched', () => {
  const spec = makeSpec();
  // The control plane answers something else than a join command.
  const script = renderAzScript({ spec }).replace("'sudo kubeadm token create --print-join-command'", "'echo garbage'");
  const run = runScript(spec, { script });
  try {
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /join command/);
    assert.ok(!run.calls.some((c) => c.argv[0] === 'ssh' && /kubeadm join/.test(c.argv.at(-1)!)));
  } finally {
    rmSync(run.dir, { recursive: true, force: true });
  }
});

test('hostile values in tags, the resource group and the key comment stay data', () => {
  const spec = makeSpec({
    resourceGroup: { name: 'rg(1)' },
    tags: { "o'neil": 'a$(touch pwned-tag)`touch pwned-tick`;touch pwned-semi\n# x\ntouch pwned-nl', '$(touch pwned-key)': '"x"' },
    ssh: { publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOLpkENLAd/kFjoDMAiahzbKdLWePo5+EAMBZIQD+g/r $(touch pwned-ssh) `id`; "q"' },
    allowedSourceIp: ' 203.0.113.7\n',
    cni: 'cilium',
    network: { podCidr: '10.244.0.0/16\n' },
  });
  const run = runScript(spec);
  try {
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(readdirSync(run.dir).filter((f) => f.startsWith('pwned')), []);
    const group = run.calls.find((c) => c.argv[0] === 'az' && c.argv[1] === 'group' && c.argv[2] === 'create')!;
    assert.ok(group.argv.includes("o'neil=a$(touch pwned-tag)`touch pwned-tick`;touch pwned-semi\n# x\ntouch pwned-nl"), group.argv.join(' | '));
    assert.ok(group.argv.includes('rg(1)'));
    const rule = run.calls.find((c) => c.argv[0] === 'az' && c.argv.includes('rule'))!;
    assert.ok(rule.argv.includes('203.0.113.7/32'), rule.argv.join(' '));
    const cni = run.calls.find((c) => c.argv[0] === 'ssh' && (c.stdin ?? '').includes('cilium install'))!;
    assert.match(cni.stdin!, /--set ipam\.operator\.clusterPoolIPv4PodCIDRList=10\.244\.0\.0\/16 --set MTU=1400/);
  } finally {
    rmSync(run.dir, { recursive: true, force: true });
  }
});

test('a spec that skipped validation still cannot break out of a comment line', () => {
  // renderAzScript's own guard: titles and explanations are comments whatever they contain.
  const spec = { ...makeSpec(), allowedSourceIp: '203.0.113.7\ntouch pwned-title\r\n$(touch pwned-sub)' } as ClusterSpec;
  const run = runScript(spec);
  try {
    assert.deepEqual(readdirSync(run.dir).filter((f) => f.startsWith('pwned')), []);
    assert.doesNotMatch(run.stderr, /command not found/);
  } finally {
    rmSync(run.dir, { recursive: true, force: true });
  }
});

test('KNOWN_HOSTS naming a file the script did not write is refused, not truncated', () => {
  const spec = makeSpec();
  const dir = mkdtempSync(join(tmpdir(), 'fk-azscript-'));
  try {
    const mine = join(dir, 'my_known_hosts');
    const original = 'github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n';
    writeFileSync(mine, original);
    const refused = runScript(spec, { dir, env: { KNOWN_HOSTS: mine } });
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /my_known_hosts/);
    assert.equal(readFileSync(mine, 'utf8'), original);
    assert.deepEqual(refused.calls.filter((c) => c.argv[0] === 'az' || c.argv[0] === 'ssh'), [], 'refused before anything was created');
    // Its own file from an earlier run is rewritten (a re-run must not pile up stale keys).
    const first = runScript(spec, { dir });
    assert.equal(first.status, 0, first.stderr);
    const again = runScript(spec, { dir });
    assert.equal(again.status, 0, again.stderr);
    const lines = readFileSync(join(dir, 'known_hosts'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    assert.equal(lines.length, clusterNodes(spec).length);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('known_hosts gets each node\'s key from its serial console (boot diagnostics) before the first ssh to it', () => {
  const spec = makeSpec();
  const run = runScript(spec);
  try {
    assert.equal(run.status, 0, run.stderr);
    const lines = readFileSync(join(run.dir, 'known_hosts'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    assert.deepEqual(lines, clusterNodes(spec).map(() => `203.0.113.10 ${HOSTKEY.replace(/ host$/, '')}`));
    for (const n of clusterNodes(spec)) {
      assert.ok(run.calls.some((c) => c.argv.join(' ') === `az vm boot-diagnostics get-boot-log --resource-group demo-rg --name demo-${n.name}-vm`), n.name);
      assert.match(run.stdout, new RegExp(`demo-${n.name}-vm: pinned the ed25519 host key from its serial console`));
    }
    // ssh never accepts an unknown key.
    for (const c of run.calls.filter((c) => c.argv[0] === 'ssh')) assert.ok(c.argv.includes('StrictHostKeyChecking=yes'), c.argv.join(' '));
  } finally {
    rmSync(run.dir, { recursive: true, force: true });
  }
});

test('a node that never prints its key: the script stops before any ssh, saying why', () => {
  const run = runScript(makeSpec(), { env: { BOOT_LOG: '[  OK  ] Reached target multi-user.target\n' } });
  try {
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /demo-cp-0-vm printed no FLATKUBE-HOSTKEY line on its serial console within 10 minutes; not connecting without a pinned host key/);
    assert.deepEqual(run.calls.filter((c) => c.argv[0] === 'ssh'), []);
    assert.equal(run.calls.filter((c) => c.argv.includes('get-boot-log')).length, 60);
  } finally {
    rmSync(run.dir, { recursive: true, force: true });
  }
});

test('two different keys on a serial console: the script trusts neither', () => {
  const other = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
  const run = runScript(makeSpec(), { env: { BOOT_LOG: `${BOOT_LOG}flatkube-hostkeys[99]: FLATKUBE-HOSTKEY ${other} root@cp-0\n` } });
  try {
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /two different ed25519 host keys; trusting neither/);
    assert.deepEqual(run.calls.filter((c) => c.argv[0] === 'ssh'), []);
  } finally {
    rmSync(run.dir, { recursive: true, force: true });
  }
});

test('boot diagnostics off on a VM: the script turns them on and restarts it so that the key is printed again', () => {
  const run = runScript(makeSpec(), { env: { BOOT_DIAGNOSTICS: 'false' } });
  try {
    assert.equal(run.status, 0, run.stderr);
    const azs = run.calls.filter((c) => c.argv[0] === 'az').map((c) => c.argv.slice(1, 4).join(' '));
    assert.ok(azs.includes('vm boot-diagnostics enable') && azs.includes('vm restart --resource-group'), azs.join('\n'));
  } finally {
    rmSync(run.dir, { recursive: true, force: true });
  }
});

// Issue 13, data safety: the exported script must not take over an existing group either.
test('create: true and the group already exists for something else: refused before anything is created', () => {
  const run = runScript(makeSpec(), { env: { GROUP_EXISTS: 'true', GROUP_CLUSTER_TAG: '' } });
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /already exists and was not created for cluster/);
  assert.match(run.stderr, /resourceGroup\.create: false/);
  const az = run.calls.filter((c) => c.argv[0] === 'az').map((c) => c.argv.slice(1, 3).join(' '));
  assert.ok(!az.includes('group create'), 'no az group create (it would replace the tags)');
  assert.ok(!az.some((a) => /create/.test(a)), `nothing created: ${az.join(', ')}`);
});

test('create: true and the group is the one an earlier run made for this cluster: the run goes on', () => {
  const spec = makeSpec();
  const run = runScript(spec, { env: { GROUP_EXISTS: 'true', GROUP_CLUSTER_TAG: spec.name } });
  assert.equal(run.status, 0, run.stderr);
  assert.ok(run.calls.some((c) => c.argv[0] === 'az' && c.argv[1] === 'group' && c.argv[2] === 'create'));
});

test('create: false merges the tags into the existing group and never runs az group create', () => {
  const spec = makeSpec({ resourceGroup: { name: 'shared-rg', create: false } });
  const run = runScript(spec);
  assert.equal(run.status, 0, run.stderr);
  const tag = run.calls.find((c) => c.argv[0] === 'az' && c.argv[1] === 'tag' && c.argv[2] === 'update');
  assert.ok(tag, 'az tag update');
  assert.deepEqual(tag.argv.slice(3, 7), ['--resource-id', '/subscriptions/s/resourceGroups/shared-rg', '--operation', 'Merge']);
  assert.ok(tag.argv.includes(`flatkube-cluster=${spec.name}`));
  assert.ok(!run.calls.some((c) => c.argv[0] === 'az' && c.argv[1] === 'group' && c.argv[2] === 'create'));
  const script = renderAzScript({ spec });
  assert.doesNotMatch(script, /az group delete/, 'no advice to delete a group that is not the cluster\'s');
  assert.match(script, /--operation Delete --tags flatkube-cluster=/);
});

test('three control planes: the script builds the load balancer, shares the certificates and joins cp-1 then cp-2, key and token on no command line', () => {
  const spec = makeSpec({ controlPlane: { count: 3 }, workers: { count: 1 } });
  const fqdn = apiServerFqdn(spec);
  const run = runScript(spec, { env: { JOIN_ENDPOINT: `${fqdn}:6443` } });
  try {
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Cluster demo is ready/);
    const az = run.calls.filter((c) => c.argv[0] === 'az').map((c) => c.argv.slice(1).join(' '));
    assert.ok(az.some((a) => a.startsWith('network public-ip create') && a.includes('--name demo-api-pip') && a.includes(`--dns-name ${fqdn.split('.')[0]}`)), 'the API IP with its DNS label');
    assert.ok(az.some((a) => a.startsWith('network lb create') && a.includes('--public-ip-address demo-api-pip')));
    for (const cp of ['cp-0', 'cp-1', 'cp-2']) assert.ok(az.some((a) => a.startsWith('network nic create') && a.includes(`--name demo-${cp}-nic`) && a.includes('--lb-address-pools control-planes')), cp);
    assert.ok(az.some((a) => a.startsWith('network nsg rule create') && a.includes('--name allow-kube-api-nodes')));
    for (const c of run.calls) {
      assert.ok(!c.argv.some((a) => a.includes(CERT_KEY)), `certificate key on a command line: ${c.argv.join(' ')}`);
      assert.ok(!c.argv.some((a) => a.includes(TOKEN) || a.includes('0123456789abcdef')), `token on a command line: ${c.argv.join(' ')}`);
    }
    const remote = run.calls.filter((c) => c.argv[0] === 'ssh').map((c) => ({ cmd: c.argv.at(-1)!, stdin: c.stdin ?? '' }));
    // Hairpin: the endpoint name is the node itself, before init on cp-0 ...
    const init = remote.find((r) => r.cmd.includes('kubeadm init --config'))!;
    assert.ok(init.cmd.indexOf(`127.0.0.1 ${fqdn}`) < init.cmd.indexOf('kubeadm init --config'));
    // ... and after the join on the others, which join one after the other with the key over stdin.
    const joins = remote.map((r, i) => ({ ...r, i })).filter((r) => /kubeadm join --config/.test(r.cmd) && r.stdin.includes('controlPlane:'));
    assert.deepEqual(joins.map((j) => /name: (cp-\d)/.exec(j.stdin)![1]), ['cp-1', 'cp-2']);
    for (const [n, j] of joins.entries()) {
      const node = clusterNodes(spec)[n + 1]!;
      assert.equal(j.stdin, renderControlPlaneJoinConfig({ apiServerEndpoint: `${fqdn}:6443`, token: TOKEN, caCertHash: CA_HASH, nodeName: node.name, nodeIp: node.privateIp, certificateKey: CERT_KEY }));
      assert.doesNotMatch(j.cmd, /token|CERT_KEY|certificateKey/);
      assert.match(remote[j.i + 1]!.cmd, new RegExp(`127\\.0\\.0\\.1 ${fqdn.replaceAll('.', '\\.')}`), 'the hosts entry right after the join');
    }
  } finally {
    rmSync(run.dir, { recursive: true, force: true });
  }
});
