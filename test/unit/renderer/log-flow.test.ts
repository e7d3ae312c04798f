import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CostModel, FrameScheduler, MAX_LINES_PER_CHUNK, MIN_LINES_PER_CHUNK, PaneWriter, type TerminalSink } from '../../../renderer/src/lib/log-flow';
import { BoundedLog, formatLine, formatLines, type PaneLine } from '../../../renderer/src/lib/log-format';

// The log panes' frame loop (renderer/src/lib/log-flow.ts) on a fake clock, fake animation frames
// and fake terminals that "parse" at a set cost per byte: no browser, no real time.

class Clock {
  t = 0;
  now = () => this.t;
}

class Frames {
  private queue: Array<() => void> = [];
  request = (run: () => void) => void this.queue.push(run);
  get pending(): number {
    return this.queue.length;
  }
  run(): void {
    const q = this.queue;
    this.queue = [];
    for (const run of q) run();
  }
}

/** Parses what it was given when the test says so (xterm.js does it in a task after the frame). */
class FakeTerminal implements TerminalSink {
  text = '';
  clears = 0;
  /** Chunks written and not parsed yet, and the most there ever were. */
  queued: Array<{ data: string; parsed: () => void }> = [];
  maxQueuedBytes = 0;
  constructor(private readonly clock: Clock, private readonly msPerByte: number) {}
  write(data: string, parsed: () => void): void {
    this.queued.push({ data, parsed });
    this.maxQueuedBytes = Math.max(this.maxQueuedBytes, this.queued.reduce((n, c) => n + c.data.length, 0));
  }
  clear(): void {
    this.text = '';
    this.clears++;
  }
  parse(): void {
    const q = this.queued;
    this.queued = [];
    for (const c of q) {
      this.clock.t += c.data.length * this.msPerByte;
      this.text += c.data;
      c.parsed();
    }
  }
}

const line = (stream: string, n: number): PaneLine => ({ stream, ts: 1_767_261_600_000 + n, level: 'info', text: `line ${n}` });
/** Formats one line per row ("line N\n"), costing `msPerLine` of fake time each. */
const fakeFormat = (clock: Clock, msPerLine: number) => (lines: readonly PaneLine[]) => {
  clock.t += lines.length * msPerLine;
  return lines.map((l) => `${l.text}\n`).join('');
};
const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `line ${from + i}\n`).join('');

interface Pane {
  log: BoundedLog;
  term: FakeTerminal;
  writer: PaneWriter;
}

function setup(opts: { panes: number; budgetMs: number; keep?: number; memory?: number; parseMsPerByte?: number; formatMsPerLine?: number }) {
  const clock = new Clock();
  const frames = new Frames();
  const cost = new CostModel();
  const scheduler = new FrameScheduler({ requestFrame: frames.request, now: clock.now, budgetMs: opts.budgetMs });
  const panes: Pane[] = [];
  for (let i = 0; i < opts.panes; i++) {
    const log = new BoundedLog(opts.memory ?? 1_000_000);
    const term = new FakeTerminal(clock, opts.parseMsPerByte ?? 0.0002);
    const writer = new PaneWriter({
      log: () => log,
      sink: term,
      format: fakeFormat(clock, opts.formatMsPerLine ?? 0.002),
      keep: () => opts.keep ?? 1_000_000,
      now: clock.now,
      cost,
      onParsed: () => scheduler.wake(),
    });
    scheduler.add(writer);
    panes.push({ log, term, writer });
  }
  /**
   * One turn of the event loop: the animation frame (the scheduler hands out chunks), then the
   * terminals parse; answers the fake time the page worked in it.
   */
  const frame = () => {
    const t0 = clock.t;
    frames.run();
    for (const p of panes) p.term.parse();
    const worked = clock.t - t0;
    clock.t = t0 + Math.max(16.7, worked);
    return worked;
  };
  const push = (p: Pane, from: number, to: number) => {
    for (let n = from; n < to; n++) p.log.push(line('s', n));
    scheduler.wake();
  };
  return { clock, frames, cost, scheduler, panes, frame, push };
}

