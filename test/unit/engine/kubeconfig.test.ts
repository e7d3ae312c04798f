import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('data dir: FLATKUBE_DATA_DIR, else the OS default', () => {
    assert.equal(resolveDataDir({ FLATKUBE_DATA_DIR: '/x/y' }, 'linux', '/h'), '/x/y');
    assert.equal(resolveDataDir({}, 'linux', '/h'), '/h/.config/flatkube');
    assert.equal(resolveDataDir({ XDG_CONFIG_HOME: '/c' }, 'linux', '/h'), '/c/flatkube');
  });
});
