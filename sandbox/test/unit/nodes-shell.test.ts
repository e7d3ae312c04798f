import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommandLine, ShellSyntaxError } from '../../src/nodes/shell';

describe('node shell parser', () => {
  it('splits && / || / ; chains and pipes, keeping quotes', () => {
    const items = parseCommandLine(`sudo mkdir -p /etc/kubeadm && echo 'a b' | sudo tee "/etc/x y" || true; hostname`);
    assert.deepEqual(items.map((i) => i.op), [';', '&&', '||', ';']);
    assert.deepEqual(items[1]?.pipeline.map((c) => c.argv), [['echo', 'a b'], ['sudo', 'tee', '/etc/x y']]);
  });

  it('reads env assignments and redirections', () => {
    const [item] = parseCommandLine('KUBECONFIG=/etc/kubernetes/admin.conf kubectl get nodes 2>&1 >/dev/null');
    const cmd = item?.pipeline[0];
    assert.deepEqual(cmd?.env, { KUBECONFIG: '/etc/kubernetes/admin.conf' });
    assert.deepEqual(cmd?.argv, ['kubectl', 'get', 'nodes']);
    assert.deepEqual(cmd?.redirects, [
      { fd: 2, target: '&1', append: false },
      { fd: 1, target: '/dev/null', append: false },
    ]);
  });

  it('expands ~ and $HOME, and rejects unterminated quotes', () => {
    assert.deepEqual(parseCommandLine('mkdir -p ~/.kube $HOME/x')[0]?.pipeline[0]?.argv, ['mkdir', '-p', '/home/core/.kube', '/home/core/x']);
    assert.throws(() => parseCommandLine("echo 'oops"), ShellSyntaxError);
  });
});
