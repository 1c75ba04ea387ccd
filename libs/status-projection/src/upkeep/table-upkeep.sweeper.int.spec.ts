import { Client } from 'pg';
import {
  createTestDatabase,
  openDatabase,
  TableUpkeepStore,
  type DataSource,
  type TestDatabase,
} from '@jobmill/persistence';
import { sampleMetric } from '@jobmill/platform';
import type { TableVacuumMode } from './table-upkeep.config';
import { TableUpkeepSweeper } from './table-upkeep.sweeper';

interface TableStats {
  dead: number;
  vacuumed: boolean;
}

describe('TableUpkeepSweeper (PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let client: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase(db.options);
    client = new Client({ connectionString: db.url });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await ds?.destroy();
    await db?.drop();
  });

  const sweeper = (mode: TableVacuumMode) =>
    new TableUpkeepSweeper(new TableUpkeepStore(ds), { mode, intervalMs: 60_000 });

  /** The server's statistics of a table, as a new transaction sees them. */
  const stats = async (table: string): Promise<TableStats> => {
    const { rows } = await client.query<{ dead: string; vacuumed: boolean }>(
      `SELECT n_dead_tup AS dead, last_vacuum IS NOT NULL AS vacuumed
       FROM pg_stat_user_tables WHERE relname = $1`,
      [table],
    );
    const [row] = rows;
    return { dead: Number(row?.dead), vacuumed: row?.vacuumed ?? false };
  };

  /** What the outbox goes through: rows inserted and deleted, the dead ones left behind. */
  const churnOutbox = async (rows: number) => {
    await client.query(
      `INSERT INTO unconfirmed_commands (job_id) SELECT gen_random_uuid() FROM generate_series(1, $1)`,
      [rows],
    );
    await client.query('DELETE FROM unconfirmed_commands');
    // A backend reports its counts at most once a second unless told to at its next idle point.
    await client.query('SELECT pg_stat_force_next_flush()');
    await client.query('SELECT 1');
    for (let i = 0; i < 50 && (await stats('unconfirmed_commands')).dead < rows; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 100));
  };

  it('never vacuums with TABLE_VACUUM=never, but reports the dead rows', async () => {
    await churnOutbox(5_000);
    expect(await sweeper('never').sweep()).toEqual([]);
    expect(await stats('unconfirmed_commands')).toEqual({ dead: 5_000, vacuumed: false });
    expect(await sampleMetric('table_dead_rows', { table: 'unconfirmed_commands' })).toBe(5_000);
  });

  it('vacuums on a server without autovacuum (TABLE_VACUUM=auto), and only then', async () => {
    const { rows } = await client.query<{ on: boolean }>(
      `SELECT current_setting('autovacuum') = 'on' AS on`,
    );
    const autovacuum = rows[0]?.on === true;
    const vacuumed = await sweeper('auto').sweep();
    expect(vacuumed.includes('unconfirmed_commands')).toBe(!autovacuum);
    expect((await stats('unconfirmed_commands')).vacuumed).toBe(!autovacuum);
  });

  it('vacuums with TABLE_VACUUM=auto on an engine that says autovacuum is on but runs none', async () => {
    await churnOutbox(2_000);
    // As embedded mode's engine reports itself, whatever this server's setting is.
    const store = new TableUpkeepStore(ds);
    const reported = store.thresholds.bind(store);
    store.thresholds = async () => ({ ...(await reported()), autovacuum: true });
    const config = { mode: 'auto' as const, intervalMs: 60_000 };
    expect(await new TableUpkeepSweeper(store, config).sweep()).toEqual([]);
    const embedded = new TableUpkeepSweeper(store, { ...config, engineWithoutAutovacuum: true });
    expect(await embedded.sweep()).toContain('unconfirmed_commands');
    expect(await stats('unconfirmed_commands')).toEqual({ dead: 0, vacuumed: true });
  });

  it('vacuums each due table with TABLE_VACUUM=always, and leaves the others', async () => {
    await churnOutbox(3_000);
    const before =
      (await sampleMetric('table_vacuums_total', { table: 'unconfirmed_commands' })) ?? 0;
    const vacuumed = await sweeper('always').sweep();
    expect(vacuumed).toContain('unconfirmed_commands');
    // Nothing was ever written to it: not due by autovacuum's thresholds.
    expect(vacuumed).not.toContain('schedules');
    expect(await stats('schedules')).toEqual({ dead: 0, vacuumed: false });
    expect(await stats('unconfirmed_commands')).toEqual({ dead: 0, vacuumed: true });
    expect(await sampleMetric('table_vacuums_total', { table: 'unconfirmed_commands' })).toBe(
      before + 1,
    );
  });
});
