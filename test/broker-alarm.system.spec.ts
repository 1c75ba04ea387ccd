import { ApiClient, type JobBody } from './support/api-client';
import { ledgerOf } from './support/ledger';
import { metricValue, scrapeMetrics } from './support/metrics-scrape';
import {
  startService,
  stopService,
  TEST_API_KEY,
  type RunningService,
} from './support/platform-processes';
import { startPrivateRabbitMq, type PrivateRabbitMq } from './support/private-rabbitmq';
import { createTestEnvironment, type TestEnvironment } from './support/test-environment';
import { waitFor } from './support/wait-for';

/** Longer than the long job's rest plus a publish timeout (PUBLISH_TIMEOUT_MS below). */
const ALARM_MS = 8_000;
const PUBLISH_TIMEOUT_MS = 3_000;
const PING_MS = 2_000;

/** One POST /v1/jobs made while the alarm held. */
interface Answer {
  readonly status: number;
  readonly code: string | undefined;
  readonly retryAfter: string | null;
  readonly ms: number;
  readonly id: string | undefined;
}

/**
 * A RabbitMQ resource alarm (memory or disk) blocks every connection that publishes: the broker
 * stops reading it, acknowledgements included, until the alarm ends. Here the memory watermark of
 * a private node is set below what it uses, so the alarm holds until the test lifts it.
 */
describe('RabbitMQ memory alarm: publishing blocked (a private node)', () => {
  let rabbit: PrivateRabbitMq;
  let env: TestEnvironment;
  const running: Partial<Record<'api' | 'status' | 'detection-worker', RunningService>> = {};
  let api: ApiClient;

  beforeAll(async () => {
    rabbit = await startPrivateRabbitMq();
    env = await createTestEnvironment();
    const extra = { AMQP_URL: rabbit.url, PUBLISH_TIMEOUT_MS: String(PUBLISH_TIMEOUT_MS) };
    for (const name of ['api', 'status', 'detection-worker'] as const)
      running[name] = await startService(name, env, extra);
    api = new ApiClient(`http://127.0.0.1:${running.api?.port ?? 0}`, TEST_API_KEY);
  }, 120_000);

  afterAll(async () => {
    await rabbit?.ctl('set_vm_memory_high_watermark', '0.4').catch(() => undefined);
    await Promise.all(Object.values(running).map((s) => stopService(s)));
    await rabbit?.remove();
    await env?.dispose();
  }, 60_000);

  const blockedGauge = async (service: RunningService): Promise<number | undefined> =>
    metricValue(await scrapeMetrics(service.port), 'jobmill_amqp_publishing_blocked');

  /** Commands the detection worker was handed, over all its lanes. */
  const deliveries = async (): Promise<number> => {
    const samples = await scrapeMetrics(running['detection-worker']?.port ?? 0);
    return samples
      .filter((s) => s.name === 'jobmill_amqp_messages_consumed_total')
      .filter((s) => s.labels['queue']?.includes('jobs.detection'))
      .reduce((sum, s) => sum + s.value, 0);
  };

  async function post(): Promise<Answer> {
    const started = Date.now();
    const res = await api.request('POST', '/v1/jobs', { type: 'system.ping', input: {} });
    const body = (await res.json()) as { id?: string; code?: string };
    return {
      status: res.status,
      code: body.code,
      retryAfter: res.headers.get('retry-after'),
      ms: Date.now() - started,
      id: res.status === 202 ? body.id : undefined,
    };
  }

  it('answers at once: 503 BROKER_BLOCKED recording nothing, or 202 for a command sent as the block came; the job running through it succeeds, delivered once; nothing else turns up', async () => {
    const first = await api.submit('system.ping', {});
    await api.waitForTerminal(first.id);
    const running_ = await api.submit('system.ping', { durationMs: PING_MS });
    await waitFor(
      'the long job to start',
      async () => ((await api.job(running_.id)).status === 'RUNNING' ? true : undefined),
      30_000,
      50,
    );

    await rabbit.ctl('set_vm_memory_high_watermark', 'absolute', '1MB');
    const answers: Answer[] = [];
    const until = Date.now() + ALARM_MS;
    while (Date.now() < until) {
      answers.push(await post());
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const gauges = {
      api: await blockedGauge(running.api as RunningService),
      worker: await blockedGauge(running['detection-worker'] as RunningService),
    };
    await rabbit.ctl('set_vm_memory_high_watermark', '0.4');

    const accepted = answers.flatMap((a) => (a.id ? [a.id] : []));
    const refused = answers.filter((a) => a.status === 503);
    const slowest = Math.max(...answers.map((a) => a.ms));
    console.log(
      `[broker-alarm] ${answers.length} submissions during ${ALARM_MS} ms of alarm: ${accepted.length} accepted, ${refused.length} refused; slowest answer ${slowest} ms`,
    );
    // The broker blocks a connection once it publishes: the API's first command of the alarm is
    // sent (read, and routed, when it ends), the next submissions are refused before anything is
    // recorded. None waits for a publish timeout.
    expect(answers.filter((a) => a.status !== 202 && a.status !== 503)).toEqual([]);
    expect(accepted.length).toBeLessThanOrEqual(1);
    expect(refused.length).toBeGreaterThan(answers.length / 2);
    for (const answer of refused) {
      expect(answer.code).toBe('BROKER_BLOCKED');
      expect(answer.retryAfter).toBe('5');
    }
    expect(slowest).toBeLessThan(PUBLISH_TIMEOUT_MS / 2);
    expect(gauges).toEqual({ api: 1, worker: 1 });

    // The job that ended during the alarm, and whatever was accepted, succeed once.
    const ids = [first.id, running_.id, ...accepted];
    await Promise.all(ids.map((id) => api.waitForTerminal(id, 60_000)));
    const ledger = await ledgerOf(api, ids, 'broker-alarm');
    expect(ledger).toMatchObject({ lost: 0, duplicated: 0, restarted: 0 });
    expect(ledger.byStatus).toEqual({ SUCCEEDED: ids.length });
    // Its command was not handed back while the worker's outcome waited for the broker.
    await waitFor(
      'the blocked gauges to fall',
      async () =>
        (await blockedGauge(running.api as RunningService)) === 0 &&
        (await blockedGauge(running['detection-worker'] as RunningService)) === 0
          ? true
          : undefined,
      10_000,
      200,
    );
    expect(await deliveries()).toBe(ids.length);

    // No refused submission turns up as a job once the broker reads again.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const list = (await (await api.request('GET', '/v1/jobs?limit=100')).json()) as {
      items: JobBody[];
    };
    expect(list.items.map((j) => j.id).sort()).toEqual([...ids].sort());
    const queues = await rabbit.ctl('list_queues', '-q', 'name', 'messages');
    const deadLetters = /dead-letter\.kept\s+(\d+)/.exec(queues)?.[1];
    expect(deadLetters ?? '0').toBe('0');
  });
});
