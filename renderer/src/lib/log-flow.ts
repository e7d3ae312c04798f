/**
 * Flow control of the log panes. Lines wait in the log store (bounded, per stream) and are handed
 * to the terminals once per animation frame, within a time budget all panes share; what does not
 * fit waits for the next frame. xterm.js parses what it was given in a task of its own after the
 * frame, so the budget counts that too, from a measured cost per byte, and a pane gets its next
 * chunk only once its terminal said it parsed the last one (the write callback): the terminal's
 * own buffer never holds more than one chunk. A pane's backlog is not a copy of its lines but a
 * range of sequence numbers in the store; a backlog longer than the terminal keeps is cut to the
 * lines it would show (the older ones would scroll out before anyone saw them).
 *
 * Plain classes with the clock, the frame source and the terminal passed in, so the tests drive
 * them with a fake clock, fake frames and a fake terminal (test/unit/renderer/log-flow.test.ts).
 */
import type { PaneLine } from './log-format';

/** The store's side of one stream (BoundedLog): sequence numbers [first, end) are held. */
export interface LineLog {
  readonly first: number;
  readonly end: number;
  slice(from: number, to: number): readonly PaneLine[];
}

/** The terminal's side (xterm.js): `parsed` is called once the data went through its parser. */
export interface TerminalSink {
  write(data: string, parsed: () => void): void;
  clear(): void;
}

/** Lines a log pane's terminal keeps (its scrollback); the store keeps more for download. */
export const PANE_SCROLLBACK = 5_000;
/** Lines the log store keeps per stream; "Download all" gives these. */
export const MEMORY_LINES_PER_STREAM = 20_000;

/** Lines a pane gets per frame at least, whatever the estimates say (progress under any load). */
export const MIN_LINES_PER_CHUNK = 32;
/** Lines a pane gets per frame at most (one chunk). */
export const MAX_LINES_PER_CHUNK = 4096;

/**
 * What a line costs: formatting it (measured where it happens) and the terminal parsing its bytes
 * (measured between two write callbacks). Samples are summed until they are large enough for the
 * browser's coarse clock, then folded into a moving average.
 */
export class CostModel {
  formatMsPerLine: number;
  parseMsPerByte: number;
  bytesPerLine = 48;
  private fmt = { lines: 0, ms: 0 };
  private parse = { bytes: 0, ms: 0, lines: 0 };

  constructor(initial: { formatMsPerLine?: number; parseMsPerByte?: number } = {}) {
    // Cautious starting points (a slow machine); the first measured chunks replace them.
    this.formatMsPerLine = initial.formatMsPerLine ?? 0.005;
    this.parseMsPerByte = initial.parseMsPerByte ?? 0.0005;
  }

  /** Estimated ms per line, formatting and parsing. */
  msPerLine(): number {
    return this.formatMsPerLine + this.parseMsPerByte * this.bytesPerLine;
  }

  observeFormat(lines: number, ms: number): void {
    this.fmt.lines += lines;
    this.fmt.ms += Math.max(0, ms);
    if (this.fmt.lines >= 256 && this.fmt.ms >= 1) {
      this.formatMsPerLine = blend(this.formatMsPerLine, this.fmt.ms / this.fmt.lines);
      this.fmt = { lines: 0, ms: 0 };
    }
  }

  observeParse(lines: number, bytes: number, ms: number): void {
    this.parse.lines += lines;
    this.parse.bytes += bytes;
    this.parse.ms += Math.max(0, ms);
    if (this.parse.bytes >= 8192 && this.parse.ms >= 1) {
      this.parseMsPerByte = blend(this.parseMsPerByte, this.parse.ms / this.parse.bytes);
      this.bytesPerLine = blend(this.bytesPerLine, this.parse.bytes / Math.max(1, this.parse.lines));
      this.parse = { bytes: 0, ms: 0, lines: 0 };
    }
  }
}

const blend = (old: number, sample: number) => old * 0.7 + sample * 0.3;

export interface PaneWriterOptions {
  /** The stream's log now (the store may drop a stream and start it again: that clears the pane). */
  log: () => LineLog | undefined;
  sink: TerminalSink;
  format: (lines: readonly PaneLine[]) => string;
  /** Lines the terminal holds (scrollback and rows): a longer backlog is cut to the newest these. */
  keep: () => number;
  now: () => number;
  cost: CostModel;
  /** After each chunk the terminal parsed (counts changed; the scheduler may go on). */
  onParsed?: () => void;
}

/**
 * One pane's writer: its place in the stream, the chunk in flight, Pause (hold at the line the
 * user paused at) and redraw (clear, then the newest lines again, e.g. timestamps turned off).
 */
export class PaneWriter {
  /** Sequence number of the next line to hand to the terminal. */
  private cursor = 0;
  /** Every line before this one was parsed by the terminal or cut from a backlog (never goes back). */
  handled = 0;
  /** Lines cut from a backlog longer than the terminal holds (never written). */
  skipped = 0;
  /** Lines the terminal parsed. */
  written = 0;
  private inFlight = false;
  private clearFirst = false;
  /** Pause: lines from this sequence number on wait. */
  private holdAt = Infinity;
  private current: LineLog | undefined;

  constructor(private readonly o: PaneWriterOptions) {}

