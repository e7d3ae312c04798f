/**
 * Runs queued jobs one per animation frame, in order. Opening an xterm.js terminal (its DOM, its
 * styles, measuring its font) takes a frame's worth of main thread or more: when a deployment's
 * first lines make four panes appear at once, opening them in one task was the page's longest
 * task while logs stream. One a frame keeps each frame to one terminal's set-up.
 */
export class FrameQueue {
  private jobs: Array<() => void> = [];
  private requested = false;

  constructor(private readonly requestFrame: (run: () => void) => void) {}

  /** Queues `job`; answers a function that takes it out again if it has not run yet. */
  add(job: () => void): () => void {
    this.jobs.push(job);
    this.request();
    return () => {
      const i = this.jobs.indexOf(job);
      if (i >= 0) this.jobs.splice(i, 1);
    };
  }

  private request(): void {
    if (this.requested || this.jobs.length === 0) return;
    this.requested = true;
    this.requestFrame(() => {
      this.requested = false;
      try {
        this.jobs.shift()?.();
      } finally {
        // A job that threw does not stop the ones after it.
        this.request();
      }
    });
  }
}
