import type { BrokerChannel as Channel } from '../connection/broker-connection.port';

/** A fixed-delay stage: a queue whose messages expire after `ms` back into the worker queue. */
export interface DelayStage {
  readonly label: string;
  readonly ms: number;
}

/**
 * The delay stages of every worker queue, shortest first. Fixed per queue because a
 * per-message TTL only expires at the head of a queue (a long delay would block short ones).
 */
export const DELAY_STAGES: readonly DelayStage[] = [
  { label: '1s', ms: 1_000 },
  { label: '5s', ms: 5_000 },
  { label: '30s', ms: 30_000 },
  { label: '2m', ms: 120_000 },
  { label: '10m', ms: 600_000 },
];

/** Name of a worker queue's delay stage, e.g. `jobs.detection.delay.5s`. */
export const delayQueueName = (queue: string, stage: DelayStage): string =>
  `${queue}.delay.${stage.label}`;

/** The smallest stage that waits at least `delayMs` (the longest stage if none does). */
export function pickDelayStage(delayMs: number): DelayStage {
  const stage = DELAY_STAGES.find((s) => s.ms >= delayMs) ?? DELAY_STAGES[DELAY_STAGES.length - 1];
  if (!stage) throw new Error('DELAY_STAGES is empty');
  return stage;
}

/**
 * Declares a worker queue's delay stages: durable classic queues (quorum queues on 3.10 lack
 * per-message TTL) that dead-letter expired messages through the default exchange straight to
 * the worker queue, never back through the commands exchange.
 */
export async function declareDelayStages(channel: Channel, queue: string): Promise<void> {
  for (const stage of DELAY_STAGES) {
    await channel.assertQueue(delayQueueName(queue, stage), {
      durable: true,
      arguments: {
        'x-queue-type': 'classic',
        'x-message-ttl': stage.ms,
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': queue,
      },
    });
  }
}
