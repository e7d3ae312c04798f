import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConnectSshOptions, SshConnection } from '../../../electron/services/ssh/connection';
import { HostKeyMismatchError, SshConnectError } from '../../../electron/services/ssh/errors';
import { waitForSsh } from '../../../electron/services/ssh/wait-for-ssh';
import { FakeConnection } from './fake-connection';

const endpoint = { host: '10.0.0.4', port: 22, username: 'core', privateKey: 'k', expectedHostKey: 'h' };

describe('waitForSsh', () => {
  it('retries refused, timed-out and rejected-auth attempts until the node answers', async () => {
    const errors = [
      new SshConnectError('refused', { kind: 'network' }),
      new SshConnectError('slow', { kind: 'timeout' }),
      new SshConnectError('auth', { kind: 'auth' }),
    ];
    const conn = new FakeConnection(1);
    const seen: Array<number> = [];
    const calls: ConnectSshOptions[] = [];
    const result = await waitForSsh(endpoint, {
      intervalMs: 1,
      attemptTimeoutMs: 1234,
      onAttempt: ({ attempt }) => seen.push(attempt),
      connect: async (o) => {
        calls.push(o);
        const e = errors.shift();
        if (e) throw e;
        return conn.asConnection();
      },
    });
    assert.equal(result, conn.asConnection());
    assert.deepEqual(seen, [1, 2, 3, 4]);
    assert.equal(calls[0]?.readyTimeout, 1234);
    assert.equal(calls[0]?.expectedHostKey, 'h');
  });

  it('fails at once on a host key mismatch', async () => {
    let calls = 0;
    const mismatch = new HostKeyMismatchError('10.0.0.4', 22, 'SHA256:a', 'SHA256:b');
    await assert.rejects(
      waitForSsh(endpoint, {
        intervalMs: 1,
        connect: async () => {
          calls++;
          throw mismatch;
        },
      }),
      (e: unknown) => e === mismatch,
    );
    assert.equal(calls, 1);
  });

  it('times out with the last error in the message', async () => {
    let clock = 0;
    const err = await waitForSsh(endpoint, {
      intervalMs: 1,
      timeoutMs: 2500,
      now: () => (clock += 1000) - 1000,
      connect: async (): Promise<SshConnection> => {
        throw new SshConnectError('connect ECONNREFUSED', { kind: 'network' });
      },
    }).catch((e: unknown) => e);
    assert.ok(err instanceof SshConnectError);
    assert.equal(err.kind, 'timeout');
    assert.match(err.message, /did not become ready within 3 s/);
    assert.match(err.message, /last error: connect ECONNREFUSED/);
  });

  it('stops polling when aborted', async () => {
    const ac = new AbortController();
    let calls = 0;
    const p = waitForSsh(endpoint, {
      intervalMs: 10_000,
      signal: ac.signal,
      connect: async () => {
        calls++;
        throw new SshConnectError('refused', { kind: 'network' });
      },
    });
    setImmediate(() => ac.abort());
    await assert.rejects(p, { name: 'AbortError' });
    assert.equal(calls, 1);
  });
});
