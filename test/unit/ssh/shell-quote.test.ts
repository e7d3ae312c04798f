import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { buildRemoteCommand, shellJoin, shellQuote } from '../../../electron/services/ssh/shell-quote';

/** Runs `sh -c 'printf "%s\n" <quoted args>'` locally to prove the shell sees the exact words. */
function roundTrip(args: string[]): string[] {
  const out = execFileSync('sh', ['-c', `printf '%s\\0' ${shellJoin(args)}`]);
  return out.toString('utf8').split('\0').slice(0, -1);
}

describe('shellQuote', () => {
  it('leaves safe words bare and quotes the rest', () => {
    assert.equal(shellQuote('kubeadm'), 'kubeadm');
    assert.equal(shellQuote('/etc/kubeadm/init.yaml'), '/etc/kubeadm/init.yaml');
    assert.equal(shellQuote(''), "''");
    assert.equal(shellQuote('a b'), "'a b'");
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
  });

  it('survives a real shell unchanged for hostile input', { skip: process.platform === 'win32' }, () => {
    const hostile = ["it's", '$(rm -rf /)', '`id`', 'a"b', 'semi;colon', 'new\nline', '*', '~', '$HOME', '\\', ''];
    assert.deepEqual(roundTrip(hostile), hostile);
  });
});

describe('buildRemoteCommand', () => {
  it('passes commands through without sudo', () => {
    assert.equal(buildRemoteCommand('echo hi | wc'), 'echo hi | wc');
  });

  it('runs the whole command line in a root shell with sudo -n', () => {
    assert.equal(buildRemoteCommand("echo 'x' > /etc/y", { sudo: true }), `sudo -n -- sh -c 'echo '\\''x'\\'' > /etc/y'`);
  });

  it('keeps the command intact through the extra shell level', { skip: process.platform === 'win32' }, () => {
    // Replace sudo with `env` locally: same argv shape, no privileges needed.
    const cmd = buildRemoteCommand(`printf '%s|' "a b" 'c'"'"'d' $((1+2))`, { sudo: true }).replace(/^sudo -n --/, 'env');
    assert.equal(execFileSync('sh', ['-c', cmd]).toString(), "a b|c'd|3|");
  });
});
