import { env } from '@jobmill/platform';

/** TABLE_VACUUM: when the status service vacuums the platform's tables itself. */
export const TABLE_VACUUM_MODES = ['auto', 'always', 'never'] as const;
export type TableVacuumMode = (typeof TABLE_VACUUM_MODES)[number];

/** The table upkeep's settings (status service). */
export interface TableUpkeepConfig {
  /**
   * `auto`: only while the server's autovacuum is off; `always`: whenever a table is due by the
   * server's autovacuum thresholds, autovacuum or not; `never`: leave it to the server.
   */
  readonly mode: TableVacuumMode;
  /** TABLE_UPKEEP_INTERVAL_MS: time between two readings of the tables' statistics. */
  readonly intervalMs: number;
  /**
   * The engine runs no autovacuum whatever its setting says: embedded mode's PGlite reports
   * `autovacuum = on` but, one session without background workers, never vacuums. `auto` then
   * vacuums as on a server without autovacuum, and without the warning: it is expected there.
   */
  readonly engineWithoutAutovacuum?: boolean;
}

export function readTableUpkeepConfig(): TableUpkeepConfig {
  return {
    mode: env.enum('TABLE_VACUUM', TABLE_VACUUM_MODES, 'auto'),
    intervalMs: env.int('TABLE_UPKEEP_INTERVAL_MS', 15_000, { min: 100, max: 86_400_000 }),
  };
}
