import type { DataSource } from 'typeorm';
import { openDatabase } from '../data-source/open-database';
import { JobStore } from '../jobs/job.store';
import {
  JobScript,
  permanentError,
  shuffle,
  timeOf,
  transientError,
} from '../testing/job-script.fixture';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { JobProjector } from './job-projector';
import type { ProjectableMessage } from './projectable-message';

const ROW_COLUMNS = `id, tenant, type, status, attempt, max_attempts, progress, input, result, error,
  created_at, started_at, finished_at, next_attempt_at, worker, last_event_at`;

describe('JobProjector', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let projector: JobProjector;
  let store: JobStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase(db.options);
    projector = new JobProjector(ds);
    store = new JobStore(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const job = (s: JobScript) => store.findById(s.tenant, s.jobId);
  const oneByOne = async (messages: ProjectableMessage[]) => {
    for (const m of messages) await projector.project([m]);
  };

  it('follows the normal lifecycle, one message per batch', async () => {
    const s = new JobScript();
    const { command, started, progress, succeeded } = s.lifecycle();
    await projector.project([command]);
    expect(await job(s)).toMatchObject({
      status: 'QUEUED',
      input: command.kind === 'command' ? command.command.data.input : null,
      maxAttempts: 3,
    });
    await projector.project([started]);
    expect(await job(s)).toMatchObject({ status: 'RUNNING', progress: 0, attempt: 1 });
    await projector.project([progress]);
    expect(await job(s)).toMatchObject({ status: 'RUNNING', progress: 0.5 });
    await projector.project([succeeded]);
    const done = await job(s);
    expect(done).toMatchObject({
      status: 'SUCCEEDED',
      progress: 1,
      result: { speechRatio: 0.5 },
      error: null,
      type: 'detection.vad',
    });
    expect(done?.startedAt).toBe(timeOf(started));
    expect(done?.finishedAt).toBe(timeOf(succeeded));
    const history = await store.history(s.tenant, s.jobId);
    expect(history.map((h) => h.name)).toEqual(['queued', 'started', 'progress', 'succeeded']);
  });

  it('ends the same when delivery is out of order (succeeded, started, then the command)', async () => {
    const s = new JobScript();
    const { command, started, succeeded } = s.lifecycle();
    await oneByOne([succeeded, started]);
    expect(await job(s)).toMatchObject({ status: 'SUCCEEDED', input: null, progress: 1 });
    await projector.project([command]);
    const done = await job(s);
    expect(done).toMatchObject({ status: 'SUCCEEDED', maxAttempts: 3, progress: 1 });
    expect(done?.input).toEqual(command.kind === 'command' ? command.command.data.input : null);
    expect(done?.createdAt).toBe(timeOf(command));
    expect(done?.startedAt).not.toBeNull();
  });

  it('counts duplicates and ignores them, within a batch and across batches', async () => {
    const s = new JobScript();
    const { command, started, progress, succeeded } = s.lifecycle();
    const batch = [command, started, progress, succeeded];
    expect(await projector.project([...batch, started])).toEqual({ applied: 4, duplicates: 1 });
    const before: unknown = await ds.query(
      `SELECT ${ROW_COLUMNS}, updated_at FROM jobs WHERE id = $1`,
      [s.jobId],
    );
    expect(await projector.project(batch)).toEqual({ applied: 0, duplicates: 4 });
    const after: unknown = await ds.query(
      `SELECT ${ROW_COLUMNS}, updated_at FROM jobs WHERE id = $1`,
      [s.jobId],
    );
    expect(after).toEqual(before);
    expect(await store.history(s.tenant, s.jobId)).toHaveLength(4);
  });

  it('records a retry and moves on to the next attempt', async () => {
    const s = new JobScript();
    await projector.project([s.commandCopy(), s.started(1, 'w1'), s.progress(0.3)]);
    await projector.project([s.retrying(1, '2026-02-01T00:00:00.000Z')]);
    expect(await job(s)).toMatchObject({
      status: 'RETRYING',
      attempt: 1,
      error: transientError,
      nextAttemptAt: '2026-02-01T00:00:00.000Z',
    });
    await projector.project([s.started(2, 'w2')]);
    expect(await job(s)).toMatchObject({
      status: 'RUNNING',
      attempt: 2,
      progress: 0,
      nextAttemptAt: null,
    });
    const rows: Array<{ worker: string }> = await ds.query(
      'SELECT worker FROM jobs WHERE id = $1',
      [s.jobId],
    );
    expect(rows[0]?.worker).toBe('w2');
  });

  it("never lets an older attempt's progress overwrite a newer attempt", async () => {
    const s = new JobScript();
    const lateProgress = s.progress(0.9, 1);
    await projector.project([s.commandCopy(), s.started(1), s.retrying(1), s.started(2)]);
    await projector.project([lateProgress]);
    expect(await job(s)).toMatchObject({ status: 'RUNNING', attempt: 2, progress: 0 });
    await projector.project([s.progress(0.4, 2), s.started(1, 'stale')]);
    expect(await job(s)).toMatchObject({ status: 'RUNNING', attempt: 2, progress: 0.4 });
    await projector.project([s.progress(0.2, 2)]);
    expect((await job(s))?.progress).toBe(0.4);
  });

  it('keeps a terminal state final, even against a higher attempt', async () => {
    const failed = new JobScript();
    await projector.project([failed.commandCopy(), failed.started(), failed.failed()]);
    await projector.project([failed.started(2), failed.succeeded(2)]);
    expect(await job(failed)).toMatchObject({
      status: 'FAILED',
      attempt: 1,
      error: permanentError,
      result: null,
    });

    const succeeded = new JobScript();
    await projector.project(succeeded.happyPath());
    await projector.project([succeeded.cancelled(), succeeded.retrying()]);
    expect(await job(succeeded)).toMatchObject({ status: 'SUCCEEDED', progress: 1, error: null });
  });

  it('does not move a job the API created back, nor redate it, on its command copy', async () => {
    const s = new JobScript();
    const command = s.commandCopy();
    if (command.kind !== 'command') throw new Error('fixture');
    const apiJob = {
      id: s.jobId,
      tenant: s.tenant,
      type: 'detection.vad',
      input: { uploadId: 'from-api' },
    };
    const { job: inserted } = (await store.insertAccepted(apiJob)) as {
      job: { createdAt: string };
    };
    await projector.project([s.started()]);
    await projector.project([command]);
    expect(await job(s)).toMatchObject({
      status: 'RUNNING',
      input: { uploadId: 'from-api' },
      maxAttempts: 3,
      createdAt: inserted.createdAt,
    });
  });

  it("writes no new row version for a command's copy of a job the API recorded", async () => {
    const s = new JobScript();
    const command = s.commandCopy();
    if (command.kind !== 'command') throw new Error('fixture');
    await store.insertAccepted({
      id: s.jobId,
      tenant: s.tenant,
      type: 'detection.vad',
      input: { uploadId: 'from-api' },
      maxAttempts: 3,
    });
    const version = `SELECT xmin::text AS v FROM jobs WHERE id = $1`;
    const [before] = await ds.query<{ v: string }[]>(version, [s.jobId]);
    expect(await projector.project([command])).toEqual({ applied: 1, duplicates: 0 });
    const [after] = await ds.query<{ v: string }[]>(version, [s.jobId]);
    expect(after?.v).toBe(before?.v);
    await projector.project([s.started()]);
    expect(await job(s)).toMatchObject({ status: 'RUNNING', input: { uploadId: 'from-api' } });
  });

  it('projects the whole lifecycle of many jobs in one shuffled batch', async () => {
    const scripts = Array.from({ length: 100 }, () => new JobScript('bulk'));
    const batch = shuffle(
      scripts.flatMap((s) => [
        s.commandCopy(),
        s.started(),
        s.progress(0.5),
        s.progress(0.8),
        s.succeeded(),
      ]),
    );
    expect(await projector.project(batch)).toEqual({ applied: 500, duplicates: 0 });
    const rows: Array<{ status: string; n: string }> = await ds.query(
      `SELECT status, count(*) AS n FROM jobs WHERE tenant = 'bulk' GROUP BY status`,
    );
    expect(rows).toEqual([{ status: 'SUCCEEDED', n: '100' }]);
    const events: Array<{ n: string }> = await ds.query(
      `SELECT count(*) AS n FROM job_events WHERE tenant = 'bulk'`,
    );
    expect(events[0]?.n).toBe('500');
  });

  it('rejects a message it cannot store, writing nothing from its batch', async () => {
    const s = new JobScript();
    const bad = s.started();
    if (bad.kind !== 'event') throw new Error('fixture');
    const batch = [s.commandCopy(), { ...bad, event: { ...bad.event, subject: 'not-a-job' } }];
    await expect(projector.project(batch)).rejects.toMatchObject({
      code: 'INVALID_PROJECTABLE_MESSAGE',
    });
    expect(await job(s)).toBeNull();
  });
});
