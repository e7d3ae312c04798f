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

const started = Date.now();
const results = await Promise.all(
  names.map(
    (name) =>
      new Promise((resolve) => {
        const child = npmRun(name);
        const prefix = `[${name.padEnd(width)}] `;
        createInterface({ input: child.stdout }).on('line', (line) => process.stdout.write(`${prefix}${line}\n`));
        createInterface({ input: child.stderr }).on('line', (line) => process.stderr.write(`${prefix}${line}\n`));
        child.on('error', (err) => resolve({ name, code: 1, error: err.message }));
        child.on('close', (code, signal) => resolve({ name, code: code ?? 1, signal, seconds: (Date.now() - started) / 1000 }));
      }),
  ),
);
for (const r of results) {
  const how = r.code === 0 ? 'ok' : `FAILED (${r.error ?? r.signal ?? `exit ${r.code}`})`;
  console.log(`npm run ${r.name}: ${how}${r.seconds !== undefined ? ` after ${r.seconds.toFixed(0)} s` : ''}`);
}
process.exit(results.every((r) => r.code === 0) ? 0 : 1);
