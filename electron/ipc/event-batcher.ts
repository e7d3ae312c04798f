/**
 * Collects events per channel and flushes them in order, every `intervalMs` or as soon as one
 * channel holds `maxBatch` events, so a log flood becomes a few large messages instead of
 * thousands of small ones. Order is kept within a channel and across channels (a flush sends
 * channels in the order their first pending event arrived).
 */
export interface BatcherOptions {
  intervalMs?: number;
  maxBatch?: number;
  send: (channel: string, events: unknown[]) => void;
}

export class EventBatcher {
  private pending = new Map<string, unknown[]>();
  private timer: NodeJS.Timeout | undefined;
  private readonly intervalMs: number;
  private readonly maxBatch: number;
  private closed = false;

  constructor(private readonly options: BatcherOptions) {
    this.intervalMs = options.intervalMs ?? 50;
    this.maxBatch = options.maxBatch ?? 500;
  }

  push(channel: string, event: unknown): void {
    if (this.closed) return;
    let list = this.pending.get(channel);
    if (!list) {
      list = [];
      this.pending.set(channel, list);
    }
    list.push(event);
    if (list.length >= this.maxBatch) {
      this.flush();
      return;
    }
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const batches = this.pending;
    this.pending = new Map();
    for (const [channel, events] of batches) this.options.send(channel, events);
  }

  close(): void {
    this.flush();
    this.closed = true;
  }
}
