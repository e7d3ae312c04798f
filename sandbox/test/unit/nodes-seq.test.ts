import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CommandContext } from '../../src/nodes/command-types';
import { seq } from '../../src/nodes/commands/seq';

/** Runs `seq ARGS` with captured output; `abortAfterChunks` closes the "channel" after N writes. */
async function run(args: string[], abortAfterChunks?: number): Promise<{ code: number; out: string; err: string; writes: number }> {
  let out = '';
  let err = '';
  let writes = 0;
  const ac = new AbortController();
  const ctx = {
    io: {
      stdout: (s: string) => {
        out += s;
        writes++;
        if (abortAfterChunks !== undefined && writes >= abortAfterChunks) ac.abort();
      },
      stderr: (s: string) => {
        err += s;
      },
      readStdin: () => Promise.resolve(''),
      signal: ac.signal,
    },
  } as unknown as CommandContext;
  const code = await seq(args, ctx);
  return { code, out, err, writes };
}

describe('seq on simulated nodes (GNU coreutils behaviour)', () => {
  it('LAST, FIRST LAST, FIRST INCREMENT LAST', async () => {
    assert.deepEqual(await run(['3']), { code: 0, out: '1\n2\n3\n', err: '', writes: 1 });
    assert.equal((await run(['2', '4'])).out, '2\n3\n4\n');
    assert.equal((await run(['1', '3', '10'])).out, '1\n4\n7\n10\n');
    assert.equal((await run(['5', '-2', '0'])).out, '5\n3\n1\n');
    assert.equal((await run(['-3', '-1'])).out, '-3\n-2\n-1\n');
  });

  it('prints nothing (and succeeds) for an empty range', async () => {
    assert.deepEqual(await run(['5', '1']), { code: 0, out: '', err: '', writes: 0 });
    assert.deepEqual(await run(['0']), { code: 0, out: '', err: '', writes: 0 });
  });

  it('decimals: precision of FIRST and INCREMENT, exact end points', async () => {
    assert.equal((await run(['1', '0.5', '3'])).out, '1.0\n1.5\n2.0\n2.5\n3.0\n');
    assert.equal((await run(['0', '0.1', '0.3'])).out, '0.0\n0.1\n0.2\n0.3\n');
    assert.equal((await run(['1', '2.5'])).out, '1\n2\n');
    assert.equal((await run(['0.1', '1'])).out, '0.1\n');
    assert.equal((await run(['1e2', '1', '102'])).out, '100\n101\n102\n');
  });

  it('-s, -w, -f', async () => {
    assert.equal((await run(['-s', ',', '3'])).out, '1,2,3\n');
    assert.equal((await run(['-s:', '1', '3'])).out, '1:2:3\n');
    assert.equal((await run(['--separator=, ', '2'])).out, '1, 2\n');
    assert.equal((await run(['-w', '8', '10'])).out, '08\n09\n10\n');
    assert.equal((await run(['-w', '-1', '1'])).out, '-1\n00\n01\n');
    assert.equal((await run(['-f', '%.2f', '1', '2'])).out, '1.00\n2.00\n');
    assert.equal((await run(['-f', 'n%03g%%', '1', '3'])).out, 'n001%\nn002%\nn003%\n');
    assert.equal((await run(['-f', '%e', '1', '1'])).out, '1.000000e+00\n');
    assert.equal((await run(['-f', '%g', '0.5', '0.5', '1'])).out, '0.5\n1\n');
  });

  it('errors as GNU words them', async () => {
    assert.deepEqual(await run([]), { code: 1, out: '', err: "seq: missing operand\nTry 'seq --help' for more information.\n", writes: 0 });
    assert.match((await run(['1', '2', '3', '4'])).err, /^seq: extra operand '4'\n/);
    assert.match((await run(['x'])).err, /^seq: invalid floating point argument: 'x'\n/);
    assert.match((await run(['1', '0', '3'])).err, /^seq: invalid Zero increment value: '0'\n/);
    assert.match((await run(['nan'])).err, /^seq: invalid 'not-a-number' argument: 'nan'\n/);
    assert.match((await run(['-q', '3'])).err, /^seq: invalid option -- 'q'\n/);
    assert.match((await run(['-w', '-f', '%g', '3'])).err, /^seq: format string may not be specified when printing equal width strings\n/);
    assert.match((await run(['-f', '%d', '3'])).err, /^seq: format '%d' has unknown %d directive\n/);
    assert.match((await run(['-f', 'x', '3'])).err, /^seq: format 'x' has no % directive\n/);
  });

  it('streams large ranges in chunks, every line once, in order', async () => {
    const r = await run(['1', '200000']);
    assert.equal(r.code, 0);
    assert.ok(r.writes > 10, `expected many chunks, got ${r.writes}`);
    const lines = r.out.split('\n');
    assert.equal(lines.length, 200_001);
    assert.equal(lines[0], '1');
    assert.equal(lines[199_999], '200000');
    assert.equal(lines[200_000], '');
    assert.ok(lines.slice(0, -1).every((l, i) => l === String(i + 1)));
  });

  it('stops when the channel closes (reader gone), like SIGPIPE', async () => {
    const r = await run(['1', 'inf'], 3);
    assert.equal(r.code, 141);
    assert.equal(r.writes, 3);
  });
});
