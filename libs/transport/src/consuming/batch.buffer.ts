import { AMQP_HEADERS } from '@jobmill/contracts';
import type { ConsumeMessage } from 'amqplib';
import type { AckWindow } from './ack.window';
import type { TransportLogger } from '../connection/transport.logger';
import type { BatchConsumeOptions, HandlerOutcome } from './consumer.types';
import { toInboundMessage } from './inbound-message.mapper';
import { runHandler } from './run-handler.util';
import type { Settler } from './outcome.settler';

/** How many envelopes a delivery holds: its batch-size header, else one. */
function envelopesIn(message: ConsumeMessage): number {
  const size = Number(message.properties.headers?.[AMQP_HEADERS.batchSize]);
  return Number.isInteger(size) && size > 1 ? size : 1;
}

interface Buffered {
  readonly message: ConsumeMessage;
  readonly settled: () => void;
}

/**
 * Collects one channel's deliveries into batches and settles them one batch at a time; the
 * AckWindow turns an all-ack batch into a single `ack(last, allUpTo)`.
 */
export class BatchBuffer {
  private buffer: Buffered[] = [];
  /** Envelopes in the buffer: a batch message weighs as many as it holds. */
  private weight = 0;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  /** Batches handed over and not yet settled. */
  private inFlight = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly acks: AckWindow,
    private readonly options: BatchConsumeOptions,
    private readonly settler: Settler,
    private readonly logger: TransportLogger,
  ) {}

  /** Adds a delivery; resolves once it is settled. */
  deliver(message: ConsumeMessage): Promise<void> {
    return new Promise<void>((settled) => {
      this.buffer.push({ message, settled });
      this.weight += envelopesIn(message);
      if (this.weight >= this.options.maxBatch) this.flush();
      // A batch being written: wait for it (up to maxWaitMs), so batches grow with the load.
      else if (this.inFlight > 0)
        this.timer ??= setTimeout(() => this.flush(), this.options.maxWaitMs);
      // Nothing being written: hand over what this turn of the event loop brought, at once,
      // unless it ends in a delivery whose follower is on its way (a window's starts).
      else if (this.options.awaitsFollower?.(message.fields.routingKey)) this.awaitFollower();
      else this.flushThisTurn();
    });
  }

  private flushThisTurn(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.immediate ??= setImmediate(() => this.flush());
  }

  private awaitFollower(): void {
    clearImmediate(this.immediate);
    this.immediate = undefined;
    this.timer ??= setTimeout(() => this.flush(), this.options.followerWaitMs ?? 0);
  }

  /** Hands the buffered deliveries to the handler now. */
  flush(): void {
    clearTimeout(this.timer);
    clearImmediate(this.immediate);
    this.timer = this.immediate = undefined;
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    this.weight = 0;
    this.inFlight++;
    this.chain = this.chain.then(() => this.process(batch));
  }

  private async process(batch: readonly Buffered[]): Promise<void> {
    try {
      const messages = batch.map((b) => toInboundMessage(b.message));
      const outcomes = await runHandler(
        () => this.checked(messages.length, this.options.handler(messages)),
        (reason) => batch.map((): HandlerOutcome => ({ kind: 'requeue', reason })),
        this.logger,
      );
      await Promise.all(
        batch.map((b, i) =>
          this.settler.settle(this.acks, b.message, outcomes[i] ?? { kind: 'ack' }),
        ),
      );
    } finally {
      for (const b of batch) b.settled();
      this.inFlight--;
      if (this.inFlight === 0) this.flush();
    }
  }

  private async checked(
    expected: number,
    result: Promise<readonly HandlerOutcome[]>,
  ): Promise<readonly HandlerOutcome[]> {
    const outcomes = await result;
    if (outcomes.length !== expected)
      throw new Error(
        `the batch handler returned ${outcomes.length} outcomes for ${expected} messages`,
      );
    return outcomes;
  }
}