  /** The stream's log, noticing when the store started it again. */
  private logNow(): LineLog | undefined {
    const log = this.o.log();
    if (log !== this.current) {
      if (this.current) {
        this.clearFirst = true;
        this.cursor = 0;
        this.handled = 0;
        this.holdAt = this.holdAt === Infinity ? Infinity : 0;
      }
      this.current = log;
    }
    return log;
  }

  /** Lines in the stream so far. */
  total(): number {
    return this.logNow()?.end ?? 0;
  }

  /** Lines held back by Pause. */
  held(): number {
    return this.holdAt === Infinity ? 0 : Math.max(0, this.total() - this.holdAt);
  }

  get paused(): boolean {
    return this.holdAt !== Infinity;
  }

  /** Pause (new lines wait in the store) or follow again (they are written). */
  hold(on: boolean): void {
    this.holdAt = on ? this.total() : Infinity;
  }

  /** Clears the terminal and writes the newest lines again (up to where Pause holds, if paused). */
  redraw(): void {
    const log = this.logNow();
    this.clearFirst = true;
    if (this.paused) this.holdAt = log?.end ?? 0;
    this.cursor = log ? Math.max(log.first, log.end - this.o.keep()) : 0;
  }

  /** Has something to do in the next frame. */
  wants(): boolean {
    if (this.inFlight) return false;
    const log = this.logNow();
    return this.clearFirst || (log !== undefined && this.cursor < Math.min(log.end, this.holdAt));
  }

  /**
   * Hands the terminal one chunk that fits `budgetMs` (at least MIN_LINES_PER_CHUNK lines);
   * answers the terminal's estimated parse time for it (formatting is the caller's to measure).
   */
  pump(budgetMs: number): number {
    if (this.inFlight) return 0;
    const log = this.logNow();
    if (this.clearFirst) {
      this.clearFirst = false;
      this.o.sink.clear();
    }
    if (!log) return 0;
    const limit = Math.min(log.end, this.holdAt);
    // Lines the store no longer has, or that newer ones would push out of the terminal unseen.
    const from = Math.max(this.cursor, log.first, limit - this.o.keep());
    if (from > this.cursor) {
      this.skipped += from - this.cursor;
      this.cursor = from;
      this.handled = Math.max(this.handled, from);
    }
    const cost = this.o.cost;
    const fits = Math.floor(budgetMs / cost.msPerLine());
    const n = Math.min(limit - this.cursor, MAX_LINES_PER_CHUNK, Math.max(MIN_LINES_PER_CHUNK, fits));
    if (n <= 0) return 0;
    const t0 = this.o.now();
    const text = this.o.format(log.slice(this.cursor, this.cursor + n));
    cost.observeFormat(n, this.o.now() - t0);
    const to = (this.cursor += n);
    const seen = this.current;
    this.inFlight = true;
    // The empty write's callback runs right before the terminal parses the chunk: the time between
    // the two callbacks is the parse alone.
    let parseStart = NaN;
    this.o.sink.write('', () => (parseStart = this.o.now()));
    this.o.sink.write(text, () => {
      if (!Number.isNaN(parseStart)) cost.observeParse(n, text.length, this.o.now() - parseStart);
      this.inFlight = false;
      if (this.current === seen) {
        this.written += n;
        this.handled = Math.max(this.handled, to);
      }
      this.o.onParsed?.();
    });
    return text.length * cost.parseMsPerByte;
  }
}

export interface FrameSchedulerOptions {
  requestFrame: (run: () => void) => void;
  now: () => number;
  /** Work per frame for all panes: formatting, measured, and the terminals' parsing, estimated. */
  budgetMs: number;
}

/**
 * One frame loop for every pane. In each animation frame the panes with lines waiting (and no
 * chunk in flight) share the budget; at most half of them (rounded up) get a chunk, those that
 * waited longest first. A terminal given a chunk redraws its rows in the next frame, so spreading
 * the panes over frames spreads their redraws too, and none is starved when the budget runs out.
 * Frames are requested only while some pane has work.
 */
export class FrameScheduler {
  private writers: PaneWriter[] = [];
  private requested = false;
  private frames = 0;
  /** The frame each writer last got a chunk in. */
  private lastServed = new Map<PaneWriter, number>();

  constructor(private readonly o: FrameSchedulerOptions) {}

  add(writer: PaneWriter): () => void {
    this.writers.push(writer);
    this.lastServed.set(writer, -1);
    this.wake();
    return () => {
      this.writers = this.writers.filter((w) => w !== writer);
      this.lastServed.delete(writer);
    };
  }

  /** New lines, a parsed chunk, a pause lifted: asks for a frame if some pane has work. */
  wake(): void {
    if (this.requested || !this.writers.some((w) => w.wants())) return;
    this.requested = true;
    this.o.requestFrame(() => this.frame());
  }

  private frame(): void {
    this.requested = false;
    const frame = ++this.frames;
    const start = this.o.now();
    const ready = this.writers.filter((w) => w.wants());
    ready.sort((a, b) => this.lastServed.get(a)! - this.lastServed.get(b)!);
    const serve = ready.slice(0, Math.ceil(ready.length / 2));
    let parse = 0;
    for (let i = 0; i < serve.length; i++) {
      const left = this.o.budgetMs - (this.o.now() - start) - parse;
      if (left <= 0 && i > 0) break; // the others come first in the next frame
      const w = serve[i]!;
      parse += w.pump(left / (serve.length - i));
      this.lastServed.set(w, frame);
    }
    this.wake();
  }
}
