import { ApiClient } from './support/api-client';
import { jsonOf, type QueueItem, type WorkerInstance } from './support/operations-api';
import { PLATFORM_MODE, usePlatform } from './support/platform-fixture';
import {
  OTHER_TENANT_KEY,
  startService,
  stopService,
  type RunningService,
} from './support/platform-processes';
import type { TestEnvironment } from './support/test-environment';
import { waitFor } from './support/wait-for';

// Fair sharing between tenants (FAIR_SHARE auto: the live workers' slots). Tenant acme fills the
// queue with 10,000 jobs; tenant globex then submits one. globex's job waits for the next free
// slot, not behind acme's backlog, across two worker instances (one process in embedded mode).

const ADMIN_KEY = 'admin-key-0123456789';
const BACKLOG = 10_000;
const BATCH = 1_000;
const JOB_MS = 500;
const CONCURRENCY = 2;

interface TimedJob {
  readonly id: string;
  readonly status: string;
  readonly createdAt: string;
  readonly startedAt: string | null;
}

const waitMs = (job: TimedJob): number =>
  Date.parse(job.startedAt ?? new Date().toISOString()) - Date.parse(job.createdAt);

describe(`fair sharing between tenants (${PLATFORM_MODE})`, () => {
  const worker = { WORKER_CONCURRENCY: String(CONCURRENCY) };
  const platform = usePlatform({ api: { ADMIN_API_KEYS: ADMIN_KEY }, 'detection-worker': worker });
  const extra: RunningService[] = [];
  const workers = PLATFORM_MODE === 'embedded' ? 1 : 2;

  beforeAll(async () => {
    if (PLATFORM_MODE === 'distributed')
      extra.push(
        await startService('detection-worker', platform.env as TestEnvironment, {
          ...worker,
          WORKER_INSTANCE_ID: 'detection-worker-2',
        }),
      );
  }, 120_000);

  afterAll(async () => {
    await Promise.all(extra.map((s) => stopService(s)));
  }, 60_000);

  it("starts another tenant's job at the next free slot, not behind a backlog of 10,000", async () => {
    const admin = new ApiClient(platform.api.baseUrl, ADMIN_KEY);
    const acme = platform.api;
    const globex = new ApiClient(platform.api.baseUrl, OTHER_TENANT_KEY);
    // The share is the slots of the live workers that run system.ping: wait for their heartbeats.
    // (The embedded process reports the slots of all its runners.)
    const slots = await waitFor('every detection worker to beat', async () => {
      const { items } = await jsonOf<{ items: WorkerInstance[] }>(
        admin.request('GET', '/v1/admin/workers'),
      );
      const running = items.filter((w) => !w.stale && w.jobTypes.includes('system.ping'));
      return running.length === workers ? running.reduce((n, w) => n + w.slots, 0) : undefined;
    });

    const ping = { type: 'system.ping', input: { durationMs: JOB_MS } };
    for (let sent = 0; sent < BACKLOG; sent += BATCH) {
      const res = await acme.request('POST', '/v1/jobs/batch', {
        jobs: Array.from({ length: BATCH }, () => ping),
      });
      expect(res.status).toBe(202);
    }
    const lanes = await waitFor('acme to fill the slots', async () => {
      const { items } = await jsonOf<{ items: QueueItem[] }>(
        admin.request('GET', '/v1/admin/queues'),
      );
      const running = await jsonOf<{ counts: Record<string, number> }>(
        acme.request('GET', '/v1/jobs/summary'),
      );
      return (running.counts['RUNNING'] ?? 0) >= CONCURRENCY * workers ? items : undefined;
    });
    const lane = (backlog: boolean) =>
      lanes.find(
        (l) => l.jobType === 'system.ping' && l.priority === 'normal' && l.backlog === backlog,
      );
    // Past its share, acme's jobs wait in the backlog lane; the normal lane holds at most the share.
    expect(lane(false)?.depth ?? -1).toBeLessThanOrEqual(slots);
    expect(lane(true)?.depth ?? 0).toBeGreaterThan(0);

    const res = await globex.request('POST', '/v1/jobs', ping);
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const done = await globex.waitForTerminal(id, 30_000);
    expect(done.status).toBe('SUCCEEDED');
    const quiet = (await (await globex.request('GET', `/v1/jobs/${id}`)).json()) as TimedJob;

    const page = await jsonOf<{ items: TimedJob[] }>(
      acme.request('GET', '/v1/jobs?status=SUCCEEDED&limit=100'),
    );
    const busyWaits = page.items.map(waitMs).sort((a, b) => a - b);
    const summary = await jsonOf<{ counts: Record<string, number> }>(
      acme.request('GET', '/v1/jobs/summary'),
    );
    console.log(
      `[fair-share] ${workers} worker instance(s), ${slots} slots, jobs of ${JOB_MS} ms: ` +
        `globex's one job waited ${waitMs(quiet)} ms; acme's ${page.items.length} finished so far ` +
        `waited ${busyWaits[0]}-${busyWaits.at(-1)} ms, ${summary.counts['QUEUED'] ?? 0} still queued ` +
        `(about ${Math.round(((summary.counts['QUEUED'] ?? 0) * JOB_MS) / (CONCURRENCY * workers) / 1000)} s of work)`,
    );
    // About one job length: the first slot freed is its. Behind the backlog it would be minutes.
    expect(waitMs(quiet)).toBeLessThan(2 * JOB_MS + 1_500);
  });
});