test('every line reaches its terminal once, in order, in chunks spread over frames', () => {
  const s = setup({ panes: 4, budgetMs: 6 });
  let frames = 0;
  // 10,000 lines per pane arrive in batches of 500 while the frames run.
  for (let batch = 0; batch < 20; batch++) {
    for (const p of s.panes) s.push(p, batch * 500, (batch + 1) * 500);
    s.frame();
    frames++;
  }
  while (s.frames.pending > 0) {
    s.frame();
    frames++;
  }
  for (const p of s.panes) {
    assert.equal(p.term.text, rows(0, 10_000));
    assert.equal(p.writer.written, 10_000);
    assert.equal(p.writer.handled, 10_000);
    assert.equal(p.writer.skipped, 0);
    assert.equal(p.term.clears, 0);
  }
  // Not in one go: 40,000 lines at 6 ms a frame took many frames.
  assert.ok(frames > 20, `${frames} frames`);
});

test('once the costs are learnt, a frame stays within its budget however large the backlog', () => {
  // 200,000 lines waiting at once; formatting 2 us a line, parsing 0.2 us a byte (~8 bytes a line).
  const s = setup({ panes: 4, budgetMs: 6 });
  for (const p of s.panes) s.push(p, 0, 50_000);
  const worked: number[] = [];
  while (s.frames.pending > 0) worked.push(s.frame());
  for (const p of s.panes) assert.equal(p.term.text, rows(0, 50_000));
  // The first frames run on the cautious starting estimates; after them every frame's work (format
  // and parse) stays near the budget: 6 ms, with some slack for the estimates still settling.
  const settled = worked.slice(10);
  assert.ok(settled.length > 30, `${settled.length} frames`);
  const over = settled.filter((ms) => ms > 6 * 1.25);
  assert.equal(over.length, 0, `frames over budget: ${over.map((ms) => ms.toFixed(1)).join(', ')}`);
  // And it is not idle either: the frames use most of the budget while lines wait.
  const busy = settled.slice(0, -2);
  assert.ok(busy.every((ms) => ms > 6 * 0.6), `frames well under budget: ${busy.filter((ms) => ms <= 3.6).length}`);
  // The model learnt the fake costs.
  assert.ok(Math.abs(s.cost.formatMsPerLine - 0.002) < 0.0005, `format ${s.cost.formatMsPerLine}`);
  assert.ok(Math.abs(s.cost.parseMsPerByte - 0.0002) < 0.00005, `parse ${s.cost.parseMsPerByte}`);
});

test('back-pressure: a terminal never holds more than one chunk, and nothing is written while it parses', () => {
  const s = setup({ panes: 2, budgetMs: 1000 });
  for (const p of s.panes) s.push(p, 0, 100_000);
  // Frames run but the terminals do not parse: no second chunk is handed out.
  s.frames.run();
  s.scheduler.wake();
  s.frames.run();
  for (const p of s.panes) {
    assert.equal(p.term.queued.length, 2); // the empty marker write and one chunk
    assert.ok(p.term.queued[1]!.data.split('\n').length - 1 <= MAX_LINES_PER_CHUNK);
  }
  while (s.frames.pending > 0 || s.panes.some((p) => p.term.queued.length > 0)) s.frame();
  for (const p of s.panes) {
    assert.equal(p.term.text, rows(0, 100_000));
    // The most the terminal ever held unparsed: one chunk of at most MAX_LINES_PER_CHUNK lines.
    assert.ok(p.term.maxQueuedBytes <= rows(99_999 - MAX_LINES_PER_CHUNK, 99_999).length, `${p.term.maxQueuedBytes} bytes`);
  }
});

