// The SSH steps of three control planes against a scripted node: the certificate key Flatkube
// makes reaches kubeadm only through SSH stdin into a 0600 file, never a command line, and no log
// line shows it even when the node prints it; kubeadm init runs with --upload-certs and
// --skip-certificate-key-print; the endpoint name is 127.0.0.1 in /etc/hosts before init (first
// control plane) and after the join (the others); a later run uploads again with a new key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, parseAllDocuments } from 'yaml';
import { apiServerFqdn } from '../../../shared/domain/api-endpoint';
import { clusterNodes } from '../../../shared/domain/cluster-layout';
import type { DeploymentContext } from '../../../electron/services/cluster/engine/context';
import { CONTROL_PLANE_JOIN_CONFIG_PATH, haKubeadmInit, INIT_UPLOAD_CONFIG_PATH, joinControlPlane, uploadCerts } from '../../../electron/services/cluster/engine/ha-ssh-steps';
import type { StepRunContext } from '../../../electron/services/cluster/engine/types';
import { buildPlan } from '../../../electron/services/cluster/plan/build-plan';
import type { PlanStep } from '../../../electron/services/cluster/plan/types';
import type { ExecResult } from '../../../electron/services/ssh/exec';
import type { ResilientExecOptions } from '../../../electron/services/ssh/resilient-session';
import { makeSpec } from '../cluster/fixtures';

const spec = makeSpec({ name: 'ha', controlPlane: { count: 3 }, workers: { count: 0 } });
const fqdn = apiServerFqdn(spec);
const plan = buildPlan(spec);
const stepOf = (id: string): PlanStep => plan.steps.find((s) => s.id === id)!;
const TOKEN = 'abcdef.0123456789abcdef';
const HASH = `sha256:${'ab'.repeat(32)}`;

interface Call {
  node: string;
  cmd: string;
  sudo: boolean;
  stdin?: string;
}

/** A node's files and a kubeadm that prints what the real one prints, the key included (as if --skip-certificate-key-print were ignored). */
class ScriptedNodes {
  readonly calls: Call[] = [];
  readonly files = new Map<string, Map<string, string>>();
  uploadKey = 'f'.repeat(64);

  fs(node: string): Map<string, string> {
    if (!this.files.has(node)) this.files.set(node, new Map([['/etc/hosts', '127.0.0.1 localhost\n']]));
    return this.files.get(node)!;
  }

  session(node: string) {
    return {
      exec: async (cmd: string, opts: ResilientExecOptions = {}): Promise<ExecResult> => {
        const stdin = typeof opts.stdin === 'string' ? opts.stdin : undefined;
        this.calls.push({ node, cmd, sudo: opts.sudo === true, ...(stdin !== undefined ? { stdin } : {}) });
        const out = (stdout: string, code = 0): ExecResult => {
          for (const l of stdout.split('\n').filter(Boolean)) opts.onStdout?.(l);
          return { code, signal: null, stdout, stderr: '', truncated: false };
        };
        const fs = this.fs(node);
        let m: RegExpExecArray | null;
        if ((m = /^test -f (\S+)$/.exec(cmd))) return out('', fs.has(m[1]!) ? 0 : 1);
        if (cmd === 'cat /etc/hosts') return out(fs.get('/etc/hosts') ?? '');
        if (cmd === 'tee -a /etc/hosts > /dev/null') return (fs.set('/etc/hosts', (fs.get('/etc/hosts') ?? '') + stdin), out(''));
        if ((m = /^install -m 0600 \/dev\/null (\S+)$/.exec(cmd))) return (fs.set(m[1]!, ''), out(''));
        if ((m = /^tee (\S+) > \/dev\/null$/.exec(cmd))) return (fs.set(m[1]!, stdin ?? ''), out(''));
        if ((m = /^rm -f (\S+)$/.exec(cmd))) return (fs.delete(m[1]!), out(''));
        if (cmd === 'mkdir -p /etc/kubeadm') return out('');
        if ((m = /^kubeadm init --config (\S+) --upload-certs --skip-certificate-key-print$/.exec(cmd))) {
          const key = (parseAllDocuments(fs.get(m[1]!) ?? '')[0]!.toJS() as { certificateKey?: string }).certificateKey;
          fs.set('/etc/kubernetes/admin.conf', 'x');
          return out(`[upload-certs] Using certificate key:\n${key}\nkubeadm join ${fqdn}:6443 --token ${TOKEN} --control-plane --certificate-key ${key}\n`);
        }
        if (cmd === 'kubeadm init phase upload-certs --upload-certs') return out(`[upload-certs] Storing the certificates in Secret "kubeadm-certs" in the "kube-system" Namespace\n[upload-certs] Using certificate key:\n${this.uploadKey}\n`);
        if ((m = /^kubeadm join --config (\S+)$/.exec(cmd))) {
          const doc = parse(fs.get(m[1]!) ?? '') as { controlPlane?: { certificateKey?: string } };
          fs.set('/etc/kubernetes/kubelet.conf', 'x');
          fs.set('/etc/kubernetes/manifests/etcd.yaml', 'x');
          return out(`[download-certs] using key ${doc.controlPlane?.certificateKey}\nThis node has joined the cluster and a new control plane instance was created\n`);
        }
        return out('', 1);
      },
    };
  }
}

