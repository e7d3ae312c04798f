import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { connectSsh, type SshConnection } from '../../../electron/services/ssh/connection';
import { HostKeyMismatchError, SessionDroppedError, SshConnectError } from '../../../electron/services/ssh/errors';
import { generateEd25519KeyPair } from '../../../electron/services/ssh/keys';
import { ResilientSshSession } from '../../../electron/services/ssh/resilient-session';
import { waitForSsh } from '../../../electron/services/ssh/wait-for-ssh';
import { linuxOnly } from '../../helpers/platform';
import { startSshd, type SshdFixture } from './sshd-fixture';

function sudoAvailable(): boolean {
  try {
    execFileSync('which', ['sudo'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('SSH client against a real OpenSSH server', { skip: linuxOnly('a real sshd, whose processes the fixture finds in /proc') }, () => {
  let sshd: SshdFixture;
  let conn: SshConnection;
  const endpoint = () => ({
    host: sshd.host,
    port: sshd.port,
    username: sshd.username,
    privateKey: sshd.clientKey.privateKey,
    expectedHostKey: sshd.hostKey.publicKey,
  });

  before(async () => {
    sshd = await startSshd();
    conn = await connectSsh({ ...endpoint(), readyTimeout: 5000 });
  });

  after(async () => {
    conn?.close();
    await sshd?.dispose();
  });

  it('streams stdout and stderr lines in order while the command runs', async () => {
    const events: string[] = [];
    // The command cannot finish until the test has seen its first line and created the gate
    // file (sshd runs on this machine): proves lines are delivered live, not at the end.
    const gate = path.join(sshd.dir, `gate-${Date.now()}`);
    const cmd =
      `for i in 1 2 3; do echo out$i; echo err$i >&2; ` +
      `while [ ! -e ${gate} ]; do sleep 0.05; done; sleep 0.1; done; printf tail`;
    const res = await conn.exec(cmd, {
      onStdout: (l) => {
        events.push(`out:${l}`);
        if (l === 'out1') writeFileSync(gate, '');
      },
      onStderr: (l) => events.push(`err:${l}`),
    });
    assert.equal(res.code, 0);
    assert.deepEqual(
      events.filter((e) => e.startsWith('out:')),
      ['out:out1', 'out:out2', 'out:out3', 'out:tail'],
    );
    assert.deepEqual(
      events.filter((e) => e.startsWith('err:')),
      ['err:err1', 'err:err2', 'err:err3'],
    );
    // Line i of both streams arrives before line i+1 (a pause separates the iterations).
    assert.ok(events.indexOf('err:err2') < events.indexOf('out:out3'));
    assert.equal(res.stdout, 'out1\nout2\nout3\ntail');
    assert.equal(res.stderr, 'err1\nerr2\nerr3\n');
  });

  it('delivers a line before the command has finished (live, not buffered)', async () => {
    // The command blocks until we see its first line and then abort: proves streaming.
    const ac = new AbortController();
    const lines: string[] = [];
    const run = conn.exec('echo started; sleep 20; echo never', {
      signal: ac.signal,
      onStdout: (l) => {
        lines.push(l);
        ac.abort();
      },
    });
    await assert.rejects(run, { name: 'AbortError' });
    assert.deepEqual(lines, ['started']);
  });

  it('reports exit codes and CRLF/partial lines correctly', async () => {
    const lines: string[] = [];
    const res = await conn.exec("printf 'a\\r\\nb\\nc'; exit 3", { onStdout: (l) => lines.push(l) });
    assert.equal(res.code, 3);
    assert.equal(res.signal, null);
    assert.deepEqual(lines, ['a', 'b', 'c']);
  });

  it('pipes stdin from a string and from a stream', async () => {
    const a = await conn.exec('wc -l; cat >/dev/null', { stdin: 'x\ny\nz\n' });
    assert.equal(a.stdout.trim(), '3');
    const b = await conn.exec('tr a-z A-Z', { stdin: Readable.from([Buffer.from('hello '), Buffer.from('world')]) });
    assert.equal(b.stdout, 'HELLO WORLD');
    // Without stdin the command sees EOF instead of hanging.
    const c = await conn.exec('cat; echo eof');
    assert.equal(c.stdout, 'eof\n');
  });

  it('runs a whole command line under sudo -n with quoting intact', async () => {
    assert.ok(sudoAvailable(), 'sudo is required for this test: apt-get install -y sudo');
    const res = await conn.exec(`echo "user=$SUDO_USER" 'it'"'"'s' | tr a-z A-Z`, { sudo: true });
    assert.equal(res.code, 0, res.stderr);
    // SUDO_USER is only set when the command really ran through sudo; the pipe ran inside it.
    assert.equal(res.stdout, `USER=${sshd.username.toUpperCase()} IT'S\n`);
  });

  it('cancels a running command with an AbortSignal: TERM is sent, connection stays usable', async () => {
    const marker = `29.${process.pid}`; // unique sleep argument to find the remote process
    const ac = new AbortController();
    const running = conn.exec(`echo go; exec sleep ${marker}`, { signal: ac.signal, onStdout: () => ac.abort() });
    await assert.rejects(running, { name: 'AbortError' });
    const next = await conn.exec('echo still-here');
    assert.equal(next.stdout, 'still-here\n');
    // sshd received the "signal" request (even though stdin was already at EOF).
    assert.match(sshd.log(), /session_input_channel_req: session \d+ req signal/);
    if (sshd.username !== 'root') {
      // OpenSSH acts on it only with privilege separation, which it turns off for root logins
      // ("session signalling requires privilege separation"); Flatcar's `core` user gets it.
      let alive = true;
      for (let i = 0; i < 100 && alive; i++) {
        // "slee[p]" keeps the probing shell's own command line from matching.
        alive = (await conn.exec(`pgrep -f "slee[p] ${marker}" >/dev/null`)).code === 0;
        if (alive) await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(alive, false, 'remote command should have been terminated');
    }
    await conn.exec(`pkill -f "slee[p] ${marker}"`);
  });

  it('refuses a server whose host key differs, naming both fingerprints', async () => {
    const other = generateEd25519KeyPair('someone-else');
    const err = await connectSsh({ ...endpoint(), expectedHostKey: other.publicKey, readyTimeout: 5000 }).then(
      () => assert.fail('must not connect'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof HostKeyMismatchError, String(err));
    assert.match(err.message, new RegExp(escape(other.fingerprint)));
    assert.match(err.message, new RegExp(escape(sshd.hostKey.fingerprint)));
    assert.equal(err.expectedFingerprint, other.fingerprint);
    assert.equal(err.presentedFingerprint, sshd.hostKey.fingerprint);
    // Refused every time: no trust on first use.
    await assert.rejects(connectSsh({ ...endpoint(), expectedHostKey: other.publicKey }), HostKeyMismatchError);
  });

  it('fails authentication clearly with a key the server does not know', async () => {
    const stranger = generateEd25519KeyPair('stranger');
    const err = await connectSsh({ ...endpoint(), privateKey: stranger.privateKey }).catch((e: unknown) => e);
    assert.ok(err instanceof SshConnectError);
    assert.equal(err.kind, 'auth');
  });

  it('waitForSsh returns a verified connection, and can be aborted while polling', async () => {
    const c = await waitForSsh(endpoint(), { intervalMs: 50, timeoutMs: 5000 });
    assert.equal((await c.exec('echo ok')).stdout, 'ok\n');
    c.close();

    // A port nobody listens on: keeps polling until aborted.
    const ac = new AbortController();
    let attempts = 0;
    const waiting = waitForSsh(
      { ...endpoint(), port: 1 },
      {
        intervalMs: 20,
        timeoutMs: 60_000,
        signal: ac.signal,
        onAttempt: ({ attempt }) => {
          attempts = attempt;
          if (attempt === 3) ac.abort();
        },
      },
    );
    await assert.rejects(waiting, { name: 'AbortError' });
    assert.equal(attempts, 3);
  });

  it('ResilientSshSession: a drop mid-exec rejects with the output so far, then reconnects', async () => {
    const session = await ResilientSshSession.open({ ...endpoint(), baseDelayMs: 20, maxDelayMs: 100, maxAttempts: 20 });
    try {
      const reconnecting: number[] = [];
      session.on('reconnecting', ({ attempt }) => reconnecting.push(attempt));
      const connected = new Promise<void>((r) => session.once('connected', () => r()));

      const running = session.exec('echo before-drop; sleep 30', {
        onStdout: (l) => {
          if (l === 'before-drop') sshd.dropConnections();
        },
      });
      const err = await running.catch((e: unknown) => e);
      assert.ok(err instanceof SessionDroppedError, String(err));
      assert.equal(err.output.stdout, 'before-drop\n');
      assert.equal(err.commandStarted, true);

      await connected;
      assert.ok(reconnecting.length >= 1);
      assert.equal((await session.exec('echo after')).stdout, 'after\n');
    } finally {
      session.close();
    }
  });

  it('ResilientSshSession: survives a server restart and retries an idempotent command', async () => {
    const session = await ResilientSshSession.open({ ...endpoint(), baseDelayMs: 30, maxDelayMs: 200, maxAttempts: 30 });
    try {
      const attempts: number[] = [];
      session.on('reconnecting', ({ attempt }) => {
        attempts.push(attempt);
        // Bring the server back only after a couple of refused attempts.
        if (attempt === 3) void sshd.start();
      });
      let runs = 0;
      const result = session.exec('echo run; sleep 1; echo done', {
        retryOnDrop: true,
        onStdout: (l) => {
          if (l === 'run' && ++runs === 1) void sshd.stop();
        },
      });
      const res = await result;
      assert.equal(res.code, 0);
      assert.equal(res.stdout, 'run\ndone\n');
      assert.equal(runs, 2, 'the command ran again after the reconnect');
      assert.ok(attempts.length >= 3, `reconnect attempts: ${attempts.join(',')}`);
    } finally {
      session.close();
    }
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
