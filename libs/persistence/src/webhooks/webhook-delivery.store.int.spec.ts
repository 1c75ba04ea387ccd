import type { DataSource } from 'typeorm';
import { openDatabase } from '../data-source/open-database';
import { JobStore } from '../jobs/job.store';
import { JobProjector } from '../projection/job-projector';
import { runSql } from '../shared/run-sql';
import { JobScript } from '../testing/job-script.fixture';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import type { ClaimedDelivery } from './webhook-delivery';
import { WebhookDeliveryStore } from './webhook-delivery.store';
import { WebhookSecretStore } from './webhook-secret.store';

const URL = 'https://hooks.example.com/jobmill';

describe('WebhookDeliveryStore', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let projector: JobProjector;
  let jobs: JobStore;
  let deliveries: WebhookDeliveryStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase(db.options);
    projector = new JobProjector(ds);
    jobs = new JobStore(ds);
    deliveries = new WebhookDeliveryStore(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  beforeEach(() => runSql(ds, 'DELETE FROM webhook_deliveries'));

  const rowsOf = async (jobId: string) =>
    (
      await runSql<{ job_attempt: number; job_status: string; state: string; url: string }>(
        ds,
        `SELECT job_attempt, job_status, state, url FROM webhook_deliveries WHERE job_id = $1
         ORDER BY created_at, job_attempt`,
        [jobId],
      )
    ).rows;
  const claimAll = () => deliveries.claimDue(100, 60_000);

  it('schedules one delivery when a job with a callbackUrl reaches a terminal state', async () => {
    const s = new JobScript('acme', Date.UTC(2026, 0, 1), 3, URL);
    await projector.project([s.commandCopy(), s.started()]);
    expect(await rowsOf(s.jobId)).toEqual([]);
    await projector.project([s.succeeded()]);
    // A replayed terminal event schedules nothing more.
    await projector.project([s.succeeded()]);
    expect(await rowsOf(s.jobId)).toEqual([
      { job_attempt: 1, job_status: 'SUCCEEDED', state: 'PENDING', url: URL },
    ]);
    expect((await jobs.findById('acme', s.jobId))?.callbackUrl).toBe(URL);
  });

  it('schedules nothing for a job without a callbackUrl', async () => {
    const s = new JobScript();
    await projector.project(s.happyPath());
    expect(await rowsOf(s.jobId)).toEqual([]);
  });

  it('schedules a command and its terminal event projected in one batch', async () => {
    const s = new JobScript('acme', Date.UTC(2026, 0, 1), 3, URL);
    await projector.project([s.commandCopy(), s.failed()]);
    expect(await rowsOf(s.jobId)).toMatchObject([{ job_status: 'FAILED' }]);
  });

  it('gives a FAILED job retried by hand that later SUCCEEDS a second delivery', async () => {
    const s = new JobScript('acme', Date.UTC(2026, 0, 1), 3, URL);
    await projector.project([s.commandCopy(), s.started(), s.failed()]);
    // The API reopens the job for attempt 2 (as RetryJobHandler does).
    await runSql(ds, `UPDATE jobs SET status = 'QUEUED', attempt = 2 WHERE id = $1`, [s.jobId]);
    await projector.project([s.commandCopy(2), s.started(2), s.succeeded(2)]);
    expect(await rowsOf(s.jobId)).toMatchObject([
      { job_attempt: 1, job_status: 'FAILED' },
      { job_attempt: 2, job_status: 'SUCCEEDED' },
    ]);
  });

  it('schedules a delivery for a job the API cancels directly', async () => {
    const s = new JobScript('acme', Date.UTC(2026, 0, 1), 3, URL);
    await projector.project([s.commandCopy()]);
    await runSql(ds, `UPDATE jobs SET status = 'CANCELLED' WHERE id = $1`, [s.jobId]);
    expect(await rowsOf(s.jobId)).toMatchObject([{ job_status: 'CANCELLED' }]);
  });

  it('claims a due delivery once, with the job, and hides it while it is being tried', async () => {
    const s = new JobScript('acme', Date.UTC(2026, 0, 1), 3, URL);
    await projector.project(s.happyPath());
    const [first, ...others] = await claimAll();
    expect(others).toEqual([]);
    expect(first).toMatchObject({ jobId: s.jobId, attempt: 1, body: null, jobStatus: 'SUCCEEDED' });
    expect(first?.job).toMatchObject({ id: s.jobId, status: 'SUCCEEDED', callbackUrl: URL });
    expect(await claimAll()).toEqual([]);
  });

  it('lets concurrent claims share the due deliveries without overlap (SKIP LOCKED)', async () => {
    const scripts = Array.from({ length: 6 }, () => new JobScript('acme', Date.now(), 3, URL));
    await projector.project(scripts.flatMap((s) => s.happyPath()));
    const claims = await Promise.all([1, 2, 3].map(() => deliveries.claimDue(2, 60_000)));
    const ids = claims.flat().map((d) => d.jobId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length + (await claimAll()).length).toBe(6);
  });

  it('records attempts in the job history and reschedules, delivers or gives up', async () => {
    const s = new JobScript('acme', Date.UTC(2026, 0, 1), 3, URL);
    await projector.project(s.happyPath());
    const [first] = (await claimAll()) as [ClaimedDelivery];
    await deliveries.record({
      delivery: first,
      body: '{"v":1}',
      delivered: false,
      nextAttemptAt: new Date(Date.now() - 1000).toISOString(),
      statusCode: 500,
      code: 'WEBHOOK_HTTP_STATUS',
      message: 'answered 500',
    });
    const [second] = (await claimAll()) as [ClaimedDelivery];
    expect(second).toMatchObject({ attempt: 2, body: '{"v":1}' });
    await deliveries.record({
      delivery: second,
      body: '{"v":2}',
      delivered: true,
      nextAttemptAt: null,
      statusCode: 204,
    });
    expect(await claimAll()).toEqual([]);
    expect(await rowsOf(s.jobId)).toMatchObject([{ state: 'DELIVERED' }]);
    const history = (await jobs.history('acme', s.jobId)).filter((e) =>
      e.name.startsWith('webhook'),
    );
    expect(history).toMatchObject([
      {
        name: 'webhook.failed',
        attempt: 1,
        data: {
          deliveryAttempt: 1,
          statusCode: 500,
          error: { code: 'WEBHOOK_HTTP_STATUS' },
          final: false,
        },
      },
      { name: 'webhook.delivered', data: { deliveryAttempt: 2, statusCode: 204 } },
    ]);
  });

  it('marks a delivery FAILED for good when no next attempt is given', async () => {
    const s = new JobScript('acme', Date.UTC(2026, 0, 1), 3, URL);
    await projector.project([s.commandCopy(), s.failed()]);
    const [first] = (await claimAll()) as [ClaimedDelivery];
    await deliveries.record({
      delivery: first,
      body: '{}',
      delivered: false,
      nextAttemptAt: null,
      code: 'X',
      message: 'x',
    });
    expect(await rowsOf(s.jobId)).toMatchObject([{ state: 'FAILED' }]);
    const [entry] = (await jobs.history('acme', s.jobId)).filter(
      (e) => e.name === 'webhook.failed',
    );
    expect(entry?.data).toMatchObject({ final: true });
  });
});

describe('WebhookSecretStore', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase(db.options);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('returns each tenant its newest secret, and the one it replaced within the grace', async () => {
    const secrets = new WebhookSecretStore(ds);
    const first = await secrets.rotate('acme');
    expect(first.previousSignsUntil).toBeNull();
    expect(await secrets.signing(['acme'])).toEqual(
      new Map([['acme', { newest: first.secret, previous: null, inGrace: false }]]),
    );
    const second = await secrets.rotate('acme', 3600);
    expect(second.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(second.secret).not.toBe(first.secret);
    const graceMs = Date.parse(second.previousSignsUntil ?? '') - Date.parse(second.createdAt);
    expect(graceMs).toBeGreaterThanOrEqual(3_599_000);
    expect(graceMs).toBeLessThanOrEqual(3_601_000);
    expect(await secrets.signing(['acme', 'globex'])).toEqual(
      new Map([['acme', { newest: second.secret, previous: first.secret, inGrace: true }]]),
    );
    const third = await secrets.rotate('acme');
    expect(await secrets.signing(['acme'])).toEqual(
      new Map([['acme', { newest: third.secret, previous: second.secret, inGrace: false }]]),
    );
  });
});
