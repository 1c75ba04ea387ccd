import { metrics } from '@jobmill/platform';

/**
 * Table upkeep in Prometheus: `jobmill_table_dead_rows{table}` (dead row versions the server
 * counts in each of the platform's tables: bloat, whoever vacuums) and
 * `jobmill_table_vacuums_total{table}` (vacuums the status service ran itself).
 */
export class TableUpkeepMetrics {
  private readonly dead = metrics.gauge(
    'table_dead_rows',
    "Dead row versions in the platform's tables, as the server's statistics count them",
    ['table'],
  );
  private readonly vacuums = metrics.counter(
    'table_vacuums_total',
    'Vacuums of the platform tables run by the status service (TABLE_VACUUM)',
    ['table'],
  );

  deadRows(table: string, rows: number): void {
    this.dead.set({ table }, rows);
  }

  vacuumed(table: string): void {
    this.vacuums.inc({ table });
  }
}
