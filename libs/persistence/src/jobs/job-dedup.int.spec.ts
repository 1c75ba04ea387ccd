import { randomUUID } from 'node:crypto';
import { runSql } from '../shared/run-sql';
import { useMigratedDatabase } from '../testing/migrated-database.fixture';
import { JobRetryStore } from '../runs/job-retry.store';
import type { AcceptedJob } from './accepted-job';
import { JobStore } from './job.store';

const accepted = (over: Partial<AcceptedJob> = {}): AcceptedJob => ({
  id: randomUUID(),
  tenant: 'acme',
  type: 'system.ping',
  input: {},
  ...over,
});

describe('JobStore: dedup keys', () => {
  const db = useMigratedDatabase();
  let store: JobStore;

  const finish = (id: string, status = 'SUCCEEDED'): Promise<unknown> =>
    runSql(db.ds, `UPDATE jobs SET status = $2, finished_at = now() WHERE id = $1`, [id, status]);

  beforeAll(() => {
    store = new JobStore(db.ds);
  });

  it('answers the unfinished holder of a key, per tenant, and frees the key when it finishes', async () => {
    const first = accepted({ dedupKey: 'nightly' });
    expect(await store.insertAccepted(first)).toMatchObject({
      inserted: true,
      job: { dedupKey: 'nightly' },
    });
    const again = await store.insertAccepted(accepted({ dedupKey: 'nightly' }));
    expect(again).toMatchObject({
      inserted: false,
      heldBy: 'dedupKey',
      existing: { id: first.id },
    });
    expect(
      (await store.insertAccepted(accepted({ tenant: 'other', dedupKey: 'nightly' }))).inserted,
    ).toBe(true);

    await finish(first.id);
    const after = await store.insertAccepted(accepted({ dedupKey: 'nightly' }));
    expect(after.inserted).toBe(true);
  });

  it('answers members of one batch that share a key, or meet a holder, with that job', async () => {
    const holder = accepted({ dedupKey: 'held' });
    await store.insertAccepted(holder);
    const batch = [
      accepted({ dedupKey: 'fresh' }),
      accepted({ dedupKey: 'fresh' }),
      accepted({ dedupKey: 'held' }),
      accepted(),
    ];
    const views = await store.insertAcceptedMany(batch);
    expect(views.map((v) => v.id)).toEqual([batch[0]?.id, batch[0]?.id, holder.id, batch[3]?.id]);
    const { rows } = await runSql<{ n: number }>(
      db.ds,
      `SELECT count(*)::int AS n FROM unconfirmed_commands WHERE job_id = ANY($1::uuid[])`,
      [batch.map((j) => j.id)],
    );
    expect(rows[0]?.n).toBe(2);
  });

  it('does not reopen a failed job while another unfinished job holds its key', async () => {
    const failed = accepted({ dedupKey: 'report' });
    await store.insertAccepted(failed);
    await finish(failed.id, 'FAILED');
    const holder = accepted({ dedupKey: 'report' });
    await store.insertAccepted(holder);

    const retries = new JobRetryStore(db.ds);
    const reopened = await retries.reopen('acme', failed.id, randomUUID());
    expect(reopened).toEqual({ reopened: false, status: 'FAILED', dedupKeyHeldBy: holder.id });
    expect((await store.findById('acme', failed.id))?.status).toBe('FAILED');

    await finish(holder.id);
    expect((await retries.reopen('acme', failed.id, randomUUID())).reopened).toBe(true);
  });
});