function context(nodes: ScriptedNodes): DeploymentContext {
  return {
    spec,
    nodes: clusterNodes(spec),
    removing: [],
    sessions: { get: async (node: string) => nodes.session(node) },
    timings: { settleMs: 1000, bootCheckIntervalMs: 10 },
    joinCommand: { apiServerEndpoint: `${fqdn}:6443`, token: TOKEN, caCertHash: HASH },
  } as unknown as DeploymentContext;
}

function runContext(step: PlanStep, lines: string[]): StepRunContext {
  return { step, signal: new AbortController().signal, log: (_level, text) => lines.push(text) };
}

test('kubeadm init: the key only over stdin into a 0600 file, never on a command line or in a log line', async () => {
  const nodes = new ScriptedNodes();
  const ctx = context(nodes);
  const lines: string[] = [];
  await haKubeadmInit(ctx, stepOf('kubeadm-init'))(runContext(stepOf('kubeadm-init'), lines));
  const key = ctx.certificateKey!.key;
  assert.match(key, /^[0-9a-f]{64}$/);
  const cp0 = nodes.calls.filter((c) => c.node === 'cp-0');
  assert.ok(cp0.every((c) => !c.cmd.includes(key)), 'no command line holds the key');
  assert.ok(lines.length > 0 && lines.every((l) => !l.includes(key)), 'no log line holds the key');
  assert.ok(lines.some((l) => l.includes('[REDACTED]')), 'what kubeadm printed of it is masked');
  // The keyed config: made 0600 empty first, filled from stdin, read by init, removed afterwards.
  const order = cp0.map((c) => c.cmd);
  const made = order.indexOf(`install -m 0600 /dev/null ${INIT_UPLOAD_CONFIG_PATH}`);
  const filled = order.indexOf(`tee ${INIT_UPLOAD_CONFIG_PATH} > /dev/null`);
  const init = order.indexOf(`kubeadm init --config ${INIT_UPLOAD_CONFIG_PATH} --upload-certs --skip-certificate-key-print`);
  const removed = order.indexOf(`rm -f ${INIT_UPLOAD_CONFIG_PATH}`);
  assert.ok(made >= 0 && made < filled && filled < init && init < removed, order.join('\n'));
  const written = parseAllDocuments(cp0[filled]!.stdin!).map((d) => d.toJS() as Record<string, unknown>);
  assert.equal(written[0]!.certificateKey, key);
  assert.equal((written[1] as { controlPlaneEndpoint: string }).controlPlaneEndpoint, `${fqdn}:6443`);
  assert.ok(!nodes.fs('cp-0').has(INIT_UPLOAD_CONFIG_PATH), 'the keyed file is gone');
  // Hairpin: 127.0.0.1 <endpoint name> before init.
  const hosts = order.indexOf('tee -a /etc/hosts > /dev/null');
  assert.ok(hosts >= 0 && hosts < init, 'the hosts entry comes before kubeadm init');
  assert.equal(nodes.fs('cp-0').get('/etc/hosts'), `127.0.0.1 localhost\n127.0.0.1 ${fqdn}\n`);
});

