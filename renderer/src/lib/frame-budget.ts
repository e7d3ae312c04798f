/**
 * The log panes' work per animation frame, adapted to the frames the page actually gets. A fixed
 * budget fits an idle machine only: when the page's main thread shares the cores (other processes,
 * a slow laptop), the same work takes longer in wall time and frames are missed. So the budget
 * halves after a frame that came late and grows back a little after each frame on time (additive
 * increase, multiplicative decrease), between `minMs` and `maxMs`. Lines a smaller budget leaves
 * waiting are not lost: they wait in the store, and a backlog longer than a terminal keeps is cut
 * to the lines it would show (log-flow.ts).
 *
 * Only intervals the panes were busy through count (a chunk being parsed or lines waiting since the
 * frame before): the time between two frames with nothing to do in between says nothing about the
 * machine, and a terminal's parse that ran late is exactly what this is to notice.
 */
export interface FrameBudgetOptions {
  /** The budget on a machine that gives every frame on time. */
  maxMs: number;
  /** The least, so lines keep moving under any load. */
  minMs: number;
  /** A frame interval above this is a missed frame (one vsync at 60 Hz is 16.7 ms). */
  lateMs?: number;
  /** Added back after each frame on time. */
  stepMs?: number;
}

export class FrameBudget {
  private budget: number;
  private lastStart = NaN;
  private readonly lateMs: number;
  private readonly stepMs: number;

  constructor(private readonly o: FrameBudgetOptions) {
    this.budget = o.maxMs;
    // 1.5 vsyncs: a frame on time is one interval (jitter included), a missed one two.
    this.lateMs = o.lateMs ?? 25;
    this.stepMs = o.stepMs ?? 0.5;
  }

  /** The budget for this frame. */
  get ms(): number {
    return this.budget;
  }

  /** The budget on a machine that keeps up. */
  get max(): number {
    return this.o.maxMs;
  }

  /**
   * A frame starts at `now`; `busy` when the panes had work (in flight or waiting) since the frame
   * before, so the interval between the two is one the panes' work may have stretched.
   */
  frame(now: number, busy: boolean): number {
    if (busy && !Number.isNaN(this.lastStart)) {
      const interval = now - this.lastStart;
      this.budget = interval > this.lateMs ? Math.max(this.o.minMs, this.budget / 2) : Math.min(this.o.maxMs, this.budget + this.stepMs);
    }
    this.lastStart = now;
    return this.budget;
  }
}
