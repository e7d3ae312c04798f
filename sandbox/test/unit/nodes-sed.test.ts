// Simulated GNU sed: the s command with any delimiter and its flags, BRE/ERE, files, stdin,
// -n, -i, and sed's own error messages.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cniInternet, directory, run, simNode } from '../../src/testing/sim-node-fixture';
import { posixToJs } from '../../src/nodes/commands/posix-regex';

describe('simulated sed', () => {
  const node = simNode({ name: 'n', ip: '10.0.1.4' });
  const dir = directory([node], cniInternet());
  const sh = (line: string, stdin?: string) => run(node, dir, line, stdin);

  it("rewrites Flannel's network as the CNI plan does (s#...#...#, from stdin)", async () => {
    const input = '  net-conf.json: |\n    {\n      "Network": "10.244.0.0/16",\n      "EnableNFTables": false\n    }\n';
    const r = await sh(`sed 's#"Network": "10.244.0.0/16"#"Network": "10.32.0.0/16"#'`, input);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, input.replace('10.244.0.0/16', '10.32.0.0/16'));
  });

  it('replaces the first match per line, all with g, the Nth with a number', async () => {
    assert.equal((await sh("sed 's/a/X/'", 'aaa\nbab\n')).stdout, 'Xaa\nbXb\n');
    assert.equal((await sh("sed 's/a/X/g'", 'aaa\nbab\n')).stdout, 'XXX\nbXb\n');
    assert.equal((await sh("sed 's/a/X/2'", 'aaa\n')).stdout, 'aXa\n');
    assert.equal((await sh("sed 's/a/X/2g'", 'aaaa\n')).stdout, 'aXXX\n');
    assert.equal((await sh("sed 's/A/x/Ig'", 'aAa\n')).stdout, 'xxx\n');
  });

  it('BRE groups and & in the replacement, ERE with -E, escaped delimiters', async () => {
    assert.equal((await sh("sed 's/\\(v[0-9]*\\)\\.\\([0-9]*\\)/\\2.\\1 [&]/'", 'v1.27\n')).stdout, '27.v1 [v1.27]\n');
    assert.equal((await sh("sed -E 's/(a+)(b+)/\\2\\1/'", 'aabbb\n')).stdout, 'bbbaa\n');
    assert.equal((await sh("sed 's/a+b/X/'", 'a+b aab\n')).stdout, 'X aab\n');
    assert.equal((await sh("sed 's/\\/opt\\/bin/\\/usr\\/local\\/bin/'", 'PATH=/opt/bin\n')).stdout, 'PATH=/usr/local/bin\n');
    assert.equal((await sh("sed 's/[[:digit:]]\\{2\\}/NN/g'", 'a1b22c333\n')).stdout, 'a1bNNcNN3\n');
    assert.equal(posixToJs('^*a\\{1,2\\}[]x]', false), '^\\*a{1,2}[\\]x]');
  });

  it('several commands (; and -e), -n with p, and a missing final newline stays missing', async () => {
    assert.equal((await sh("sed 's/a/b/;s/b/c/'", 'a\n')).stdout, 'c\n');
    assert.equal((await sh("sed -e 's/a/b/' -e 's/x/y/'", 'ax\n')).stdout, 'by\n');
    assert.equal((await sh("sed -n 's/keep/KEPT/p'", 'drop\nkeep\n')).stdout, 'KEPT\n');
    assert.equal((await sh("sed 's/a/b/'", 'a\na')).stdout, 'b\nb');
  });

  it('reads files, edits in place (-i) only where allowed', async () => {
    node.fs.writeFile('/tmp/f.txt', 'hello world\n', { owner: 'core' });
    assert.equal((await sh("sed 's/world/there/' /tmp/f.txt")).stdout, 'hello there\n');
    const inPlace = await sh("sed -i.bak 's/world/there/' /tmp/f.txt");
    assert.equal(inPlace.code, 0, inPlace.stderr);
    assert.equal(node.fs.readText('/tmp/f.txt'), 'hello there\n');
    assert.equal(node.fs.readText('/tmp/f.txt.bak'), 'hello world\n');
    const denied = await sh("sed -i 's/a/b/' /etc/hostname");
    assert.deepEqual([denied.code, denied.stderr], [4, "sed: couldn't open temporary file /etc/sedAbC123: Permission denied\n"]);
    const missing = await sh("sed 's/a/b/' /tmp/none /tmp/f.txt");
    assert.deepEqual([missing.code, missing.stdout, missing.stderr], [2, 'hello there\n', "sed: can't read /tmp/none: No such file or directory\n"]);
  });

  it("gives sed's errors for broken scripts and refuses commands it does not simulate", async () => {
    assert.deepEqual(await sh("sed 's/a/b'", 'a\n'), { code: 1, stdout: '', stderr: "sed: -e expression #1, char 5: unterminated `s' command\n" });
    assert.equal((await sh("sed 's/a/b/q'", '')).stderr, "sed: -e expression #1, char 7: unknown option to `s'\n");
    assert.equal((await sh("sed 's/[ab/x/'", 'a\n')).stderr, 'sed: -e expression #1, char 8: Unmatched [, [^, [:, [., or [=\n');
    const other = await sh("sed '/x/d'", 'x\n');
    assert.equal(other.code, 1);
    assert.match(other.stderr, /only the s command is simulated on this node/);
  });
});
