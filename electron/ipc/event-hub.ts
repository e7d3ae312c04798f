import type { EventContract } from '../../shared/ipc/contract';
import type { z } from 'zod';

export type EventSink = (channel: string, event: unknown) => void;

/**
 * Services emit events here; every connected transport registers a sink (which batches).
 * Payloads are validated against the contract at the source so a bad event is caught where it
 * is made, not in the renderer.
 */
export class EventHub<E extends EventContract> {
  private sinks = new Set<EventSink>();

  constructor(private readonly events: E, private readonly onInvalid?: (channel: string, error: unknown) => void) {}

  emit<K extends keyof E & string>(channel: K, payload: z.input<E[K]>): void {
    const parsed = this.events[channel]!.safeParse(payload);
    if (!parsed.success) {
      this.onInvalid?.(channel, parsed.error);
      return;
    }
    for (const sink of this.sinks) sink(channel, parsed.data);
  }

  connect(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  get sinkCount(): number {
    return this.sinks.size;
  }
}
