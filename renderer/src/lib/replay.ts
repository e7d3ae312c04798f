import type { OperationView } from '../../../shared/ipc/channels/cluster';

/**
 * Replaying a finished operation from its record (cluster.operation), offline: its step changes
 * and log lines happen again at their recorded times, scaled by the speed (1x-16x), with pause
 * and a speed change while it plays. The clock and the timer are passed in, so the tests drive it
 * with a fake clock (test/unit/renderer/replay.test.ts).
 */

export const REPLAY_SPEEDS = [1, 2, 4, 8, 16] as const;

export type ReplayEvent =
  | { at: number; type: 'step'; stepId: string; status: 'running' | 'done' | 'failed' | 'cancelled' }
  | { at: number; type: 'line'; stream: string; seq: number; level: 'info' | 'warn' | 'error'; text: string; ts: number };

/** The record as events in time order, `at` in ms from the operation's start. */
export function replayEvents(v: OperationView): ReplayEvent[] {
  const t0 = v.startedAt;
  const out: ReplayEvent[] = [];
  for (const s of v.steps) {
    if (s.startedAt !== undefined) out.push({ at: s.startedAt - t0, type: 'step', stepId: s.id, status: 'running' });
    if (s.endedAt !== undefined && (s.status === 'done' || s.status === 'failed' || s.status === 'cancelled')) out.push({ at: s.endedAt - t0, type: 'step', stepId: s.id, status: s.status });
  }
  for (const log of v.logs) for (const l of log.lines) out.push({ at: l.ts - t0, type: 'line', stream: log.stream, seq: l.seq, level: l.level, text: l.text, ts: l.ts });
  // Stable: at equal times a step's start comes before its lines, as it happened.
  return out.map((e, i) => ({ e, i })).sort((a, b) => a.e.at - b.e.at || a.i - b.i).map(({ e }) => ({ ...e, at: Math.max(0, e.at) }));
}

export interface ReplayClock {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export class ReplayScheduler {
  private next = 0;
  /** Recorded time (ms from the start) reached when the wall clock read `wallAt`. */
  private base = 0;
  private wallAt = 0;
  private timer: unknown;
  private playing = false;

  constructor(
    private readonly events: readonly ReplayEvent[],
    private readonly clock: ReplayClock,
    private readonly onEvents: (batch: ReplayEvent[]) => void,
    private speedValue = 1,
    private readonly onEnd: () => void = () => {},
  ) {}

  get speed(): number {
    return this.speedValue;
  }
  get isPlaying(): boolean {
    return this.playing;
  }
  get finished(): boolean {
    return this.next >= this.events.length;
  }
  /** The recorded time reached (ms from the start). */
  position(): number {
    return this.playing ? this.base + (this.clock.now() - this.wallAt) * this.speedValue : this.base;
  }
  /** The recorded duration (the last event's time). */
  get duration(): number {
    return this.events.at(-1)?.at ?? 0;
  }

  play(): void {
    if (this.playing || this.finished) return;
    this.playing = true;
    this.wallAt = this.clock.now();
    this.tick();
  }

  pause(): void {
    if (!this.playing) return;
    this.base = this.position();
    this.playing = false;
    this.clock.clearTimer(this.timer);
  }

  /** A new speed from now on: what was played stays, the rest runs at the new pace. */
  setSpeed(speed: number): void {
    const was = this.playing;
    if (was) this.pause();
    this.speedValue = speed;
    if (was) this.play();
  }

  stop(): void {
    this.pause();
  }

  private tick(): void {
    if (!this.playing) return;
    const reached = this.position();
    const batch: ReplayEvent[] = [];
    while (this.next < this.events.length && this.events[this.next]!.at <= reached) batch.push(this.events[this.next++]!);
    if (batch.length) this.onEvents(batch);
    if (this.finished) {
      this.base = Math.max(reached, this.duration);
      this.playing = false;
      this.onEnd();
      return;
    }
    const wait = (this.events[this.next]!.at - reached) / this.speedValue;
    this.timer = this.clock.setTimer(() => this.tick(), Math.max(0, wait));
  }
}
