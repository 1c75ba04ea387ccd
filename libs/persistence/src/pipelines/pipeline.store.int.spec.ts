import { randomUUID } from 'node:crypto';
import {
  createCommand,
  eventFor,
  type JobError,
  type JobEventData,
  type JobEventName,
  type JobType,
} from '@jobmill/contracts';
import { DelayedJobStore } from '../jobs/delayed-job.store';
import { JobStore } from '../jobs/job.store';
import { JobProjector } from '../projection/job-projector';
import { ExpiredJobsStore } from '../retention/expired-jobs.store';
import { JobRetryStore } from '../runs/job-retry.store';
import { JobRunStore } from '../runs/job-run.store';
import { useMigratedDatabase } from '../testing/migrated-database.fixture';
import { PipelineStore, type NewPipeline } from './pipeline.store';

const uploadId = randomUUID();
const segments = [{ start: 0.5, end: 1.25 }];
const stepError: JobError = {
  code: 'SEGMENT_OUT_OF_RANGE',
  message: 'segment 0 starts past the end',
  kind: 'permanent',
  retryable: false,
};

/** detection.vad then processing.clips, as the API records it. */
const vadThenClips = (over: Partial<NewPipeline> = {}): NewPipeline => ({
  parent: { id: randomUUID(), tenant: 'acme', input: { uploadId }, retentionMs: 3_600_000 },
  steps: [
    { id: randomUUID(), type: 'detection.vad', input: { uploadId } },
    {
      id: randomUUID(),
      type: 'processing.clips',
      input: { options: { paddingMs: 100 } },
      feed: { uploadId: ['input', 'uploadId'], segments: ['result', 'segments'] },
    },
  ],
  messageId: randomUUID(),
  trace: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
  ...over,
});

