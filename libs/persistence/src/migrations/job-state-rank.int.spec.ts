import { JOB_STATES } from '@jobmill/contracts';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../data-source/open-database';
import { stateRank } from '../projection/job-state-machine';
import { runSql } from '../shared/run-sql';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';

// The state rank lives twice: in TypeScript (the fold) and in the SQL function the projector's
// upsert calls (an applied migration, so it cannot be generated from the TypeScript one). This
// keeps the two from drifting apart.
describe('job_state_rank', () => {
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

  it('ranks every state as stateRank does', async () => {
    const { rows } = await runSql<{ state: string; rank: number }>(
      ds,
      'SELECT s AS state, job_state_rank(s) AS rank FROM unnest($1::text[]) AS s',
      [[...JOB_STATES]],
    );
    expect(rows.map((r) => [r.state, Number(r.rank)])).toEqual(
      JOB_STATES.map((s) => [s, stateRank(s)]),
    );
  });
});
