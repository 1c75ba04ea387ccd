import type { DataSource } from 'typeorm';
import { runSql } from '../shared/run-sql';

/** What the server's statistics say about one of the platform's tables since its last vacuum. */
export interface TableChurn {
  readonly table: string;
  readonly liveRows: number;
  readonly deadRows: number;
  readonly insertedSinceVacuum: number;
}

/** The server's own autovacuum thresholds, so that a vacuum comes when autovacuum's would. */
export interface VacuumThresholds {
  readonly autovacuum: boolean;
  readonly deadBase: number;
  readonly deadScale: number;
  readonly insertBase: number;
  readonly insertScale: number;
}

const THRESHOLDS = `
  SELECT current_setting('autovacuum') = 'on' AS autovacuum,
    current_setting('autovacuum_vacuum_threshold')::float8 AS dead_base,
    current_setting('autovacuum_vacuum_scale_factor')::float8 AS dead_scale,
    current_setting('autovacuum_vacuum_insert_threshold')::float8 AS insert_base,
    current_setting('autovacuum_vacuum_insert_scale_factor')::float8 AS insert_scale`;

// The tables of the schema the platform's migrations create (the search path's first).
const CHURN = `
  SELECT relname AS table, n_live_tup AS live, n_dead_tup AS dead, n_ins_since_vacuum AS inserted
  FROM pg_stat_user_tables WHERE schemaname = current_schema()`;

/**
 * Vacuuming the platform's tables when nothing else does. Every job updates its row and inserts
 * and deletes an outbox row, so a server without autovacuum (some CI and test servers run so)
 * accumulates dead rows that every later statement reads past: at 1,900 jobs/s the outbox held
 * 1,000 live rows among 245,000 dead ones after five minutes, and the whole system slowed.
 */
export class TableUpkeepStore {
  constructor(private readonly dataSource: DataSource) {}

  async thresholds(): Promise<VacuumThresholds> {
    const { rows } = await runSql<{
      autovacuum: boolean;
      dead_base: number;
      dead_scale: number;
      insert_base: number;
      insert_scale: number;
    }>(this.dataSource, THRESHOLDS);
    const [row] = rows;
    if (!row) throw new Error('The server returned no autovacuum settings');
    return {
      autovacuum: row.autovacuum,
      deadBase: row.dead_base,
      deadScale: row.dead_scale,
      insertBase: row.insert_base,
      insertScale: row.insert_scale,
    };
  }

  async churn(): Promise<TableChurn[]> {
    const { rows } = await runSql<{ table: string; live: string; dead: string; inserted: string }>(
      this.dataSource,
      CHURN,
    );
    return rows.map((r) => ({
      table: r.table,
      liveRows: Number(r.live),
      deadRows: Number(r.dead),
      insertedSinceVacuum: Number(r.inserted),
    }));
  }

  /**
   * VACUUM (ANALYZE) of one table; SKIP_LOCKED leaves a table another replica is vacuuming.
   * The name comes from the server's catalogue, quoted as an identifier all the same.
   */
  async vacuum(table: string): Promise<void> {
    await runSql(this.dataSource, `VACUUM (ANALYZE, SKIP_LOCKED) "${table.replace(/"/g, '""')}"`);
  }
}

/** Whether autovacuum, with the server's thresholds, would vacuum the table now. */
export function isDueForVacuum(churn: TableChurn, t: VacuumThresholds): boolean {
  return (
    churn.deadRows > t.deadBase + t.deadScale * churn.liveRows ||
    churn.insertedSinceVacuum > t.insertBase + t.insertScale * churn.liveRows
  );
}
