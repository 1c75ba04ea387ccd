import { topologyNames } from '@jobmill/contracts';
import { ApiClient } from './support/api-client';
import { AmqpTap } from './support/amqp-tap';
import { ledgerOf } from './support/ledger';
import {
  startService,
  stopService,
  TEST_API_KEY,
  type RunningService,
} from './support/platform-processes';
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres';
import { partnerCommand } from './support/partner-command';
import { makeSpeechFixture } from './support/speech-fixture';
import { AMQP_URL, createTestEnvironment, type TestEnvironment } from './support/test-environment';
import { waitFor } from './support/wait-for';

const JOBS = 40;
/** Commands another system publishes straight onto the exchange while the database is away. */
const DIRECT = 5;
const OUTAGE_MS = 20_000;

describe('PostgreSQL stopped for ~20 s under load (a private cluster)', () => {
  let pg: PrivatePostgres;
  let env: TestEnvironment;
  let tap: AmqpTap;
  const running: RunningService[] = [];

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    env = await createTestEnvironment();
    const databaseUrl = await pg.createDatabase('jobmill_outage');
    // Small projection batches: while stuck, the status queue visibly keeps what it cannot ack.
    const extra = { DATABASE_URL: databaseUrl, PROJECTION_BATCH_SIZE: '10' };
    for (const name of ['api', 'status', 'detection-worker'] as const)
      running.push(await startService(name, env, extra));
    tap = await AmqpTap.open();
  }, 120_000);

  afterAll(async () => {
    await tap?.close();
    await Promise.all(running.map((s) => stopService(s)));
    await pg?.remove();
    await env?.dispose();
  }, 60_000);

  const port = (name: string) => running.find((s) => s.name === name)?.port ?? 0;
  const ready = async (name: string) =>
    (await fetch(`http://127.0.0.1:${port(name)}/health/ready`)).status;

  it('stops acking, reports not ready, and catches up afterwards with nothing lost', async () => {
    const api = new ApiClient(`http://127.0.0.1:${port('api')}`, TEST_API_KEY);
    const names = topologyNames(env.topologyPrefix);
    const fixture = makeSpeechFixture(env.workDir, ['The database will be back.'], [0.3, 0.3]);
    const uploadId = await api.upload(fixture.file);
    const res = await api.request('POST', '/v1/jobs/batch', {
      jobs: Array.from({ length: JOBS }, () => ({ type: 'detection.vad', input: { uploadId } })),
    });
    expect(res.status).toBe(202);
    const ids = ((await res.json()) as { jobs: Array<{ id: string }> }).jobs.map((j) => j.id);

    await pg.stop();
    const stoppedAt = Date.now();
    await waitFor('status to report not ready', async () =>
      (await ready('status')) === 503 ? true : undefined,
    );
    // The 40 jobs may all be done before the database goes: commands published now surely reach
    // the status queue (it takes a copy of each), and nothing is acked while the database is away.
    const direct = Array.from({ length: DIRECT }, () => partnerCommand());
    for (const command of direct)
      tap.channel.publish(names.commands, 'system.ping', Buffer.from(JSON.stringify(command)), {
        persistent: true,
        mandatory: true,
        contentType: 'application/cloudevents+json',
        messageId: command.id,
        userId: new URL(AMQP_URL).username || 'guest',
      });
    await tap.channel.waitForConfirms();
    ids.push(...direct.map((c) => c.subject));
    await waitFor('the status queue to hold messages', async () =>
      tap.held(names.statusQueue) > 0 ? true : undefined,
    );
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - stoppedAt))),
    );
    expect(await ready('status')).toBe(503);
    expect(await tap.backlog(names.deadLetterQueue)).toBe(0);

    await pg.start();
    const restartedAt = Date.now();
    await waitFor('status to be ready again', async () =>
      (await ready('status')) === 200 ? true : undefined,
    );
    await Promise.all(ids.map((id) => api.waitForTerminal(id, 90_000)));
    const recoverMs = Date.now() - restartedAt;
    console.log(
      `[database-outage] down ${restartedAt - stoppedAt} ms; all ${ids.length} jobs terminal ${recoverMs} ms after PostgreSQL came back`,
    );
    const ledger = await ledgerOf(api, ids, 'database-outage');
    const total = JOBS + DIRECT;
    expect(ledger).toMatchObject({ accepted: total, completed: total, lost: 0, duplicated: 0 });
    expect(ledger.byStatus).toEqual({ SUCCEEDED: total });
    // No message was given up on because of the outage.
    expect(await tap.backlog(names.deadLetterQueue)).toBe(0);
  });
});
