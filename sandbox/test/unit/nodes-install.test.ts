// Simulated coreutils `install`, which the join step uses to create join.yaml as 0600 before the
// bootstrap token goes into it through stdin (tee keeps the mode of the file it truncates).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cniInternet, directory, run, simNode } from '../../src/testing/sim-node-fixture';

describe('simulated install', () => {
  const node = simNode({ name: 'n', ip: '10.0.1.4' });
  const dir = directory([node], cniInternet());
  const sh = (line: string, stdin = '') => run(node, dir, line, stdin);

  it('install -m 0600 /dev/null FILE, then tee: root-only file with the content; core cannot read it', async () => {
    assert.equal((await sh('sudo mkdir -p /etc/kubeadm')).code, 0);
    const made = await sh('sudo install -m 0600 /dev/null /etc/kubeadm/join.yaml');
    assert.equal(made.code, 0, made.stderr);
    const w = await sh('sudo tee /etc/kubeadm/join.yaml > /dev/null', 'token: abcdef.0123456789abcdef\n');
    assert.equal(w.code, 0, w.stderr);
    const f = node.fs.stat('/etc/kubeadm/join.yaml');
    assert.ok(f?.type === 'file');
    assert.equal(f.mode, 0o600);
    assert.equal(f.owner, 'root');
    assert.equal(f.data.toString(), 'token: abcdef.0123456789abcdef\n');
    const peek = await sh('cat /etc/kubeadm/join.yaml');
    assert.notEqual(peek.code, 0, 'the core user cannot read the token');
    assert.match(peek.stderr, /Permission denied/);
  });

  it('refuses what coreutils refuses', async () => {
    assert.match((await sh('sudo install -m 9999 /dev/null /tmp/x')).stderr, /invalid mode/);
    assert.match((await sh('sudo install /dev/null')).stderr, /missing file operand/);
    assert.match((await sh('install -m 0600 /dev/null /etc/kubeadm/other')).stderr, /Permission denied/);
  });
});
