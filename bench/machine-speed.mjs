// How fast the machine is right now, to read a timing against: `npm test`'s figures only compare
// between runs made while the machine ran at the same speed. This project's CI machine is a VM
// whose speed changes by the hour: on 2026-12-07 this CPU loop (Node 20) took 880 to 902 ms at
// 17:40 UTC and 616 to 626 ms at 17:58, and a clean-clone `npm test` in the slow spell (17:30)
// took 9 min 4 s where the runs at 16:37 and 17:58 took 7 min 26 s and 7 min 14 s (`.ci/run`'s
// user and system seconds: 880 at 17:30, against 737 at 16:37, which also installed Chromium
// and the other packages, and 711 at 17:58). Run it on an idle machine, before and
// after a timing, and quote both with the timing; compare figures of one Node version only (V8 12
// and 13 compile the loop differently).
// Usage: node bench/machine-speed.mjs [--rounds N]   (prints the medians of N rounds, 5 unless told)
//   cpu:    a fixed integer loop on one core, in a fresh `node` each round (in one process V8's
//           tiers made later rounds up to a third faster than the first);
//   memory: 256 MiB of fresh pages touched, each one a page fault (about 7 us each on this VM;
//           system time, page faults among it, is about a quarter of a test run's CPU time).
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const r = args.indexOf('--rounds');
const rounds = r >= 0 ? Number(args[r + 1]) : 5;
const unknown = args.filter((a, i) => !(a === '--rounds' || (r >= 0 && i === r + 1)));
if (unknown.length > 0) {
  console.error(`unknown argument(s): ${unknown.join(' ')}; usage: node bench/machine-speed.mjs [--rounds N]`);
  process.exit(2);
}
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error('--rounds needs a whole number, 1 or more');
  process.exit(2);
}

const LOOP = 'let s = 0; for (let i = 0; i < 4e8; i++) s += i % 7; if (s < 0) console.log(s);';

function cpu() {
  const r = spawnSync(process.execPath, ['-e', LOOP], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`the cpu loop failed: ${r.error?.message ?? `exit ${r.status}`}`);
}

function memory() {
  // Buffer.allocUnsafeSlow takes fresh memory from the allocator (large blocks come from mmap,
  // untouched); writing one byte per 4 KiB page faults each page in once.
  const b = Buffer.allocUnsafeSlow(256 * 1024 * 1024);
  for (let i = 0; i < b.length; i += 4096) b[i] = 1;
  return b.length;
}

/** The median as bench/figure.ts takes it (the lower middle of an even count). */
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.ceil(s.length / 2) - 1];
}

function time(fn) {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

const figures = { cpu: [], memory: [] };
for (let i = 0; i < rounds; i++) {
  figures.cpu.push(time(cpu));
  figures.memory.push(time(memory));
}
// One JSON object per figure, as every benchmark here prints them (bench/figure.ts).
const figure = (name, note, runs) =>
  console.log(JSON.stringify({ bench: 'machine-speed', figure: name, value: Math.round(median(runs)), unit: 'ms', note, detail: { at: new Date().toISOString(), node: process.versions.node, runs: runs.map(Math.round) } }));
figure('cpu-loop-median', 'a 4e8-step loop on one core, in a fresh node', figures.cpu);
figure('new-pages-median', '256 MiB of new pages touched', figures.memory);
