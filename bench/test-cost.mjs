// What each test file costs: wall time and CPU time (user + system, its child processes
// included: the sandbox, Chromium, the CLI), each file run on its own, N at a time. CPU time
// barely moves with the machine's load, so it is the figure to compare when choosing what to make
// lean; wall time says what a file adds to `npm test`'s critical path.
// Usage: node bench/test-cost.mjs [--concurrency N] [--write] suite...   (suites as test/run.mjs
// takes them; build first: CLI tests run dist/cli/cli.mjs). --write merges each passing file's CPU
// and wall seconds into test/file-costs.json, which test/run.mjs reads to choose which files share a
// process and which processes start first (measure 3 at a time, as test/run.mjs runs them).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const w = args.indexOf('--write');
const write = w >= 0 && args.splice(w, 1).length > 0;
const c = args.indexOf('--concurrency');
const concurrency = c >= 0 ? Number(args.splice(c, 2)[1]) : 2;
const suites = args.length > 0 ? args : ['unit'];
const root = path.join(import.meta.dirname, '..');
const listed = spawnSync(process.execPath, ['test/run.mjs', '--list', ...suites], { cwd: root, encoding: 'utf8' });
if (listed.status !== 0) {
  process.stderr.write(listed.stderr);
  process.exit(2);
}
const files = listed.stdout.trim().split('\n').filter(Boolean);

/** bash's `times` prints the shell's and then its children's user and system time. */
const seconds = (s) => {
  const m = /^(\d+)m([\d.]+)s$/.exec(s);
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
};

function measure(file) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    // The Node that runs this script runs the tests too (npm run puts Node 24 on PATH; plain `node` may be 20).
    const script = '"$2" --import tsx --import ./test/source-maps.mjs --test --test-reporter=dot "$1" >/dev/null 2>&1; rc=$?; times; exit $rc';
    const child = spawn('bash', ['-c', script, 'test-cost', file, process.execPath], { cwd: root, env: { ...process.env, FLATKUBE_TEST: '1' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => {
      const [user, sys] = (out.trim().split('\n')[1] ?? '').split(/\s+/).map(seconds);
      resolve({ file, ok: code === 0, wall: (performance.now() - t0) / 1000, cpu: user + sys });
    });
  });
}

const results = [];
let next = 0;
async function worker() {
  while (next < files.length) {
    const r = await measure(files[next++]);
    results.push(r);
    process.stderr.write(`${r.ok ? 'ok  ' : 'FAIL'} ${r.wall.toFixed(1).padStart(6)} s wall ${r.cpu.toFixed(1).padStart(6)} s cpu  ${r.file}\n`);
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
results.sort((a, b) => b.cpu - a.cpu);
const total = (k) => results.reduce((s, r) => s + r[k], 0);
console.log(`${files.length} files (${suites.join(', ')}), ${concurrency} at a time on Node ${process.versions.node}`);
console.log(`total: ${total('wall').toFixed(0)} s wall, ${total('cpu').toFixed(0)} s cpu`);
for (const r of results) console.log(`${r.cpu.toFixed(1).padStart(6)} s cpu ${r.wall.toFixed(1).padStart(6)} s wall  ${r.ok ? '' : 'FAILED '}${r.file}`);

if (write) {
  const file = path.join(root, 'test', 'file-costs.json');
  const old = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const cpu = { ...old.cpuSeconds };
  const wall = { ...old.wallSeconds };
  for (const r of results) {
    if (!r.ok) continue;
    const key = r.file.split(path.sep).join('/');
    cpu[key] = Math.round(r.cpu * 10) / 10;
    wall[key] = Math.round(r.wall * 10) / 10;
  }
  // Files that are gone are dropped; the rest sorted by name, so a new measurement is a small diff.
  const kept = (m) => Object.fromEntries(Object.keys(m).filter((f) => existsSync(path.join(root, f))).sort().map((f) => [f, m[f]]));
  const note =
    'CPU and wall seconds of each test file run in a process of its own, 3 at a time (bench/test-cost.mjs --concurrency 3 --write); ' +
    'test/run.mjs uses them to choose which files share a process and which processes start first.';
  writeFileSync(file, JSON.stringify({ note, cpuSeconds: kept(cpu), wallSeconds: kept(wall) }, null, 2) + '\n');
  console.log(`wrote ${path.relative(root, file)} (${Object.keys(kept(cpu)).length} files)`);
}