test('a backlog longer than the terminal keeps is cut to its newest lines: the terminal ends the same, all are counted', () => {
  const s = setup({ panes: 1, budgetMs: 6, keep: 1000 });
  const p = s.panes[0]!;
  s.push(p, 0, 300);
  s.frame();
  s.frame();
  assert.equal(p.term.text, rows(0, 300));
  // 50,000 more at once: only the newest 1,000 are worth writing.
  s.push(p, 300, 50_300);
  while (s.frames.pending > 0) s.frame();
  assert.equal(p.term.text, rows(0, 300) + rows(49_300, 50_300));
  assert.equal(p.writer.skipped, 49_000);
  assert.equal(p.writer.written, 1_300);
  assert.equal(p.writer.handled, 50_300);
  // What a terminal keeping 1,000 lines shows is the same as had every line been written.
  const tail = (text: string) => text.split('\n').slice(-1001).join('\n');
  assert.equal(tail(p.term.text), tail(rows(0, 50_300)));
});

test('lines the store dropped before the pane got to them are counted as cut, never written out of order', () => {
  const s = setup({ panes: 1, budgetMs: 6, memory: 2000 });
  const p = s.panes[0]!;
  s.push(p, 0, 10_000);
  assert.equal(p.log.first, 8000);
  while (s.frames.pending > 0) s.frame();
  assert.equal(p.term.text, rows(8000, 10_000));
  assert.equal(p.writer.skipped, 8000);
  assert.equal(p.writer.handled, 10_000);
});

test('panes share the budget in turns: with room for one chunk a frame, none is starved', () => {
  // A budget smaller than one minimal chunk: each frame only the pane whose turn it is writes.
  const s = setup({ panes: 4, budgetMs: 0.01 });
  for (const p of s.panes) s.push(p, 0, MIN_LINES_PER_CHUNK * 8);
  const seen: number[][] = [];
  for (let f = 0; f < 8; f++) {
    s.frame();
    seen.push(s.panes.map((p) => p.writer.written));
  }
  // After 4 frames every pane had one chunk; after 8, two.
  assert.deepEqual(seen[3], [MIN_LINES_PER_CHUNK, MIN_LINES_PER_CHUNK, MIN_LINES_PER_CHUNK, MIN_LINES_PER_CHUNK]);
  assert.deepEqual(seen[7], [2 * MIN_LINES_PER_CHUNK, 2 * MIN_LINES_PER_CHUNK, 2 * MIN_LINES_PER_CHUNK, 2 * MIN_LINES_PER_CHUNK]);
});

test('with every pane flooding, half of them get a chunk in a frame, in turns: each redraws every other frame', () => {
  const s = setup({ panes: 4, budgetMs: 1000 });
  for (const p of s.panes) s.push(p, 0, 100_000);
  const served: number[][] = [];
  for (let f = 0; f < 6; f++) {
    const before = s.panes.map((p) => p.writer.written);
    s.frame();
    served.push(s.panes.flatMap((p, i) => (p.writer.written > before[i]! ? [i] : [])));
  }
  assert.deepEqual(served, [[0, 1], [2, 3], [0, 1], [2, 3], [0, 1], [2, 3]]);
  // A pane alone is served every frame; three share two places.
  const one = setup({ panes: 1, budgetMs: 1000 });
  one.push(one.panes[0]!, 0, 100_000);
  for (let f = 1; f <= 3; f++) {
    one.frame();
    assert.equal(one.panes[0]!.writer.written, f * MAX_LINES_PER_CHUNK);
  }
});

test('frames are requested only while a pane has work', () => {
  const s = setup({ panes: 2, budgetMs: 6 });
  assert.equal(s.frames.pending, 0);
  s.push(s.panes[0]!, 0, 10);
  assert.equal(s.frames.pending, 1);
  s.scheduler.wake(); // a second wake in the same frame asks for nothing more
  assert.equal(s.frames.pending, 1);
  s.frame();
  s.frame();
  assert.equal(s.frames.pending, 0);
  assert.equal(s.panes[0]!.term.text, rows(0, 10));
});

test('pause holds new lines in the store and counts them; follow writes them in order', () => {
  const s = setup({ panes: 1, budgetMs: 6 });
  const p = s.panes[0]!;
  s.push(p, 0, 100);
  while (s.frames.pending > 0) s.frame();
  p.writer.hold(true);
  s.push(p, 100, 250);
  while (s.frames.pending > 0) s.frame();
  assert.equal(p.term.text, rows(0, 100));
  assert.equal(p.writer.held(), 150);
  assert.equal(p.writer.handled, 100);
  p.writer.hold(false);
  s.scheduler.wake();
  while (s.frames.pending > 0) s.frame();
  assert.equal(p.term.text, rows(0, 250));
  assert.equal(p.writer.held(), 0);
});

