// Simulated GNU tar (extracting release tarballs, from files and from curl through a pipe)
// and sha256sum (printing and --check), with coreutils' and tar's messages and exit codes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { cniInternet, directory, run, simNode } from '@flatkube/sandbox/testing';
import { ciliumCliBinary, ciliumCliTarball } from '@flatkube/sandbox/testing';
import { packTar } from '@flatkube/sandbox/testing';
import { CNI_VERSIONS } from '../../../electron/services/cluster/render/cni';

const RELEASE = `https://github.com/cilium/cilium-cli/releases/download/${CNI_VERSIONS.ciliumCli}`;
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

describe('simulated tar', () => {
  const node = simNode({ name: 'n', ip: '10.0.1.4' });
  const dir = directory([node], cniInternet());
  const sh = (line: string, stdin?: string) => run(node, dir, line, stdin);
  node.fs.writeFile('/tmp/cli.tgz', ciliumCliTarball(CNI_VERSIONS.ciliumCli, 'amd64'), { owner: 'core' });

  it('curl | sudo tar -xz -C /opt/bin cilium installs the binary, root-owned and executable', async () => {
    const r = await sh(`sudo mkdir -p /opt/bin && curl -fsSL ${RELEASE}/cilium-linux-amd64.tar.gz | sudo tar -xz -C /opt/bin cilium`);
    assert.equal(r.code, 0, r.stderr);
    const f = node.fs.stat('/opt/bin/cilium');
    assert.ok(f?.type === 'file');
    assert.deepEqual([f.owner, f.mode.toString(8)], ['root', '755']);
    assert.ok(f.data.equals(ciliumCliBinary(CNI_VERSIONS.ciliumCli, 'amd64')));
  });

  it('without sudo, /opt/bin is not writable: tar reports it and exits 2', async () => {
    const r = await sh('tar -xzf /tmp/cli.tgz -C /opt/bin cilium');
    assert.deepEqual([r.code, r.stderr], [2, 'tar: cilium: Cannot open: Permission denied\ntar: Exiting with failure status due to previous errors\n']);
  });

  it('lists (-t, -tv) and extracts with old-style bundled options (tar xzvfC FILE DIR)', async () => {
    assert.equal((await sh('tar -tzf /tmp/cli.tgz')).stdout, 'cilium\n');
    assert.match((await sh('tar -tvzf /tmp/cli.tgz')).stdout, /^-rwxr-xr-x root\/root +\d+ 2025-09-\d\d \d\d:\d\d cilium\n$/);
    const r = await sh('mkdir /tmp/x && tar xzvfC /tmp/cli.tgz /tmp/x');
    assert.deepEqual([r.code, r.stdout], [0, 'cilium\n']);
    const f = node.fs.stat('/tmp/x/cilium');
    assert.ok(f?.type === 'file' && f.owner === 'core' && f.mode === 0o755);
  });

  it("fails like GNU tar: missing member, missing archive or directory, compressed stdin without -z, not gzip", async () => {
    assert.deepEqual(await sh('tar -xzf /tmp/cli.tgz -C /tmp nope'), { code: 2, stdout: '', stderr: 'tar: nope: Not found in archive\ntar: Exiting with failure status due to previous errors\n' });
    assert.equal((await sh('tar -xzf /tmp/none.tgz')).stderr, 'tar: /tmp/none.tgz: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\n');
    assert.equal((await sh('tar -xzf /tmp/cli.tgz -C /tmp/nodir')).stderr, 'tar: /tmp/nodir: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\n');
    const piped = await sh(`curl -fsSL ${RELEASE}/cilium-linux-amd64.tar.gz | tar -x -C /tmp`);
    assert.deepEqual([piped.code, piped.stderr], [2, 'tar: Archive is compressed. Use -z option\ntar: Error is not recoverable: exiting now\n']);
    const notGzip = await sh('tar -xz -C /tmp', 'plain text, not an archive\n');
    assert.deepEqual([notGzip.code, notGzip.stderr], [2, 'gzip: stdin: not in gzip format\ntar: Child returned status 1\ntar: Error is not recoverable: exiting now\n']);
    node.fs.writeFile('/tmp/cut.tgz', ciliumCliTarball(CNI_VERSIONS.ciliumCli, 'amd64').subarray(0, 60), { owner: 'core' });
    assert.match((await sh('tar -xzf /tmp/cut.tgz -C /tmp')).stderr, /^gzip: stdin: unexpected end of file\n/);
    assert.equal((await sh('tar -f /tmp/cli.tgz')).code, 2);
  });

  it('refuses members that climb out of the target directory', async () => {
    const evil = gzipSync(packTar([{ name: '../escape', type: 'file', mode: 0o644, mtime: 0, uname: 'root', gname: 'root', data: Buffer.from('x') }]));
    node.fs.writeFile('/tmp/evil.tgz', evil, { owner: 'core' });
    const r = await sh('mkdir -p /tmp/in && tar -xzf /tmp/evil.tgz -C /tmp/in');
    assert.equal(r.code, 2);
    assert.equal(node.fs.stat('/tmp/escape'), undefined);
  });
});

