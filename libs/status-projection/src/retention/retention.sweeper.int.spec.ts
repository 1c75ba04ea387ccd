import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createCommand, eventFor, newId } from '@jobmill/contracts';
import { LocalDiskBlobStore } from '@jobmill/blobs';
import {
  createTestDatabase,
  ExpiredJobsStore,
  JobProjector,
  JobStore,
  openDatabase,
  type DataSource,
  type TestDatabase,
} from '@jobmill/persistence';
import { sampleMetric } from '@jobmill/platform';
import { RetentionSweeper } from './retention.sweeper';

describe('RetentionSweeper', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let blobDir: string;
  let blobs: LocalDiskBlobStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase(db.options);
    blobDir = await mkdtemp(path.join(tmpdir(), 'jm-retention-'));
    blobs = new LocalDiskBlobStore(blobDir);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
    await rm(blobDir, { recursive: true, force: true });
  });

  const sweeper = (batchSize = 500) =>
    new RetentionSweeper(new ExpiredJobsStore(ds), {
      retentionMs: 3_600_000,
      sweepIntervalMs: 60_000,
      batchSize,
      blobDir,
      tempMaxAgeMs: 60_000,
    });

  /** A processing job that finished `agoMs` ago with its output blob stored under its id. */
  const finishedWithOutput = async (agoMs: number, retention?: string) => {
    const jobId = newId();
    await blobs.put(jobId, Readable.from([Buffer.from('wav')]), { maxBytes: 100 });
    const command = createCommand({
      jobId,
      jobType: 'processing.normalize',
      data: { input: { uploadId: newId() }, ...(retention ? { retention } : {}) },
      tenant: 'acme',
      source: '/test',
    });
    const time = new Date(Date.now() - agoMs).toISOString();
    const succeeded = eventFor(
      command,
      'succeeded',
      { jobType: 'processing.normalize', result: { output: { blobId: jobId } } },
      '/test',
    );
    await new JobProjector(ds, { retentionMs: 3_600_000 }).project([
      { kind: 'command', command: { ...command, time }, jobType: 'processing.normalize' },
      { kind: 'event', event: { ...succeeded, time }, name: 'succeeded' },
    ]);
    return jobId;
  };

  it('deletes expired jobs with their output blobs, in batches, and counts them', async () => {
    const before = (await sampleMetric('jobs_deleted_total')) ?? 0;
    const expired = [
      await finishedWithOutput(2 * 3_600_000),
      await finishedWithOutput(3 * 3_600_000),
      await finishedWithOutput(5_000, '1s'),
    ];
    const kept = await finishedWithOutput(0);
    expect(await sweeper(2).sweep()).toEqual({ tempFiles: 0, jobs: 3 });
    const jobs = new JobStore(ds);
    for (const id of expired) {
      expect(await jobs.findById('acme', id)).toBeNull();
      expect(await blobs.stat(id)).toBeNull();
    }
    expect(await jobs.findById('acme', kept)).not.toBeNull();
    expect(await blobs.stat(kept)).not.toBeNull();
    expect((await sampleMetric('jobs_deleted_total')) ?? 0).toBe(before + 3);
  });

  it('removes abandoned temporary files, not ones written to recently', async () => {
    const tempDir = path.join(blobDir, '.tmp');
    await mkdir(tempDir, { recursive: true });
    const abandoned = path.join(tempDir, `${randomUUID()}.part`);
    const fresh = path.join(tempDir, `${randomUUID()}.part`);
    await writeFile(abandoned, 'partial');
    await writeFile(fresh, 'partial');
    const old = new Date(Date.now() - 120_000);
    await utimes(abandoned, old, old);
    // A write in progress: its file is open and being written to.
    const writing = await blobs.createWriter(randomUUID());
    writing.stream.write(Buffer.from('partial'));
    expect(await sweeper().sweep()).toEqual({ tempFiles: 1, jobs: 0 });
    const left = await readdir(tempDir);
    expect(left).toContain(path.basename(fresh));
    expect(left).not.toContain(path.basename(abandoned));
    expect(left).toHaveLength(2);
    await writing.abort();
  });
});
