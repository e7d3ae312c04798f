// Runs npm scripts side by side and fails if any of them fails: `npm test` type-checks, lints and
// builds this way, then runs the Node 24 and the Node 20 tests. tsc and eslint are single-threaded,
// so one after the other they leave a core of the 2-core CI machines idle for a minute; side by
// side they finish in the time of the slowest. The Node 24 tests wait on sandboxes, child
// processes and Chromium part of the time, which the Node 20 set (one file at a time) fills.
// Each line of output is prefixed with its script's name, so interleaved lines stay readable.
// Usage: node scripts/parallel.mjs script...
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const names = process.argv.slice(2);
if (names.length === 0) {
  console.error('usage: node scripts/parallel.mjs script...');
  process.exit(2);
}
const width = Math.max(...names.map((n) => n.length));

/** `npm run <name>` with the npm that runs this script when npm started it, else the npm on PATH. */
function npmRun(name) {
  const npmCli = process.env.npm_execpath;
  if (npmCli && /\.[cm]?js$/.test(npmCli)) return spawn(process.env.npm_node_execpath ?? process.execPath, [npmCli, 'run', '-s', name], { stdio: ['ignore', 'pipe', 'pipe'] });
  // Windows runs npm through its .cmd shim, which needs a shell.
  return spawn('npm', ['run', '-s', name], { stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
}

/**
 * What a failed script's report ends with: node:test's "failing tests" section (or test/run.mjs's
 * deadline message) to the end, at most MAX lines; without either, the last lines.
 */
class FailureTail {
  static MAX = 120;
  all = [];
  from = -1;
  add(line) {
    if (this.from < 0 && /^✖ failing tests:$|^test\/run\.mjs: the tests ran past/.test(line)) this.from = this.all.length;
    this.all.push(line);
    // Memory stays bounded: before a marker, only the last MAX lines can matter.
    if (this.from < 0 && this.all.length > 4 * FailureTail.MAX) this.all = this.all.slice(-FailureTail.MAX);
  }
  lines() {
    return this.from >= 0 ? this.all.slice(this.from, this.from + FailureTail.MAX) : this.all.slice(-40);
  }
}

const started = Date.now();
const results = await Promise.all(
  names.map(
    (name) =>
      new Promise((resolve) => {
        const child = npmRun(name);
        const prefix = `[${name.padEnd(width)}] `;
        const tail = new FailureTail();
        createInterface({ input: child.stdout }).on('line', (line) => {
          tail.add(line);
          process.stdout.write(`${prefix}${line}\n`);
        });
        createInterface({ input: child.stderr }).on('line', (line) => {
          tail.add(line);
          process.stderr.write(`${prefix}${line}\n`);
        });
        child.on('error', (err) => resolve({ name, code: 1, error: err.message, tail }));
        // 'close' waits for the output pipes, which a process the script left behind (and that
        // inherited them) can hold open for ever; so the script's exit counts, and its output gets
        // a few seconds more to drain.
        let exited;
        const finish = () => resolve({ name, ...exited, seconds: (Date.now() - started) / 1000, tail });
        child.on('exit', (code, signal) => {
          exited = { code: code ?? 1, signal };
          setTimeout(finish, 5000).unref();
        });
        child.on('close', () => exited && finish());
      }),
  ),
);
// A log viewer that keeps only the end of the output (CI's does) would show the script that
// finished last, not the one that failed: each failed script's failures are printed again here.
for (const r of results) {
  if (r.code === 0) continue;
  const lines = r.tail?.lines() ?? [];
  if (lines.length === 0) continue;
  console.log(`\n--- npm run ${r.name} failed; the end of its report ---`);
  for (const line of lines) console.log(`[${r.name.padEnd(width)}] ${line}`);
}
for (const r of results) {
  const how = r.code === 0 ? 'ok' : `FAILED (${r.error ?? r.signal ?? `exit ${r.code}`})`;
  console.log(`npm run ${r.name}: ${how}${r.seconds !== undefined ? ` after ${r.seconds.toFixed(0)} s` : ''}`);
}
process.exit(results.every((r) => r.code === 0) ? 0 : 1);