describe('simulated sha256sum', () => {
  const node = simNode({ name: 'n', ip: '10.0.1.4' });
  const dir = directory([node], cniInternet());
  const sh = (line: string, stdin?: string) => run(node, dir, line, stdin);

  it('prints sums of files and stdin', async () => {
    node.fs.writeFile('/tmp/a', 'hello\n', { owner: 'core' });
    assert.equal((await sh('sha256sum /tmp/a')).stdout, `${sha256('hello\n')}  /tmp/a\n`);
    assert.equal((await sh('sha256sum', 'hello\n')).stdout, `${sha256('hello\n')}  -\n`);
    assert.equal((await sh('sha256sum -b /tmp/a')).stdout, `${sha256('hello\n')} */tmp/a\n`);
    assert.deepEqual(await sh('sha256sum /tmp/none'), { code: 1, stdout: '', stderr: 'sha256sum: /tmp/none: No such file or directory\n' });
  });

  it('--check of a downloaded release: OK, relative to the current directory', async () => {
    const r = await sh(`mkdir /tmp/rel && cd /tmp/rel && curl -fsSL -O ${RELEASE}/cilium-linux-arm64.tar.gz -O ${RELEASE}/cilium-linux-arm64.tar.gz.sha256sum && sha256sum --check cilium-linux-arm64.tar.gz.sha256sum`);
    assert.deepEqual(r, { code: 0, stdout: 'cilium-linux-arm64.tar.gz: OK\n', stderr: '' });
    assert.equal((await sh('cd /tmp/rel && sha256sum -c --quiet cilium-linux-arm64.tar.gz.sha256sum')).stdout, '');
  });

  it('--check: a changed file FAILS (exit 1) with the warning; a missing one cannot be read', async () => {
    node.fs.writeFile('/tmp/b', 'changed\n', { owner: 'core' });
    node.fs.writeFile('/tmp/sums', `${sha256('original\n')}  /tmp/b\n${sha256('x')}  /tmp/gone\n`, { owner: 'core' });
    const r = await sh('sha256sum --check /tmp/sums');
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '/tmp/b: FAILED\n/tmp/gone: FAILED open or read\n');
    assert.equal(r.stderr, 'sha256sum: /tmp/gone: No such file or directory\nsha256sum: WARNING: 1 listed file could not be read\nsha256sum: WARNING: 1 computed checksum did NOT match\n');
    const status = await sh('sha256sum --check --status --ignore-missing /tmp/sums');
    assert.deepEqual(status, { code: 1, stdout: '', stderr: '' });
    node.fs.writeFile('/tmp/junk', 'not a checksum line\n', { owner: 'core' });
    assert.deepEqual(await sh('sha256sum -c /tmp/junk'), { code: 1, stdout: '', stderr: 'sha256sum: /tmp/junk: no properly formatted checksum lines found\n' });
    assert.equal((await sh('sha256sum --quiet /tmp/a')).code, 1);
  });
});