test('redraw clears the terminal after the chunk in flight, then writes the newest lines again', () => {
  const s = setup({ panes: 1, budgetMs: 6, keep: 500 });
  const p = s.panes[0]!;
  s.push(p, 0, 2000);
  s.frames.run(); // a chunk is in flight
  p.writer.redraw();
  s.scheduler.wake();
  p.term.parse();
  assert.equal(p.term.clears, 0);
  while (s.frames.pending > 0) s.frame();
  assert.equal(p.term.clears, 1);
  assert.equal(p.term.text, rows(1500, 2000));
  assert.equal(p.writer.handled, 2000);
});

test('a stream the store started again clears the pane and starts from its first line', () => {
  const clock = new Clock();
  const frames = new Frames();
  const scheduler = new FrameScheduler({ requestFrame: frames.request, now: clock.now, budgetMs: 6 });
  let log = new BoundedLog(1000);
  const term = new FakeTerminal(clock, 0.0001);
  const writer = new PaneWriter({ log: () => log, sink: term, format: fakeFormat(clock, 0.001), keep: () => 1000, now: clock.now, cost: new CostModel(), onParsed: () => scheduler.wake() });
  scheduler.add(writer);
  const run = () => {
    scheduler.wake();
    while (frames.pending > 0) {
      frames.run();
      term.parse();
    }
  };
  for (let n = 0; n < 50; n++) log.push(line('s', n));
  run();
  assert.equal(term.text, rows(0, 50));
  log = new BoundedLog(1000);
  for (let n = 0; n < 20; n++) log.push(line('s', n));
  run();
  assert.equal(term.clears, 1);
  assert.equal(term.text, rows(0, 20));
  assert.equal(writer.handled, 20);
});

test('the batch formatter gives what the line formatter gives, line by line', () => {
  const base = Date.UTC(2026, 0, 1, 10, 0, 0, 0);
  const lines: PaneLine[] = [
    { stream: 's', ts: base + 5, level: 'info', text: 'hello' },
    { stream: 's', ts: base + 5.7, level: 'info', text: 'fractional ms' },
    { stream: 's', ts: base + 999, level: 'warn', text: 'a\nb' },
    { stream: 's', ts: base + 1000, level: 'info', text: 'E0101 kubelet failed' },
    { stream: 's', ts: base + 61_042, level: 'error', text: 'x\x1b[2Jy\x9b1G' },
    { stream: 's', ts: base + 61_042, level: 'info', text: '' },
    { stream: 's', ts: base - 3_600_000 + 10, level: 'info', text: 'an hour before' },
  ];
  for (const timestamps of [true, false]) {
    assert.equal(formatLines(lines, { timestamps }), lines.map((l) => formatLine(l, { timestamps })).join(''));
  }
  assert.equal(formatLines([], { timestamps: true }), '');
});

test('the bounded log numbers its lines: first and end move as lines come and go, slices by number', () => {
  const log = new BoundedLog(1000);
  assert.deepEqual([log.first, log.end], [0, 0]);
  for (let n = 0; n < 2500; n++) log.push(line('s', n));
  assert.deepEqual([log.first, log.end], [1500, 2500]);
  assert.deepEqual(log.slice(1998, 2001).map((l) => l.text), ['line 1998', 'line 1999', 'line 2000']);
  // Clamped to what is kept.
  assert.deepEqual(log.slice(0, 1502).map((l) => l.text), ['line 1500', 'line 1501']);
  assert.deepEqual(log.slice(2499, 9999).map((l) => l.text), ['line 2499']);
  assert.deepEqual(log.slice(2500, 2600), []);
  // Reading all (which compacts) keeps the numbering.
  assert.equal(log.all().length, 1000);
  assert.deepEqual(log.slice(2000, 2001).map((l) => l.text), ['line 2000']);
});
