import { randomUUID } from 'node:crypto';
import type { RunClaim } from '@jobmill/contracts';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../data-source/open-database';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { UploadStore } from '../uploads/upload.store';
import { JobRunStore } from './job-run.store';

const request = (over: Partial<RunClaim> = {}): RunClaim => ({
  jobId: randomUUID(),
  tenant: 'acme',
  attempt: 1,
  messageId: randomUUID(),
  worker: 'w-1',
  leaseMs: 60_000,
  takeOver: false,
  ...over,
});

// The claim statement a delivery costs anyway also refuses what REST would: an upload that is
// not the tenant's, and a job id another tenant already has.
describe('JobRunStore claims refuse other tenants’ uploads and job ids', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let runs: JobRunStore;
  const uploads = { acme: randomUUID(), globex: randomUUID() };

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase(db.options);
    runs = new JobRunStore(ds);
    const store = new UploadStore(ds);
    for (const [tenant, id] of Object.entries(uploads))
      await store.insert({ id, tenant, size: 44, sha256: 'ab', contentType: 'audio/wav' });
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('runs a job on the tenant’s own upload, and one that reads no upload', async () => {
    expect(await runs.claim(request({ uploadId: uploads.acme }))).toMatchObject({ kind: 'run' });
    expect(await runs.claim(request())).toMatchObject({ kind: 'run' });
  });

  it('refuses another tenant’s upload and a missing one alike (UPLOAD_NOT_FOUND)', async () => {
    const claims = await Promise.all(
      [uploads.globex, randomUUID()].map((uploadId) => runs.claim(request({ uploadId }))),
    );
    for (const claim of claims)
      expect(claim).toMatchObject({ kind: 'refused', code: 'UPLOAD_NOT_FOUND', ownJob: true });
  });

  it('refuses a job id another tenant has (JOB_ID_TAKEN), without touching that job', async () => {
    const jobId = randomUUID();
    const messageId = randomUUID();
    const mine = await runs.claim(request({ jobId, tenant: 'globex', messageId }));
    expect(mine).toMatchObject({ kind: 'run', fence: 1 });
    const theirs = await runs.claim(request({ jobId, tenant: 'acme', takeOver: true }));
    expect(theirs).toMatchObject({ kind: 'refused', code: 'JOB_ID_TAKEN', ownJob: false });
    // globex's lease is intact: its own redelivery still takes over with the next fence.
    const again = await runs.claim(request({ jobId, tenant: 'globex', messageId, takeOver: true }));
    expect(again).toMatchObject({ kind: 'run', fence: 2 });
  });
});
