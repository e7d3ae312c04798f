import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConnectSshOptions, SshConnection } from '../../../electron/services/ssh/connection';
import {
  HostKeyMismatchError,
  ReconnectFailedError,
  SessionDroppedError,
  SshConnectError,
} from '../../../electron/services/ssh/errors';
import { ResilientSshSession } from '../../../electron/services/ssh/resilient-session';
import { FakeConnection, ok } from './fake-connection';

const endpoint = {
  host: '127.0.0.1',
  port: 22,
  username: 'core',
  privateKey: 'unused',
  expectedHostKey: 'unused',
};

/** connect() that hands out scripted results in order: a FakeConnection or an error. */
function scriptedConnect(script: Array<FakeConnection | Error>) {
  const calls: ConnectSshOptions[] = [];
  const connect = async (opts: ConnectSshOptions): Promise<SshConnection> => {
    calls.push(opts);
    const next = script.shift();
    if (!next) throw new SshConnectError('refused', { kind: 'network' });
    if (next instanceof Error) throw next;
    return next.asConnection();
  };
  return { connect, calls };
}

function once<T>(session: ResilientSshSession, event: 'connected' | 'failed' | 'closed'): Promise<T> {
  return new Promise((resolve) => session.once(event, ((v: T) => resolve(v)) as never));
}

describe('ResilientSshSession', () => {
  it('reconnects after a drop with growing delays and reports each attempt', async () => {
    const first = new FakeConnection(1);
    const second = new FakeConnection(2);
    const refused = new SshConnectError('refused', { kind: 'network' });
    const { connect, calls } = scriptedConnect([first, refused, refused, second]);
    const session = await ResilientSshSession.open({
      ...endpoint,
      connect,
      keepaliveInterval: 1234,
      baseDelayMs: 4,
      maxDelayMs: 100,
      random: () => 1,
    });
    const attempts: Array<{ attempt: number; delayMs: number }> = [];
    session.on('reconnecting', ({ attempt, delayMs }) => attempts.push({ attempt, delayMs }));
    const connected = once(session, 'connected');
    first.drop(new Error('ECONNRESET'));
    assert.equal(session.state, 'reconnecting');
    await connected;
    assert.equal(session.state, 'connected');
    assert.deepEqual(attempts, [
      { attempt: 1, delayMs: 4 },
      { attempt: 2, delayMs: 8 },
      { attempt: 3, delayMs: 16 },
    ]);
    assert.equal(calls.length, 4);
    // Keepalive stays on for every reconnect.
    assert.deepEqual(calls.map((c) => c.keepaliveInterval), [1234, 1234, 1234, 1234]);
    assert.deepEqual((await session.exec('echo hi')).stdout, 'echo hi');
    assert.deepEqual(second.execs, ['echo hi']);
    session.close();
  });

  it('gives up after maxAttempts and rejects waiting commands with ReconnectFailedError', async () => {
    const first = new FakeConnection(1);
    const { connect, calls } = scriptedConnect([first]);
    const session = await ResilientSshSession.open({ ...endpoint, connect, baseDelayMs: 1, maxDelayMs: 2, maxAttempts: 3 });
    const failed = once<Error>(session, 'failed');
    first.drop();
    const waiting = session.exec('echo later');
    const err = await failed;
    assert.ok(err instanceof ReconnectFailedError);
    assert.equal(err.attempts, 3);
    assert.equal(calls.length, 1 + 3);
    await assert.rejects(waiting, ReconnectFailedError);
    await assert.rejects(session.exec('again'), ReconnectFailedError);
    assert.equal(session.state, 'failed');
  });

  it('stops at once when the host key changed during a reconnect', async () => {
    const first = new FakeConnection(1);
    const mismatch = new HostKeyMismatchError('h', 22, 'SHA256:a', 'SHA256:b');
    const { connect, calls } = scriptedConnect([first, mismatch, new FakeConnection(9)]);
    const session = await ResilientSshSession.open({ ...endpoint, connect, baseDelayMs: 1, maxDelayMs: 2, maxAttempts: 5 });
    const failed = once<Error>(session, 'failed');
    first.drop();
    assert.equal(await failed, mismatch);
    assert.equal(calls.length, 2, 'no further attempts after a mismatch');
  });

  it('rejects a command interrupted by a drop with its output, unless it opted in to retry', async () => {
    const first = new FakeConnection(1, async (cmd) => {
      throw new SessionDroppedError(cmd, { stdout: 'partial\n', stderr: '' });
    });
    const second = new FakeConnection(2, async () => ok('second run'));
    const { connect } = scriptedConnect([first, second]);
    const session = await ResilientSshSession.open({ ...endpoint, connect, baseDelayMs: 1, maxDelayMs: 2 });

    const err = await session.exec('kubeadm init').catch((e: unknown) => e);
    assert.ok(err instanceof SessionDroppedError);
    assert.equal(err.output.stdout, 'partial\n');
    assert.deepEqual(second.execs, [], 'not re-run without retryOnDrop');

    const res = await session.exec('cat /etc/os-release', { retryOnDrop: true });
    assert.equal(res.stdout, 'second run');
    assert.deepEqual(second.execs, ['cat /etc/os-release']);
    session.close();
  });

  it('always re-sends a command that never started (channel could not open)', async () => {
    const first = new FakeConnection(1, async (cmd) => {
      throw new SessionDroppedError(cmd, { stdout: '', stderr: '' }, { commandStarted: false });
    });
    const second = new FakeConnection(2);
    const { connect } = scriptedConnect([first, second]);
    const session = await ResilientSshSession.open({ ...endpoint, connect, baseDelayMs: 1, maxDelayMs: 2 });
    assert.equal((await session.exec('uptime')).stdout, 'uptime');
    assert.deepEqual(second.execs, ['uptime']);
    session.close();
  });

  it('close() stops reconnecting and rejects waiters; abort cancels a waiting exec', async () => {
    const first = new FakeConnection(1);
    const { connect, calls } = scriptedConnect([first]);
    const session = await ResilientSshSession.open({ ...endpoint, connect, baseDelayMs: 50, maxDelayMs: 50 });
    first.drop();
    const ac = new AbortController();
    const aborted = session.exec('a', { signal: ac.signal });
    const waiting = session.exec('b');
    ac.abort();
    await assert.rejects(aborted, { name: 'AbortError' });
    session.close();
    await assert.rejects(waiting, /closed/);
    assert.equal(session.state, 'closed');
    assert.equal(calls.length, 1, 'no connect after close');
  });

  it('passes the non-retryable errors of a live connection straight through', async () => {
    const first = new FakeConnection(1, async () => {
      throw new Error('Channel open failure');
    });
    const { connect } = scriptedConnect([first]);
    const session = await ResilientSshSession.open({ ...endpoint, connect });
    await assert.rejects(session.exec('x', { retryOnDrop: true }), /Channel open failure/);
    assert.equal(first.execs.length, 1);
    session.close();
  });
});
