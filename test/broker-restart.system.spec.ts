import { ApiClient } from './support/api-client';
import { ledgerOf } from './support/ledger';
import {
  startService,
  stopService,
  TEST_API_KEY,
  type RunningService,
} from './support/platform-processes';
import { startPrivateRabbitMq, type PrivateRabbitMq } from './support/private-rabbitmq';
import { makeSpeechFixture } from './support/speech-fixture';
import { createTestEnvironment, type TestEnvironment } from './support/test-environment';
import { waitFor } from './support/wait-for';

const OUTAGE_MS = 8_000;

/** What the API answered to each submission while the broker went away and came back. */
interface Answers {
  readonly accepted: string[];
  unavailable: number;
  /** 503s without a Retry-After header, and any status other than 202/503. */
  readonly wrong: string[];
}

describe('RabbitMQ restarted (stop_app / start_app) under load (a private node)', () => {
  let rabbit: PrivateRabbitMq;
  let env: TestEnvironment;
  const running: RunningService[] = [];
  let api: ApiClient;

  beforeAll(async () => {
    rabbit = await startPrivateRabbitMq();
    env = await createTestEnvironment();
    const extra = { AMQP_URL: rabbit.url, PUBLISH_TIMEOUT_MS: '2000' };
    for (const name of ['api', 'status', 'detection-worker'] as const)
      running.push(await startService(name, env, extra));
    api = new ApiClient(`http://127.0.0.1:${running[0]?.port ?? 0}`, TEST_API_KEY);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(running.map((s) => stopService(s)));
    await rabbit?.remove();
    await env?.dispose();
  }, 60_000);

  /** Submits one job after another until `until` resolves, recording every answer. */
  async function submitUntil(uploadId: string, until: Promise<unknown>): Promise<Answers> {
    const answers: Answers = { accepted: [], unavailable: 0, wrong: [] };
    let done = false;
    void until.finally(() => (done = true));
    while (!done) {
      const res = await api.request('POST', '/v1/jobs', {
        type: 'detection.vad',
        input: { uploadId },
      });
      if (res.status === 202) answers.accepted.push(((await res.json()) as { id: string }).id);
      else if (res.status === 503 && res.headers.get('retry-after')) answers.unavailable += 1;
      else answers.wrong.push(`${res.status} ${await res.text()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return answers;
  }

  it('answers 503 + Retry-After meanwhile, reconnects by itself, and finishes every accepted job', async () => {
    const fixture = makeSpeechFixture(env.workDir, ['The broker will be back.'], [0.3, 0.3]);
    const uploadId = await api.upload(fixture.file);
    let restartedAt = 0;
    let stoppedAt = 0;
    const outage = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      stoppedAt = Date.now();
      await rabbit.stopApp();
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
      await rabbit.startApp();
      restartedAt = Date.now();
      // Keep submitting until the API accepts again, plus a little load after it.
      await waitFor(
        'the API to accept jobs again',
        async () => {
          const res = await fetch(`${api.baseUrl}/health/ready`);
          return res.status === 200 ? true : undefined;
        },
        60_000,
        200,
      );
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    })();
    const answers = await submitUntil(uploadId, outage);
    await outage;
    expect(answers.wrong).toEqual([]);
    expect(answers.unavailable).toBeGreaterThan(0);

    await Promise.all(answers.accepted.map((id) => api.waitForTerminal(id, 90_000)));
    console.log(
      `[broker-restart] ${answers.accepted.length} accepted, ${answers.unavailable} answered 503; broker down ${restartedAt - stoppedAt} ms; all accepted jobs terminal ${Date.now() - restartedAt} ms after it came back`,
    );
    const ledger = await ledgerOf(api, answers.accepted, 'broker-restart');
    expect(ledger).toMatchObject({
      accepted: answers.accepted.length,
      completed: answers.accepted.length,
      lost: 0,
      duplicated: 0,
    });
    expect(ledger.byStatus).toEqual({ SUCCEEDED: answers.accepted.length });
    // Every service reconnected by itself: all ready again, none restarted.
    for (const service of running) {
      expect(service.process.exitCode).toBeNull();
      expect((await fetch(`http://127.0.0.1:${service.port}/health/ready`)).status).toBe(200);
    }
  });
});
