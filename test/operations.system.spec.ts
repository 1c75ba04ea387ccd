import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiClient, type JobBody } from './support/api-client';
import { PLATFORM_MODE, usePlatform } from './support/platform-fixture';
import {
  jsonOf,
  type BulkReport as Bulk,
  type QueueItem,
  type Queues,
  type WorkerInstance as Worker,
} from './support/operations-api';
import { OTHER_TENANT_KEY } from './support/platform-processes';
import { waitFor } from './support/wait-for';
import { silentWav } from './support/wav-bytes';

// The operations API under the dashboard, on the real services: workers, queues, pausing a job
// type, bulk actions, requeueing dead letters by type, and what a key without admin may not do.
// Search, timeline and waveform: job-search.system.spec.ts.

const ADMIN_KEY = 'admin-key-0123456789';

describe(`operations API (${PLATFORM_MODE})`, () => {
  const platform = usePlatform({ api: { ADMIN_API_KEYS: ADMIN_KEY } });
  const admin = (): ApiClient => new ApiClient(platform.api.baseUrl, ADMIN_KEY);
  const json = jsonOf;
  const queues = (): Promise<Queues> => json(admin().request('GET', '/v1/admin/queues'));
  const pingLane = async (): Promise<QueueItem> => {
    const lane = (await queues()).items.find(
      (i) => i.jobType === 'system.ping' && i.priority === 'normal',
    );
    if (!lane) throw new Error('no system.ping lane');
    return lane;
  };
  const bulk = (body: unknown, client = platform.api): Promise<Response> =>
    client.request('POST', '/v1/jobs/bulk', body);

  it('lists the running worker instances with a fresh heartbeat', async () => {
    const expected =
      PLATFORM_MODE === 'embedded' ? ['embedded'] : ['detection-worker', 'processing-worker'];
    const { items } = await waitFor('every worker instance to beat', async () => {
      const listed = await json<{ items: Worker[] }>(admin().request('GET', '/v1/admin/workers'));
      const services = listed.items.map((w) => w.service).sort();
      return JSON.stringify(services) === JSON.stringify(expected) ? listed : undefined;
    });
    for (const worker of items) {
      expect(worker.stale).toBe(false);
      expect(Date.now() - Date.parse(worker.lastHeartbeatAt)).toBeLessThan(5_000);
      expect(Date.parse(worker.startedAt)).toBeLessThanOrEqual(Date.parse(worker.lastHeartbeatAt));
      expect(worker.slots).toBeGreaterThan(0);
      expect(worker.inFlight).toBe(0);
    }
    const types = items.flatMap((w) => w.jobTypes).sort();
    expect(types).toEqual([
      'detection.vad',
      'processing.clips',
      'processing.normalize',
      'system.ping',
    ]);
    // The heartbeat moves on.
    const first = items[0] as Worker;
    await waitFor('a later heartbeat', async () => {
      const again = await json<{ items: Worker[] }>(admin().request('GET', '/v1/admin/workers'));
      const same = again.items.find((w) => w.instance === first.instance);
      return same && same.lastHeartbeatAt > first.lastHeartbeatAt ? true : undefined;
    });
  });

  it('pauses one job type of a queue: its jobs wait, the queue is still consumed; resumed, they run', async () => {
    const { api } = platform;
    await waitFor('the detection consumers', async () =>
      (await pingLane()).consumers > 0 ? true : undefined,
    );
    const paused = await json<{ type: string; paused: boolean; pausedAt: string }>(
      admin().request('POST', '/v1/admin/job-types/system.ping/pause'),
    );
    expect(paused).toMatchObject({ type: 'system.ping', paused: true });
    expect(Date.parse(paused.pausedAt)).not.toBeNaN();
    await waitFor('the pause to reach the workers (one heartbeat)', async () =>
      (await pingLane()).paused ? true : undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const job = await api.submit('system.ping', {});
    // detection.vad shares the queue and is not paused: the workers stay on it.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect((await pingLane()).consumers).toBeGreaterThan(0);
    expect((await api.job(job.id)).status).toBe('QUEUED');
    await admin().request('POST', '/v1/admin/job-types/system.ping/resume');
    expect((await api.waitForTerminal(job.id, 20_000)).status).toBe('SUCCEEDED');
  });

  it('pauses every job type of a queue: its jobs wait in the queue, whose depth moves; resumed, they run', async () => {
    const { api } = platform;
    await waitFor('the detection consumers', async () =>
      (await pingLane()).consumers > 0 ? true : undefined,
    );
    const paused = await json<{ type: string; paused: boolean; pausedAt: string }>(
      admin().request('POST', '/v1/admin/job-types/system.ping/pause'),
    );
    expect(paused).toMatchObject({ type: 'system.ping', paused: true });
    await admin().request('POST', '/v1/admin/job-types/detection.vad/pause');
    // Within the heartbeat (1 s) every instance cancels its consumers of the queue.
    await waitFor(
      'the consumers to go',
      async () => {
        const lane = await pingLane();
        return lane.paused && lane.consumers === 0 ? true : undefined;
      },
      5_000,
    );
    const types = await json<{ items: Array<{ type: string; paused: boolean }> }>(
      admin().request('GET', '/v1/admin/job-types'),
    );
    expect(types.items.find((t) => t.type === 'system.ping')?.paused).toBe(true);
    expect(types.items.find((t) => t.type === 'processing.normalize')?.paused).toBe(false);

    const jobs: JobBody[] = [];
    for (let i = 0; i < 4; i += 1) jobs.push(await api.submit('system.ping', {}));
    // Past the tenant's fair share (the workers' slots), some wait in the normal lane's backlog.
    const waiting = async () =>
      (await queues()).items
        .filter((i) => i.jobType === 'system.ping' && i.priority === 'normal')
        .reduce((n, i) => n + i.depth, 0);
    await waitFor('the depth to reach 4', async () => ((await waiting()) === 4 ? true : undefined));
    for (const job of jobs) expect((await api.job(job.id)).status).toBe('QUEUED');

    // Bulk cancel while they wait: a dry run counts, the action cancels exactly what it matched.
    const [kept, ...doomed] = jobs as [JobBody, ...JobBody[]];
    const filter = { type: 'system.ping', ids: doomed.map((j) => j.id) };
    const dry = await json<Bulk>(bulk({ action: 'cancel', filter, dryRun: true }));
    expect(dry).toEqual({ matched: 3, applied: 0, skipped: [] });
    for (const job of doomed) expect((await api.job(job.id)).status).toBe('QUEUED');
    expect(await json<Bulk>(bulk({ action: 'cancel', filter }))).toEqual({
      matched: 3,
      applied: 3,
      skipped: [],
    });
    for (const job of doomed) expect((await api.job(job.id)).status).toBe('CANCELLED');
    // The other tenant's key matches none of them.
    const other = new ApiClient(api.baseUrl, OTHER_TENANT_KEY);
    expect(await json<Bulk>(bulk({ action: 'cancel', filter: { ids: [kept.id] } }, other))).toEqual(
      {
        matched: 0,
        applied: 0,
        skipped: [],
      },
    );

    await admin().request('POST', '/v1/admin/job-types/detection.vad/resume');
    const resumed = await json<{ paused: boolean; pausedAt: null }>(
      admin().request('POST', '/v1/admin/job-types/system.ping/resume'),
    );
    expect(resumed).toEqual({ type: 'system.ping', paused: false, pausedAt: null });
    expect((await api.waitForTerminal(kept.id, 15_000)).status).toBe('SUCCEEDED');
    await waitFor('the queue to drain', async () => {
      const lane = await pingLane();
      return (await waiting()) === 0 && lane.consumers > 0 && !lane.paused ? true : undefined;
    });
    for (const job of doomed) expect((await api.job(job.id)).status).toBe('CANCELLED');
    const { rates } = await queues();
    expect(rates['system.ping']?.inPerMinute).toBeGreaterThan(0);
    expect((await admin().request('POST', '/v1/admin/job-types/no.such/pause')).status).toBe(404);
  });

  it('retries FAILED jobs in bulk, and refuses a filter matching more than 10,000 jobs', async () => {
    const { api, env } = platform;
    // A WAV whose data ends early: the detection fails for good (MALFORMED_WAV).
    const junk = path.join(env.workDir, 'junk-bulk.wav');
    await writeFile(junk, silentWav(2_000, 50_000));
    const uploadId = await api.upload(junk);
    const failed = [await api.submit('detection.vad', { uploadId })];
    failed.push(await api.submit('detection.vad', { uploadId }));
    for (const job of failed) expect((await api.waitForTerminal(job.id)).status).toBe('FAILED');
    const createdAfter = new Date(Date.now() - 60_000).toISOString();
    const filter = { type: 'detection.vad', status: 'FAILED', createdAfter };
    expect(await json<Bulk>(bulk({ action: 'retry', filter, dryRun: true }))).toMatchObject({
      matched: 2,
      applied: 0,
    });
    expect(await json<Bulk>(bulk({ action: 'retry', filter }))).toEqual({
      matched: 2,
      applied: 2,
      skipped: [],
    });
    for (const job of failed)
      await waitFor('the retry to fail again', async () => {
        const now = await api.job(job.id);
        return now.attempt === 2 && now.status === 'FAILED' ? true : undefined;
      });
    // Dead letters requeued by job type: another type's takes none of them.
    type Requeue = { requeued: Array<{ type: string; jobId: string }>; complete: boolean };
    const requeue = (body: unknown): Promise<Requeue> =>
      json<Requeue>(admin().request('POST', '/v1/admin/dead-letters/requeue', body));
    expect(await requeue({ jobType: 'processing.normalize' })).toMatchObject({
      requeued: [],
      complete: true,
    });
    const badType = await admin().request('POST', '/v1/admin/dead-letters/requeue', {
      jobType: 'no.such',
    });
    expect(await badType.json()).toMatchObject({ code: 'INVALID_JOB_TYPE' });
    const requeued = await requeue({ jobType: 'detection.vad' });
    expect(requeued.requeued.length).toBeGreaterThan(0);
    for (const letter of requeued.requeued) {
      expect(letter.type).toMatch(/\.detection\.vad\.requested\.v1$/);
      expect(failed.map((j) => j.id)).toContain(letter.jobId);
    }
    for (const job of failed) expect((await api.waitForTerminal(job.id)).status).toBe('FAILED');

    // Cancel applies to unfinished jobs only: FAILED ones are not matched.
    expect(
      await json<Bulk>(bulk({ action: 'cancel', filter: { ids: failed.map((j) => j.id) } })),
    ).toEqual({ matched: 0, applied: 0, skipped: [] });

    // 10,001 delayed jobs (PENDING: nothing published): one more than an action may touch.
    const runAt = new Date(Date.now() + 86_400_000).toISOString();
    const ids: string[] = [];
    for (let i = 0; i < 11; i += 1) {
      const size = i < 10 ? 1_000 : 1;
      const answer = await json<{ jobs: Array<{ id: string }> }>(
        api.request('POST', '/v1/jobs/batch', {
          jobs: Array.from({ length: size }, () => ({ type: 'system.ping', input: {}, runAt })),
        }),
        202,
      );
      ids.push(...answer.jobs.map((j) => j.id));
    }
    const tooMany = await bulk({ action: 'cancel', filter: { type: 'system.ping' }, dryRun: true });
    expect(tooMany.status).toBe(400);
    expect(tooMany.headers.get('content-type')).toContain('application/problem+json');
    expect(await tooMany.json()).toMatchObject({ code: 'BULK_TOO_LARGE' });
    const narrowed = await json<Bulk>(
      bulk({ action: 'cancel', filter: { type: 'system.ping', ids: ids.slice(0, 5) } }),
    );
    expect(narrowed).toEqual({ matched: 5, applied: 5, skipped: [] });
    const bad = await bulk({ action: 'delete', filter: {} });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'INVALID_BODY', errors: [{ path: '/action' }] });
    const badIds = await bulk({ action: 'cancel', filter: { ids: ['nope'] } });
    expect(await badIds.json()).toMatchObject({
      code: 'INVALID_BODY',
      errors: [{ path: '/filter/ids/0' }],
    });
  });

  it('refuses admin actions to keys without the admin scope', async () => {
    const { api } = platform;
    for (const [method, route] of [
      ['GET', '/v1/admin/queues'],
      ['GET', '/v1/admin/workers'],
      ['GET', '/v1/admin/job-types'],
      ['POST', '/v1/admin/job-types/system.ping/pause'],
      ['POST', '/v1/admin/job-types/system.ping/resume'],
      ['POST', '/v1/admin/dead-letters/requeue'],
    ] as const) {
      const res = await api.request(method, route, method === 'POST' ? {} : undefined);
      expect([route, res.status]).toEqual([route, 403]);
      expect(await res.json()).toMatchObject({ code: 'FORBIDDEN' });
    }
    // A read-only key may look but not act, in bulk either.
    const created = await json<{ key: string }>(
      admin().request('POST', '/v1/admin/api-keys', { tenant: 'acme', scopes: ['read'] }),
      201,
    );
    const reader = new ApiClient(api.baseUrl, created.key);
    expect((await reader.request('GET', '/v1/jobs')).status).toBe(200);
    const refused = await bulk({ action: 'cancel', filter: {}, dryRun: true }, reader);
    expect(refused.status).toBe(403);
    const types = await json<{ items: Array<{ paused: boolean }> }>(
      admin().request('GET', '/v1/admin/job-types'),
    );
    expect(types.items.every((t) => !t.paused)).toBe(true);
  });
});