describe('PipelineStore and the pipeline trigger', () => {
  const db = useMigratedDatabase();
  let store: PipelineStore;
  let jobs: JobStore;
  let projector: JobProjector;

  beforeAll(() => {
    store = new PipelineStore(db.ds);
    jobs = new JobStore(db.ds);
    projector = new JobProjector(db.ds);
  });

  beforeEach(async () => {
    for (const table of ['unconfirmed_commands', 'job_events', 'jobs'])
      await db.ds.query(`DELETE FROM ${table}`);
  });

  /** One event of a step, as a worker would publish it. */
  function stepEvent<K extends JobEventName>(
    stepId: string,
    type: JobType,
    name: K,
    data: Omit<JobEventData[K], 'jobType'>,
    attempt = 1,
  ) {
    const command = createCommand({
      jobId: stepId,
      jobType: type,
      data: { input: {} },
      tenant: 'acme',
      source: '/test',
    });
    const event = eventFor(
      { ...command, attempt },
      name,
      { jobType: type, ...data } as JobEventData[K],
      '/test',
    );
    return { kind: 'event' as const, event, name };
  }

  /** Projects one event of a step, as the status service would. */
  async function project<K extends JobEventName>(
    stepId: string,
    type: JobType,
    name: K,
    data: Omit<JobEventData[K], 'jobType'>,
    attempt = 1,
  ): Promise<void> {
    await projector.project([stepEvent(stepId, type, name, data, attempt)]);
  }

  /** Projects a step's started and succeeded in one batch, as status does when both came together. */
  async function projectTogether(
    stepId: string,
    type: JobType,
    started: Omit<JobEventData['started'], 'jobType'>,
    succeeded: Omit<JobEventData['succeeded'], 'jobType'>,
  ): Promise<void> {
    await projector.project([
      stepEvent(stepId, type, 'started', started),
      stepEvent(stepId, type, 'succeeded', succeeded),
    ]);
  }

  const row = async (id: string) =>
    (
      await db.ds.query<Record<string, unknown>[]>(
        'SELECT status, input, run_at, progress, expires_at, attempt, started_at FROM jobs WHERE id = $1',
        [id],
      )
    )[0];
  const history = async (id: string) => (await jobs.history('acme', id)).map((e) => e.name);

  it('records the parent and its steps at once: the first QUEUED with its outbox row, the rest waiting', async () => {
    const p = vadThenClips();
    const inserted = await store.insert(p);
    expect(inserted.inserted && inserted.job).toMatchObject({
      id: p.parent.id,
      type: 'pipeline',
      status: 'QUEUED',
      input: { uploadId },
      retention: '1h',
      steps: [
        { step: 1, type: 'detection.vad', jobId: p.steps[0]?.id, status: 'QUEUED', attempt: 1 },
        { step: 2, type: 'processing.clips', jobId: p.steps[1]?.id, status: 'PENDING', attempt: 1 },
      ],
    });
    const outbox = await db.ds.query<{ job_id: string; message_id: string }[]>(
      'SELECT job_id, message_id FROM unconfirmed_commands WHERE job_id = ANY($1::uuid[])',
      [p.steps.map((s) => s.id)],
    );
    expect(outbox).toEqual([{ job_id: p.steps[0]?.id, message_id: p.messageId }]);
    const second = await jobs.findById('acme', p.steps[1]?.id ?? '');
    expect(second).toMatchObject({
      pipelineId: p.parent.id,
      step: 2,
      status: 'PENDING',
      runAt: null,
    });
    expect(await store.steps('acme', p.parent.id)).toEqual([
      expect.objectContaining({ step: 1, status: 'QUEUED', waiting: false }),
      expect.objectContaining({ step: 2, status: 'PENDING', waiting: true }),
    ]);
    // Another tenant sees nothing of it.
    expect(await store.steps('other', p.parent.id)).toEqual([]);
    expect(await jobs.findById('other', p.parent.id)).toBeNull();
  });

  it('hands each success over: the next step becomes due with its input fed, the last one ends the pipeline', async () => {
    const p = vadThenClips();
    await store.insert(p);
    const [vad, clips] = p.steps.map((s) => s.id) as [string, string];
    await project(vad, 'detection.vad', 'started', { worker: 'w1' });
    expect(await row(p.parent.id)).toMatchObject({ status: 'RUNNING' });
    await project(vad, 'detection.vad', 'progress', { progress: 0.5 });
    expect(await row(p.parent.id)).toMatchObject({ progress: 0.25 });

    await project(vad, 'detection.vad', 'succeeded', { result: { segments, speechRatio: 0.4 } });
    const next = await row(clips);
    expect(next).toMatchObject({
      status: 'PENDING',
      input: { uploadId, segments, options: { paddingMs: 100 } },
    });
    expect(next?.['run_at']).not.toBeNull();
    expect(await row(p.parent.id)).toMatchObject({ status: 'RUNNING', progress: 0.5 });

    // The API's due-jobs dispatcher publishes it like any due job, in the submitter's trace.
    const claimed = await new DelayedJobStore(db.ds).claimDue(10);
    expect(claimed).toEqual([
      expect.objectContaining({ id: clips, type: 'processing.clips', trace: p.trace }),
    ]);
    expect(claimed[0]?.input).toEqual(next?.['input']);
    await project(clips, 'processing.clips', 'started', { worker: 'w2' });
    const result = { clips: 1, output: { blobId: randomUUID() } };
    await project(clips, 'processing.clips', 'succeeded', { result });

    const parent = await jobs.findById('acme', p.parent.id);
    expect(parent).toMatchObject({ status: 'SUCCEEDED', progress: 1, result, error: null });
    expect(parent?.expiresAt).not.toBeNull();
    expect(parent?.steps?.map((s) => s.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(await history(p.parent.id)).toEqual([
      'started',
      'progress',
      'progress',
      'progress',
      'succeeded',
    ]);
  });

  it('starts the pipeline when its first step went from QUEUED to SUCCEEDED in one write', async () => {
    const p = vadThenClips();
    await store.insert(p);
    const [vad] = p.steps.map((s) => s.id) as [string, string];
    // A short step's start and outcome reach the projection in one batch: one write of its row.
    await projectTogether(vad, 'detection.vad', { worker: 'w1' }, { result: { segments } });
    expect(await row(vad)).toMatchObject({ status: 'SUCCEEDED' });
    expect(await row(p.parent.id)).toMatchObject({ status: 'RUNNING', progress: 0.5 });
    expect((await row(p.parent.id))?.['started_at']).not.toBeNull();
    expect(await history(p.parent.id)).toEqual(['started', 'progress']);
  });

  it('fails the pipeline naming the failed step, and a retry of that step resumes it as its next attempt', async () => {
    const p = vadThenClips();
    await store.insert(p);
    const [vad, clips] = p.steps.map((s) => s.id) as [string, string];
    await project(vad, 'detection.vad', 'succeeded', { result: { segments } });
    await new DelayedJobStore(db.ds).claimDue(10);
    await project(clips, 'processing.clips', 'failed', { error: stepError });

    const failed = await jobs.findById('acme', p.parent.id);
    expect(failed).toMatchObject({ status: 'FAILED', attempt: 1 });
    expect(failed?.error).toMatchObject({
      code: 'PIPELINE_STEP_FAILED',
      kind: 'permanent',
      retryable: false,
    });
    expect(failed?.error?.message).toContain(`Step 2 of 2 (processing.clips, job ${clips}) failed`);
    expect(failed?.error?.message).toContain(stepError.message);

    const reopened = await new JobRetryStore(db.ds).reopen('acme', clips, randomUUID());
    expect(reopened.reopened).toBe(true);
    const resumed = await jobs.findById('acme', p.parent.id);
    expect(resumed).toMatchObject({ status: 'RUNNING', attempt: 2, error: null, expiresAt: null });
    await project(clips, 'processing.clips', 'succeeded', { result: { clips: 0 } }, 2);
    expect(await row(p.parent.id)).toMatchObject({ status: 'SUCCEEDED', attempt: 2 });
    expect(await row(vad)).toMatchObject({ attempt: 1, status: 'SUCCEEDED' });
  });

  it('cancels the pipeline and the steps still waiting when a step is cancelled', async () => {
    const p = vadThenClips();
    await store.insert(p);
    const [vad, clips] = p.steps.map((s) => s.id) as [string, string];
    await project(vad, 'detection.vad', 'started', { worker: 'w1' });
    const command = createCommand({
      jobId: vad,
      jobType: 'detection.vad',
      data: { input: { uploadId } },
      tenant: 'acme',
      source: '/test',
    });
    const event = eventFor(command, 'cancelled', { jobType: 'detection.vad' }, '/test');
    expect(await new JobRunStore(db.ds).cancel('acme', vad, event)).toEqual({ recorded: true });

    expect(await row(p.parent.id)).toMatchObject({ status: 'CANCELLED' });
    expect(await row(clips)).toMatchObject({ status: 'CANCELLED' });
    expect(await history(clips)).toEqual(['cancelled']);
    expect(await history(p.parent.id)).toEqual(['started', 'cancelled']);
    // A late success of the cancelled step moves nothing.
    await project(vad, 'detection.vad', 'succeeded', { result: { segments } });
    expect(await row(clips)).toMatchObject({ status: 'CANCELLED', run_at: null });
  });

  it('leaves out a fed property its source lacks, so the step fails validation rather than guessing', async () => {
    const p = vadThenClips();
    await store.insert(p);
    const [vad, clips] = p.steps.map((s) => s.id) as [string, string];
    await project(vad, 'detection.vad', 'succeeded', { result: { speechRatio: 0 } });
    expect((await row(clips))?.['input']).toEqual({ uploadId, options: { paddingMs: 100 } });
  });

  it('keeps a delayed pipeline PENDING and publishes only its first step when due', async () => {
    const runAt = new Date(Date.now() + 3_600_000);
    const { messageId: _none, ...rest } = vadThenClips();
    const p = { ...rest, runAt };
    const inserted = await store.insert(p);
    expect(inserted.inserted && inserted.job).toMatchObject({
      status: 'PENDING',
      runAt: runAt.toISOString(),
    });
    const delayed = new DelayedJobStore(db.ds);
    expect(await delayed.claimDue(10)).toEqual([]);
    await db.ds.query(
      `UPDATE jobs SET run_at = now() - interval '1 second' WHERE id = ANY($1::uuid[])`,
      [[p.parent.id, p.steps[0]?.id]],
    );
    expect((await delayed.claimDue(10)).map((j) => j.id)).toEqual([p.steps[0]?.id]);
    expect(await row(p.parent.id)).toMatchObject({ status: 'QUEUED' });
  });

  it('answers the holder of the idempotency key or of the dedup key, and records nothing', async () => {
    const first = vadThenClips();
    const keys = { idempotencyKey: 'k-1', requestHash: 'h', dedupKey: 'd-1' };
    await store.insert({ ...first, parent: { ...first.parent, ...keys } });
    const again = vadThenClips();
    const byKey = await store.insert({
      ...again,
      parent: { ...again.parent, idempotencyKey: 'k-1' },
    });
    expect(byKey).toMatchObject({
      inserted: false,
      heldBy: 'idempotencyKey',
      existing: { id: first.parent.id, requestHash: 'h' },
    });
    const byDedup = await store.insert({ ...again, parent: { ...again.parent, dedupKey: 'd-1' } });
    expect(byDedup).toMatchObject({
      inserted: false,
      heldBy: 'dedupKey',
      existing: { id: first.parent.id },
    });
    expect(await row(again.parent.id)).toBeUndefined();
    expect(await row(again.steps[0]?.id ?? '')).toBeUndefined();
  });

  it('withdraws a refused pipeline whole once its first step was withdrawn, and not before', async () => {
    const p = vadThenClips();
    await store.insert(p);
    const ids = [p.parent.id, ...p.steps.map((s) => s.id)];
    // A sweeper holds the first step's command (it may be on the broker): everything stays.
    await db.ds.query(`UPDATE unconfirmed_commands SET claimed_at = now() WHERE job_id = $1`, [
      p.steps[0]?.id,
    ]);
    await jobs.removeUnpublished([p.steps[0]?.id ?? '']);
    await store.withdraw(p.parent.id);
    for (const id of ids) expect(await row(id)).toBeDefined();

    await db.ds.query(`UPDATE unconfirmed_commands SET claimed_at = NULL`);
    await jobs.removeUnpublished([p.steps[0]?.id ?? '']);
    await store.withdraw(p.parent.id);
    for (const id of ids) expect(await row(id)).toBeUndefined();
  });

  it('deletes the steps with their pipeline once it expires, never before', async () => {
    const p = vadThenClips();
    await store.insert(p);
    const [vad, clips] = p.steps.map((s) => s.id) as [string, string];
    const blobId = randomUUID();
    await project(vad, 'detection.vad', 'succeeded', { result: { segments } });
    await project(clips, 'processing.clips', 'succeeded', { result: { output: { blobId } } });
    expect(await row(p.parent.id)).toMatchObject({ status: 'SUCCEEDED' });
    const expire = (ids: string[]) =>
      db.ds.query(`UPDATE jobs SET expires_at = now() - interval '1 second' WHERE id = ANY($1)`, [
        ids,
      ]);
    const expired = new ExpiredJobsStore(db.ds);
    const removed: string[][] = [];
    const remove = async ({ blobIds }: { blobIds: readonly string[] }) => {
      removed.push([...blobIds]);
    };
    // The steps expired, but their pipeline has not: they stay.
    await expire([vad, clips]);
    expect(await expired.deleteBatch(100, remove)).toBe(0);
    expect(await row(vad)).toBeDefined();

    await expire([p.parent.id]);
    expect(await expired.deleteBatch(100, remove)).toBe(3);
    // The pipeline's result names its last step's output: one blob, removed once.
    expect(removed).toEqual([[blobId]]);
    for (const id of [p.parent.id, vad, clips]) expect(await row(id)).toBeUndefined();
  });
});
