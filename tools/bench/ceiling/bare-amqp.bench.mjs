// The ceiling: bare amqplib on this broker, nothing of ours. One confirm channel publishes N
// persistent messages the size of one of our job commands (with the same properties) to a
// quorum queue, while a second channel consumes with manual ack (prefetch 500); timed until
// every message is both confirmed and consumed. Copied in spirit from
// libs/messaging/bench/transport.bench.ts (its "bare" part), without importing it.
import amqp from 'amqplib';
import { commandMessage } from '../e2e/amqp-command.mjs';
import { nowMs } from '../lib/wait.mjs';

const PREFETCH = 500;

async function once(connection, queue, messages, sample) {
  const pub = await connection.createConfirmChannel();
  const sub = await connection.createChannel();
  await sub.prefetch(PREFETCH);
  const t0 = nowMs();
  let consumed = 0;
  const allConsumed = new Promise((resolve) => {
    void sub.consume(queue, (m) => {
      if (!m) return;
      sub.ack(m);
      if (++consumed === messages) resolve();
    });
  });
  const confirms = Array.from(
    { length: messages },
    () =>
      new Promise((resolve, reject) =>
        pub.sendToQueue(queue, sample.body, sample.options, (err) =>
          err ? reject(new Error('publish nacked')) : resolve(),
        ),
      ),
  );
  await Promise.all([...confirms, allConsumed]);
  const seconds = (nowMs() - t0) / 1000;
  await pub.close();
  await sub.close();
  return { messages, seconds, rate: messages / seconds };
}

/** Runs `reps` rounds (after one warm-up) on a fresh quorum queue; returns each round's rate. */
export async function bareAmqpCeiling({ amqpUrl, prefix, messages, reps, jobType, input }) {
  const sample = commandMessage({ jobType, input, tenant: 'b0' });
  delete sample.options.mandatory;
  const connection = await amqp.connect(amqpUrl);
  const queue = `${prefix}ceiling`;
  const runs = [];
  try {
    const ch = await connection.createChannel();
    await ch.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await ch.close();
    await once(connection, queue, Math.min(messages, 2_000), sample);
    for (let rep = 0; rep < reps; rep++) runs.push(await once(connection, queue, messages, sample));
    const cleanup = await connection.createChannel();
    await cleanup.deleteQueue(queue);
    await cleanup.close();
  } finally {
    await connection.close();
  }
  return { runs, messageBytes: sample.body.length };
}
