import type { BrokerChannel, BrokerConnection } from '../connection/broker-connection.port';
import { bounded } from '../connection/bounded.util';

/** Messages ready in one queue, and its consumers, when it was last checked. */
export interface QueueDepth {
  readonly queue: string;
  readonly messages: number;
  readonly consumers: number;
}

/** How long one probe may take before the queues not yet checked are left out. */
const PROBE_TIMEOUT_MS = 2_000;

/**
 * Reads queue depths with a passive declare (checkQueue) on a short-lived channel, on RabbitMQ
 * or the in-process broker alike. Results are cached for `maxAgeMs`, so frequent scrapes cost
 * the broker one round trip per queue at most that often. A queue that does not exist (yet) is
 * left out: its 404 closes the channel, and the next queue is checked on a fresh one.
 */
export class QueueDepthProbe {
  private cached: { readonly at: number; readonly depths: Promise<QueueDepth[]> } | undefined;

  constructor(
    private readonly connection: BrokerConnection,
    private readonly queues: readonly string[],
    private readonly maxAgeMs = 2_000,
  ) {}

  /** The depths of the probed queues that exist; empty while disconnected. */
  depths(): Promise<QueueDepth[]> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < this.maxAgeMs) return this.cached.depths;
    const depths = this.check();
    this.cached = { at: now, depths };
    return depths;
  }

  private async check(): Promise<QueueDepth[]> {
    const found: QueueDepth[] = [];
    await bounded(this.checkInto(found), PROBE_TIMEOUT_MS);
    return [...found];
  }

  private async checkInto(found: QueueDepth[]): Promise<void> {
    const model = this.connection.current();
    if (!model) return;
    let channel: BrokerChannel | undefined;
    for (const queue of this.queues) {
      try {
        channel ??= await quietChannel(model.createChannel());
        const reply = await channel.checkQueue(queue);
        found.push({ queue, messages: reply.messageCount, consumers: reply.consumerCount });
      } catch {
        // Not found (the broker closed the channel) or disconnected: try the next on a new one.
        channel = undefined;
      }
    }
    if (channel) await bounded(channel.close(), 1_000);
  }
}

async function quietChannel(opening: Promise<BrokerChannel>): Promise<BrokerChannel> {
  const channel = await opening;
  // A failed passive declare closes the channel with an error event; it is expected here.
  channel.on('error', () => undefined);
  return channel;
}
