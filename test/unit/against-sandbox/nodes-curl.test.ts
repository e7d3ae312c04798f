// Simulated curl (and the shell's cd/pwd, which `curl -O` downloads depend on) against the
// sandbox's simulated internet: outputs, exit codes and messages as curl 8 gives them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cniInternet, directory, run, simNode } from '@flatkube/sandbox/testing';
import { flannelManifest, ciliumCliTarball } from '@flatkube/sandbox/testing';
import { CNI_VERSIONS } from '../../../electron/services/cluster/render/cni';

const FLANNEL = `https://github.com/flannel-io/flannel/releases/download/${CNI_VERSIONS.flannel}/kube-flannel.yml`;
const CLI = `https://github.com/cilium/cilium-cli/releases/download/${CNI_VERSIONS.ciliumCli}/cilium-linux-amd64.tar.gz`;
const MISSING = 'https://github.com/flannel-io/flannel/releases/download/v0.0.1/kube-flannel.yml';

describe('simulated curl', () => {
  const node = simNode({ name: 'n', ip: '10.0.1.4' });
  const dir = directory([node], cniInternet());
  const sh = (line: string) => run(node, dir, line);

  it('writes the body to stdout, byte for byte through a pipe', async () => {
    const r = await sh(`curl -fsSL ${FLANNEL}`);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, flannelManifest(CNI_VERSIONS.flannel));
    const sum = await sh(`curl -fsSL ${CLI} | sha256sum`);
    assert.equal(sum.stdout, `${createHash('sha256').update(ciliumCliTarball(CNI_VERSIONS.ciliumCli, 'amd64')).digest('hex')}  -\n`);
  });

  it('-o FILE and -O (remote name, in the current directory) write the bytes, owned by core', async () => {
    const o = await sh(`curl -fsSLo /tmp/cli.tgz ${CLI}`);
    assert.equal(o.code, 0, o.stderr);
    const f = node.fs.stat('/tmp/cli.tgz');
    assert.ok(f?.type === 'file' && f.owner === 'core' && f.data.equals(ciliumCliTarball(CNI_VERSIONS.ciliumCli, 'amd64')));
    const dl = await sh(`mkdir /tmp/dl && cd /tmp/dl && curl -fsSL -O ${CLI} -O ${FLANNEL} && pwd`);
    assert.equal(dl.code, 0, dl.stderr);
    assert.equal(dl.stdout, '/tmp/dl\n');
    assert.equal(node.fs.readText('/tmp/dl/kube-flannel.yml'), flannelManifest(CNI_VERSIONS.flannel));
    assert.equal(node.fs.readFile('/tmp/dl/cilium-linux-amd64.tar.gz')?.length, ciliumCliTarball(CNI_VERSIONS.ciliumCli, 'amd64').length);
    // cd lasts for the rest of that command line only; each SSH exec starts in $HOME.
    assert.equal((await sh('pwd')).stdout, '/home/core\n');
  });

  it('an unknown host exits 6; -s hides the message unless -S', async () => {
    const loud = await sh('curl -f https://get.helm.sh/helm.tar.gz');
    assert.deepEqual([loud.code, loud.stderr], [6, 'curl: (6) Could not resolve host: get.helm.sh\n']);
    const quiet = await sh('curl -fs https://get.helm.sh/helm.tar.gz');
    assert.deepEqual([quiet.code, quiet.stderr], [6, '']);
    const shown = await sh('curl -fsS https://get.helm.sh/helm.tar.gz');
    assert.equal(shown.stderr, 'curl: (6) Could not resolve host: get.helm.sh\n');
  });

  it('HTTP 404: with -f exit 22 and no file; without -f the error page is saved and curl succeeds', async () => {
    const failed = await sh(`curl -fsSL -o /tmp/missing.yml ${MISSING}`);
    assert.deepEqual([failed.code, failed.stderr], [22, 'curl: (22) The requested URL returned error: 404\n']);
    assert.equal(node.fs.stat('/tmp/missing.yml'), undefined);
    const saved = await sh(`curl -sL -o /tmp/page.yml ${MISSING}`);
    assert.equal(saved.code, 0);
    assert.equal(node.fs.readText('/tmp/page.yml'), 'Not Found');
  });

  it('cannot write where core may not (exit 23); the last URL decides the exit status', async () => {
    const denied = await sh(`curl -fsS -o /opt/cli.tgz ${CLI}`);
    assert.equal(denied.code, 23);
    assert.match(denied.stderr, /^curl: \(23\) Failure writing output to destination/);
    const lastOk = await sh(`curl -fsS -o /tmp/a ${MISSING} -o /tmp/b ${FLANNEL}`);
    assert.equal(lastOk.code, 0);
    assert.match(lastOk.stderr, /returned error: 404/);
    const lastBad = await sh(`curl -fsS -o /tmp/b ${FLANNEL} -o /tmp/a ${MISSING}`);
    assert.equal(lastBad.code, 22);
  });

  it('refuses unknown options and a missing URL with exit 2', async () => {
    const bad = await sh(`curl --frobnicate ${FLANNEL}`);
    assert.deepEqual([bad.code, bad.stderr.split('\n')[0]], [2, 'curl: option --frobnicate: is unknown']);
    assert.equal((await sh('curl -fsSL')).code, 2);
  });

  it('cd fails like bash for a missing directory, a file, or a directory core may not enter', async () => {
    assert.deepEqual(await sh('cd /nope && echo no'), { code: 1, stdout: '', stderr: 'bash: line 1: cd: /nope: No such file or directory\n' });
    assert.equal((await sh('cd /etc/hostname')).stderr, 'bash: line 1: cd: /etc/hostname: Not a directory\n');
    node.fs.mkdirp('/root', 'root', 0o700);
    assert.equal((await sh('cd /root')).stderr, 'bash: line 1: cd: /root: Permission denied\n');
    assert.equal((await sh('sudo cd /root')).stderr, 'sudo: cd: command not found\n');
  });
});
