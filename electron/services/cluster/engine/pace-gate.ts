/**
 * The pace gate: a trainer pauses the WORK (not the view) at the executor's step boundaries, and
 * lets it go on one step at a time or all at once. The executor asks the gate before it starts
 * each step (executor.ts); a step already running finishes. The cluster service offers the gate
 * only to operations in the sandbox: pausing real Azure between steps would leave billed
 * resources half-built while nobody watches.
 */

/** A step that is ready to start and waits at the gate. */
export interface PaceWaiter {
  cluster: string;
  stepId: string;
  title: string;
}

export interface PaceState {
  paused: boolean;
  /** Steps ready to start, held by the pause, in the order they arrived. */
  waiting: PaceWaiter[];
}

/** What the executor needs: undefined = start now; a promise = wait (it rejects on abort). */
export interface PaceGate {
  beforeStep(who: PaceWaiter, signal: AbortSignal): Promise<void> | undefined;
}

interface Held {
  who: PaceWaiter;
  release(): void;
}

export class PaceControl implements PaceGate {
  private paused = false;
  private held: Held[] = [];
  /** Steps the user let through while none was waiting: the next ones to arrive start. */
  private credits = 0;
  private readonly listeners = new Set<(state: PaceState) => void>();

  state(): PaceState {
    return { paused: this.paused, waiting: this.held.map((h) => ({ ...h.who })) };
  }

  /** Called with the state after every change (the backend turns it into an event). */
  onChange(listener: (state: PaceState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Pause: steps that become ready wait. Resume: every waiting step starts. */
  setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    if (!paused) {
      this.credits = 0;
      const all = this.held;
      this.held = [];
      for (const h of all) h.release();
    }
    this.changed();
  }

  /**
   * While paused, lets exactly one step start: the one waiting longest, or, when none waits yet
   * (the running steps have not finished), the next to become ready. Answers the step let go.
   */
  step(): PaceWaiter | undefined {
    if (!this.paused) return undefined;
    const first = this.held.shift();
    if (first) first.release();
    else this.credits++;
    this.changed();
    return first?.who;
  }

  beforeStep(who: PaceWaiter, signal: AbortSignal): Promise<void> | undefined {
    if (!this.paused) return undefined;
    if (this.credits > 0) {
      this.credits--;
      return undefined;
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.held = this.held.filter((h) => h !== entry);
        this.changed();
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted while paused'));
      };
      const entry: Held = {
        who: { ...who },
        release: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      if (signal.aborted) return reject(new Error('aborted while paused'));
      signal.addEventListener('abort', onAbort, { once: true });
      this.held.push(entry);
      this.changed();
    });
  }

  private changed(): void {
    const s = this.state();
    for (const l of this.listeners) {
      try {
        l(s);
      } catch {
        // A listener that throws must not stop the work.
      }
    }
  }
}