test('upload-certs: the key kubeadm init used, fresh; else a new upload read from the output, not logged', async () => {
  const nodes = new ScriptedNodes();
  const ctx = context(nodes);
  ctx.certificateKey = { key: 'a'.repeat(64), uploadedAt: Date.now() - 60_000 };
  const lines: string[] = [];
  await uploadCerts(ctx, stepOf('upload-certs'))(runContext(stepOf('upload-certs'), lines));
  assert.equal(ctx.certificateKey.key, 'a'.repeat(64));
  assert.equal(nodes.calls.length, 0, 'a fresh key: nothing to do on the node');

  ctx.certificateKey = undefined; // another run: the key died with its process
  await uploadCerts(ctx, stepOf('upload-certs'))(runContext(stepOf('upload-certs'), lines));
  assert.equal(ctx.certificateKey!.key, nodes.uploadKey);
  assert.deepEqual(nodes.calls.map((c) => [c.cmd, c.sudo]), [['kubeadm init phase upload-certs --upload-certs', true]]);
  assert.ok(lines.every((l) => !l.includes(nodes.uploadKey)), 'the new key is not logged');

  ctx.certificateKey = { key: 'a'.repeat(64), uploadedAt: Date.now() - 3 * 3600_000 }; // expired upload
  nodes.uploadKey = 'e'.repeat(64);
  await uploadCerts(ctx, stepOf('upload-certs'))(runContext(stepOf('upload-certs'), lines));
  assert.equal(ctx.certificateKey!.key, 'e'.repeat(64));
});

test('join --control-plane: the JoinConfiguration with the key through stdin, then 127.0.0.1 <endpoint name>; a second run skips', async () => {
  const nodes = new ScriptedNodes();
  const ctx = context(nodes);
  const key = 'b'.repeat(64);
  ctx.certificateKey = { key, uploadedAt: Date.now() };
  const lines: string[] = [];
  const step = stepOf('join-cp:cp-1');
  await joinControlPlane(ctx, step)(runContext(step, lines));
  const calls = nodes.calls.filter((c) => c.node === 'cp-1');
  const order = calls.map((c) => c.cmd);
  assert.ok(calls.every((c) => !c.cmd.includes(key) && !c.cmd.includes(TOKEN)), 'neither key nor token on a command line');
  assert.ok(lines.every((l) => !l.includes(key)), 'no log line holds the key');
  const filled = calls.find((c) => c.cmd === `tee ${CONTROL_PLANE_JOIN_CONFIG_PATH} > /dev/null`)!;
  const doc = parse(filled.stdin!) as { controlPlane: { certificateKey: string; localAPIEndpoint: { advertiseAddress: string } }; discovery: { bootstrapToken: { apiServerEndpoint: string } } };
  assert.equal(doc.controlPlane.certificateKey, key);
  assert.equal(doc.controlPlane.localAPIEndpoint.advertiseAddress, '10.0.1.5');
  assert.equal(doc.discovery.bootstrapToken.apiServerEndpoint, `${fqdn}:6443`);
  assert.ok(order.indexOf(`install -m 0600 /dev/null ${CONTROL_PLANE_JOIN_CONFIG_PATH}`) < order.indexOf(`tee ${CONTROL_PLANE_JOIN_CONFIG_PATH} > /dev/null`));
  assert.ok(order.indexOf(`kubeadm join --config ${CONTROL_PLANE_JOIN_CONFIG_PATH}`) < order.indexOf('tee -a /etc/hosts > /dev/null'), 'the hosts entry only after the join');
  assert.ok(!nodes.fs('cp-1').has(CONTROL_PLANE_JOIN_CONFIG_PATH), 'the file with the key is gone');
  assert.match(nodes.fs('cp-1').get('/etc/hosts')!, new RegExp(`127\\.0\\.0\\.1 ${fqdn.replaceAll('.', '\\.')}\\n$`));

  const before = nodes.calls.length;
  await joinControlPlane(ctx, step)(runContext(step, lines));
  const again = nodes.calls.slice(before).map((c) => c.cmd);
  assert.ok(!again.some((c) => c.startsWith('kubeadm join')), 'joined already: no second join');
  assert.ok(!again.includes('tee -a /etc/hosts > /dev/null'), 'the hosts entry is there already');
});

test('join --control-plane refuses to run without the key or the join command in memory', async () => {
  const nodes = new ScriptedNodes();
  const ctx = context(nodes);
  const step = stepOf('join-cp:cp-2');
  await assert.rejects(joinControlPlane(ctx, step)(runContext(step, [])), /no certificate key in memory/);
  ctx.certificateKey = { key: 'b'.repeat(64), uploadedAt: Date.now() };
  delete ctx.joinCommand;
  await assert.rejects(joinControlPlane(ctx, step)(runContext(step, [])), /no join command in memory/);
  assert.equal(nodes.calls.length, 0);
});
