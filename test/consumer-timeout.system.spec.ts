import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  createCommand,
  newId,
  parseEventType,
  topologyNames,
  type JobCommand,
  type JobEvent,
} from '@jobmill/contracts';
import {
  JobCommandRunnerFactory,
  type JobCommandRunner,
  type JobHandler,
} from '@jobmill/job-runtime';
import { MemoryRunRegistry } from '@jobmill/job-runtime/testing';
import { Transport } from '@jobmill/transport';
import { AmqpTap } from './support/amqp-tap';
import { startPrivateRabbitMq, type PrivateRabbitMq } from './support/private-rabbitmq';
import { waitFor } from './support/wait-for';

/**
 * RabbitMQ checks the delivery-acknowledgement timeout on each channel's tick, once a minute by
 * default; both nodes tick every second here, so a job need only outlive the shortened timeout.
 */
const TICK = '[{rabbit, [{channel_tick_interval, 1000}]}].\n';
const JOB_MS = 9_000;
const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** The consumer_timeout line of the broker settings every deployment ships. */
function deployedConsumerTimeout(): string {
  const conf = readFileSync(path.join(__dirname, '../deploy/rabbitmq/rabbitmq.conf'), 'utf8');
  const line = conf.split('\n').find((l) => /^\s*consumer_timeout\s*=/.test(l));
  if (!line) throw new Error('deploy/rabbitmq/rabbitmq.conf sets no consumer_timeout');
  return line.trim();
}

/** One broker, one worker loop, one job that outlives the broker's shortened timeout. */
class LongJobRun {
  readonly registry = new MemoryRunRegistry();
  runs = 0;
  private firstStart = 0;
  private messaging!: Transport;
  private runner!: JobCommandRunner;
  private tap!: AmqpTap;
  events: Array<{ content: Buffer }> = [];
  readonly command: JobCommand = createCommand({
    jobId: newId(),
    jobType: 'detection.vad',
    data: { input: { uploadId: newId() } },
    tenant: 'acme',
    source: '/test',
  });

  constructor(readonly broker: PrivateRabbitMq) {}

  async start(): Promise<void> {
    const handler: JobHandler = {
      run: async () => {
        this.runs += 1;
        this.firstStart ||= Date.now();
        // Every run ends when the first would have: a redelivery re-runs, it does not add time.
        await new Promise((r) => setTimeout(r, Math.max(0, this.firstStart + JOB_MS - Date.now())));
        const result = { segments: [], speechRatio: 0, duration: 1, sampleRate: 8000, channels: 1 };
        return { status: 'succeeded', result };
      },
    };
    const prefix = `ct-${newId().slice(0, 6)}.`;
    this.messaging = new Transport({
      url: this.broker.url,
      prefix,
      connectionName: 'consumer-timeout-test',
      role: 'detection',
      logger: quiet,
    });
    this.messaging.start();
    await this.messaging.waitUntilConnected(10_000);
    this.tap = await AmqpTap.open(this.broker.url);
    this.events = await this.tap.tap(topologyNames(prefix).events);
    this.runner = new JobCommandRunnerFactory(this.messaging).create({
      queue: this.messaging.names.detectionQueue,
      prefetch: 1,
      source: '/test/worker',
      workerId: 'w',
      handlers: { 'detection.vad': handler },
      runs: this.registry,
    });
    this.runner.start();
    await this.messaging.executor.execute(this.command);
  }

  parsed(): JobEvent[] {
    return this.events.map((m) => JSON.parse(m.content.toString()) as JobEvent);
  }

  names(): string[] {
    return this.parsed().map((e) => String(parseEventType(e.type)));
  }

  async stop(): Promise<void> {
    await this.runner?.stop(1_000);
    await this.tap?.close();
    await this.messaging?.close();
  }
}

describe('jobs longer than the delivery-acknowledgement timeout (private nodes)', () => {
  let short: PrivateRabbitMq;
  let deployed: PrivateRabbitMq;
  const runs: LongJobRun[] = [];

  beforeAll(async () => {
    // 5 s stands in for RabbitMQ's 30-minute default: a job outlives it as a long job outlives 30 min.
    [short, deployed] = await Promise.all([
      startPrivateRabbitMq(['consumer_timeout = 5000'], TICK),
      startPrivateRabbitMq([deployedConsumerTimeout()], TICK),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(runs.map((r) => r.stop()));
    await Promise.all([short?.remove(), deployed?.remove()]);
  }, 60_000);

  it('keep their channel with the deployed setting; with a short one the broker takes the delivery back', async () => {
    const [onShort, onDeployed] = [new LongJobRun(short), new LongJobRun(deployed)];
    runs.push(onShort, onDeployed);
    await Promise.all([onShort.start(), onDeployed.start()]);
    const done = (r: LongJobRun) => r.names().includes('succeeded');
    await waitFor(
      'both jobs to finish',
      async () => (done(onShort) && done(onDeployed) ? true : undefined),
      JOB_MS + 40_000,
      500,
    );

    // Deployed setting: one delivery, one run, one outcome.
    expect(onDeployed.runs).toBe(1);
    expect(onDeployed.registry.claims.map((c) => c.takeOver)).toEqual([false]);
    expect(onDeployed.names()).toEqual(['started', 'succeeded']);
    // Shortened timeout: the broker closed the channel and redelivered mid-job (the hazard the
    // setting prevents); the inbox still let the job have exactly one outcome.
    expect(onShort.registry.claims.some((c) => c.takeOver)).toBe(true);
    expect(onShort.runs).toBe(2);
    const terminal = onShort.parsed().filter((e) => parseEventType(e.type) === 'succeeded');
    expect(new Set(terminal.map((e) => e.id)).size).toBe(1);
    console.log(
      `[consumer-timeout] deployed: ${onDeployed.runs} run(s); shortened timeout: ${onShort.runs} runs, redelivered mid-job`,
    );
  });
});
