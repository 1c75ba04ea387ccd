/**
 * Transport benchmark: bare amqplib persistent publish (confirms) + consume (manual ack) on a
 * quorum queue, against this library's executor + consumer on the same broker, same run; and
 * the same executor + consumer on the in-process broker of embedded mode, for scale.
 * One command per message unless said otherwise. Like the ceiling row of `npm run bench`, every
 * path first runs one untimed warm-up round (WARM_UP messages): a cold first round, timed, had
 * set the median below the warm rounds.
 * Run: node -r @swc-node/register libs/transport/bench/transport.bench.ts [messages] [rounds]
 */
import { connect } from 'amqplib';
import { createCommand, newId, parseEnvelopes, type JobCommand } from '@jobmill/contracts';
import { InProcessBroker } from '../src/in-process/in-process.broker';
import { Transport } from '../src/transport.facade';
import { encodeEnvelope, toCommandAmqpProperties } from '../src/publishing/amqp-properties.mapper';
import { recordingLogger, TEST_AMQP_URL, TestBroker } from '../src/testing/test-broker.fixture';

const MESSAGES = Number(process.argv[2] ?? 20_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const PREFETCH = 500;
const WARM_UP = Math.min(MESSAGES, 2_000);

const commands = (count: number): JobCommand[] =>
  Array.from(
    { length: count },
    () =>
      createCommand({
        jobId: newId(),
        jobType: 'detection.vad',
        data: { input: { uploadId: newId() } },
        tenant: 'bench',
        source: '/bench',
      }) as JobCommand,
  );

/** Bare amqplib: one confirm channel publishing everything, one channel consuming with acks. */
async function bare(queue: string, batch: readonly JobCommand[]): Promise<number> {
  const model = await connect(TEST_AMQP_URL);
  const pub = await model.createConfirmChannel();
  const sub = await model.createChannel();
  await sub.prefetch(PREFETCH);
  const started = Date.now();
  let consumed = 0;
  const allConsumed = new Promise<void>((resolve) => {
    void sub.consume(queue, (m) => {
      if (!m) return;
      sub.ack(m);
      if (++consumed === batch.length) resolve();
    });
  });
  const confirms = batch.map(
    (c) =>
      new Promise<void>((resolve, reject) =>
        pub.sendToQueue(queue, encodeEnvelope(c), toCommandAmqpProperties(c), (err: unknown) =>
          err ? reject(err instanceof Error ? err : new Error('publish failed')) : resolve(),
        ),
      ),
  );
  await Promise.all([...confirms, allConsumed]);
  const rate = batch.length / ((Date.now() - started) / 1000);
  await model.close();
  return rate;
}

/**
 * This library: AmqpCommandExecutor + MessageConsumer.consume (ack outcome). `single`: one
 * command per message (execute, many confirms in flight), comparable with bare amqplib;
 * `batch`: executeMany, which sends CloudEvents batches, counted in commands.
 */
async function ours(
  transport: Transport,
  batch: readonly JobCommand[],
  mode: 'single' | 'batch' = 'single',
): Promise<number> {
  const started = Date.now();
  let consumed = 0;
  let done: () => void = () => undefined;
  const allConsumed = new Promise<void>((resolve) => (done = resolve));
  const sub = transport.consumer.consume({
    queue: transport.names.detectionQueue,
    prefetch: PREFETCH,
    handler: async (message) => {
      consumed += parseEnvelopes(message.body, message.properties.contentType).length;
      if (consumed === batch.length) done();
      return { kind: 'ack' };
    },
  });
  const sent =
    mode === 'batch'
      ? transport.executor.executeMany(batch)
      : Promise.all(batch.map((command) => transport.executor.execute(command)));
  await Promise.all([sent, allConsumed]);
  const rate = batch.length / ((Date.now() - started) / 1000);
  await sub.stop(5_000);
  return rate;
}

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function main(): Promise<void> {
  const broker = await TestBroker.open();
  const bareQueue = await broker.queue('bare', { 'x-queue-type': 'quorum' });
  const transport = new Transport({
    url: TEST_AMQP_URL,
    prefix: broker.prefix,
    connectionName: 'transport-bench',
    role: 'detection',
    publishTimeoutMs: 60_000,
    logger: recordingLogger(),
  });
  transport.start();
  await transport.waitUntilConnected(5_000);
  const inProcess = new Transport({
    url: TEST_AMQP_URL,
    prefix: broker.prefix,
    connectionName: 'transport-bench-in-process',
    role: 'detection',
    broker: new InProcessBroker(),
    logger: recordingLogger(),
  });
  inProcess.start();
  await inProcess.waitUntilConnected(5_000);
  const bareRates: number[] = [];
  const ourRates: number[] = [];
  const inProcessRates: number[] = [];
  const batchRates: number[] = [];
  try {
    await bare(bareQueue, commands(WARM_UP));
    await ours(transport, commands(WARM_UP));
    await ours(inProcess, commands(WARM_UP));
    await ours(transport, commands(WARM_UP), 'batch');
    for (let round = 1; round <= ROUNDS; round++) {
      bareRates.push(await bare(bareQueue, commands(MESSAGES)));
      ourRates.push(await ours(transport, commands(MESSAGES)));
      inProcessRates.push(await ours(inProcess, commands(MESSAGES)));
      batchRates.push(await ours(transport, commands(MESSAGES), 'batch'));
      console.log(
        `round ${round}: bare ${bareRates[round - 1]?.toFixed(0)} msg/s, ours ${ourRates[round - 1]?.toFixed(0)} msg/s, ` +
          `in-process ${inProcessRates[round - 1]?.toFixed(0)} msg/s, batches ${batchRates[round - 1]?.toFixed(0)} commands/s`,
      );
    }
  } finally {
    await inProcess.close();
    await transport.close();
    await broker.cleanUp();
  }
  const ratio = median(ourRates) / median(bareRates);
  console.log(
    `${MESSAGES} persistent messages on quorum queues, median of ${ROUNDS} after a warm-up: bare amqplib ${median(bareRates).toFixed(0)} msg/s, ` +
      `executor+consumer ${median(ourRates).toFixed(0)} msg/s, ratio ${(ratio * 100).toFixed(1)} % ` +
      `(target >= 80 %: ${ratio >= 0.8 ? 'met' : 'NOT met'}); ` +
      `in-process broker (embedded mode) ${median(inProcessRates).toFixed(0)} msg/s; ` +
      `commands sent together (CloudEvents batches of 500) ${median(batchRates).toFixed(0)} commands/s`,
  );
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
