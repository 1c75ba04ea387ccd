import { AMQP_HEADERS, type TopologyNames } from '@jobmill/contracts';
import type { GetMessage, Options } from 'amqplib';
import type { BrokerChannel, BrokerModel } from '../connection/broker-connection.port';
import { describeError, type TransportLogger } from '../connection/transport.logger';

/**
 * The dead-letter queue of earlier releases: a quorum queue named like the exchange. Quorum
 * queues drop a message past their delivery limit (RabbitMQ 4.x applies 20 by default), and a
 * queue's arguments cannot change once declared (406), so letters move to a new classic queue.
 */
export const legacyDeadLetterQueueOf = (names: TopologyNames): string => names.deadLetter;

/**
 * Unbinds the legacy queue from the dead-letter exchange (nothing new reaches it), moves every
 * letter to the current queue (each acked only after its copy is confirmed: a crash leaves a
 * duplicate, never a loss), then deletes it once it is empty and unused. Quorum queues cannot
 * be deleted "if empty" (540), so emptiness is checked just before. Safe to run from many
 * services at once; nothing to do once the legacy queue is gone. Returns the letters moved.
 */
export async function migrateLegacyDeadLetters(
  model: BrokerModel,
  names: TopologyNames,
  logger?: TransportLogger,
): Promise<number> {
  const legacy = legacyDeadLetterQueueOf(names);
  const channel = await model.createConfirmChannel();
  channel.on('error', () => undefined);
  try {
    if (!(await exists(channel, legacy))) return 0;
    await channel.unbindQueue(legacy, names.deadLetter, '#');
    const moved = await moveAll(channel, legacy, names.deadLetterQueue);
    const left = await channel.checkQueue(legacy);
    if (left.messageCount === 0 && left.consumerCount === 0) await channel.deleteQueue(legacy);
    logger?.log(`Moved ${moved} dead letters from ${legacy} to ${names.deadLetterQueue}`);
    return moved;
  } catch (error) {
    logger?.warn(`Dead letters of ${legacy} not moved yet: ${describeError(error)}`);
    return 0;
  } finally {
    await channel.close().catch(() => undefined);
  }
}

async function exists(channel: BrokerChannel, queue: string): Promise<boolean> {
  try {
    await channel.checkQueue(queue);
    return true;
  } catch {
    return false;
  }
}

async function moveAll(
  channel: Awaited<ReturnType<BrokerModel['createConfirmChannel']>>,
  from: string,
  to: string,
): Promise<number> {
  let moved = 0;
  for (;;) {
    const message = await channel.get(from, { noAck: false });
    if (!message) return moved;
    await new Promise<void>((resolve, reject) => {
      channel.publish('', to, message.content, movedProperties(message), (error: unknown) =>
        error ? reject(error instanceof Error ? error : new Error('publish nacked')) : resolve(),
      );
    });
    channel.ack(message);
    moved += 1;
  }
}

/**
 * The properties of a moved letter: RabbitMQ refuses a user_id other than the mover's, so the
 * publisher of a letter the broker dead-lettered by itself is kept in a header instead.
 */
function movedProperties(message: GetMessage): Options.Publish {
  const properties = message.properties as unknown as Record<string, unknown>;
  const headers = (properties['headers'] ?? {}) as Record<string, unknown>;
  const publisher = headers[AMQP_HEADERS.deadLetterUserId] ?? properties['userId'] ?? '';
  const kept = Object.fromEntries(
    Object.entries(properties).filter(
      ([key, value]) => value !== undefined && key !== 'userId' && key !== 'headers',
    ),
  ) as Options.Publish;
  return { ...kept, headers: { ...headers, [AMQP_HEADERS.deadLetterUserId]: publisher } };
}
