/**
 * One frame loop for every log pane (the writers of log-flow.ts). In each animation frame the
 * panes with lines waiting (and no chunk in flight) get chunks within the frame's budget
 * (frame-budget.ts: smaller while frames come late), those that waited longest first, and at most
 * `panesPerFrame` of them. A terminal given a chunk redraws all its rows in the next frame
 * whatever the chunk's size (xterm.js's DOM renderer rebuilds every row of a scrolled viewport),
 * so the redraw is counted against the budget too, and serving one pane a frame, in turns, keeps
 * the redraws to one a frame however many panes there are, none starved. What a frame does not
 * spend carries to the next (up to one budget), what it overspends is paid back first: under
 * load the frames between two chunks stay free. Frames are requested only while some pane has
 * work.
 */
import { FrameBudget } from './frame-budget';
import type { PaneWriter } from './log-flow';

export interface FrameSchedulerOptions {
  requestFrame: (run: () => void) => void;
  now: () => number;
  /** Work per frame for all panes (formatting, measured, and the terminals' parsing, estimated) on a machine that keeps up. */
  budgetMs: number;
  /** The least the budget shrinks to under load (default a sixth of budgetMs). */
  minBudgetMs?: number;
  /** Panes served per frame at most (default 1: one terminal redraw a frame). */
  panesPerFrame?: number;
  /** What a terminal's redraw after a chunk costs the next frame, estimated (part of the budget). */
  redrawMs?: number;
}

export class FrameScheduler {
  private writers: PaneWriter[] = [];
  private requested = false;
  private frames = 0;
  /** The frame each writer last got a chunk in. */
  private lastServed = new Map<PaneWriter, number>();
  /** Some pane had work (in flight or waiting) when the last frame ended. */
  private busy = false;
  readonly budget: FrameBudget;
  private readonly panesPerFrame: number;
  private readonly redrawMs: number;
  /** Budget not spent by earlier frames (negative: overspent, paid back first). */
  private credit = 0;

  constructor(private readonly o: FrameSchedulerOptions) {
    this.budget = new FrameBudget({ maxMs: o.budgetMs, minMs: o.minBudgetMs ?? o.budgetMs / 6 });
    this.panesPerFrame = Math.max(1, o.panesPerFrame ?? 1);
    this.redrawMs = o.redrawMs ?? 0;
  }

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
    // Every pane idle (caught up, parsed): the wait until the next lines is no frame time.
    if (!this.writers.some((w) => w.busy())) this.busy = false;
    if (this.requested || !this.writers.some((w) => w.wants())) return;
    this.requested = true;
    this.o.requestFrame(() => this.frame());
  }

  private frame(): void {
    this.requested = false;
    const frame = ++this.frames;
    const start = this.o.now();
    // What this frame may spend: its budget plus what earlier frames left (at most one full
    // budget, so a quiet spell does not turn into one long frame), less what they overspent.
    this.credit = Math.min(this.budget.max, this.credit + this.budget.frame(start, this.busy));
    const ready = this.writers.filter((w) => w.wants());
    ready.sort((a, b) => this.lastServed.get(a)! - this.lastServed.get(b)!);
    const serve = ready.slice(0, this.panesPerFrame);
    let spent = 0;
    for (let i = 0; i < serve.length; i++) {
      // A pane served costs its terminal's redraw on top of its chunk: with less credit than that
      // the frame stays free, and the credit grows over the next ones (fewer redraws under load).
      const left = this.credit - spent - this.redrawMs;
      if (left <= 0) break; // the others come first in a later frame
      const w = serve[i]!;
      const parse = w.pump(left / (serve.length - i));
      spent = this.o.now() - start + parse + this.redrawMs * (i + 1);
      this.lastServed.set(w, frame);
    }
    this.credit -= spent;
    this.busy = this.writers.some((w) => w.busy());
    this.wake();
  }
}
