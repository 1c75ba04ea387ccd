import {
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { PeriodicRound } from '@jobmill/platform';
import { isDueForVacuum, type TableUpkeepStore } from '@jobmill/persistence';
import { TableUpkeepMetrics } from './table-upkeep.metrics';
import type { TableUpkeepConfig } from './table-upkeep.config';

/**
 * Table upkeep, in the status service: every TABLE_UPKEEP_INTERVAL_MS it reads the server's
 * statistics of the platform's tables (dead rows become a metric) and, on a server without
 * autovacuum (TABLE_VACUUM=auto; embedded mode's engine is one) or always (TABLE_VACUUM=always),
 * vacuums each table that autovacuum's own thresholds say is due, one at a time. Replicas may overlap: a table another
 * one is vacuuming is skipped.
 */
export class TableUpkeepSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('TableUpkeep');
  private readonly metrics = new TableUpkeepMetrics();
  private readonly rounds: PeriodicRound<readonly string[]>;
  private warned = false;

  constructor(
    private readonly store: TableUpkeepStore,
    private readonly config: TableUpkeepConfig,
  ) {
    this.rounds = new PeriodicRound({
      run: () => this.sweep(),
      intervalMs: config.intervalMs,
      failure: 'Table upkeep round failed',
      logger: this.logger,
    });
  }

  onApplicationBootstrap(): void {
    this.rounds.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.rounds.stop();
  }

  /** One round; returns the tables it vacuumed. */
  async sweep(): Promise<readonly string[]> {
    const [thresholds, tables] = await Promise.all([this.store.thresholds(), this.store.churn()]);
    for (const t of tables) this.metrics.deadRows(t.table, t.deadRows);
    if (!this.vacuumsNow(thresholds.autovacuum)) return [];
    const vacuumed: string[] = [];
    for (const table of tables) {
      if (this.rounds.stopped) break;
      if (!isDueForVacuum(table, thresholds)) continue;
      await this.store.vacuum(table.table);
      this.metrics.vacuumed(table.table);
      vacuumed.push(table.table);
    }
    if (vacuumed.length > 0) this.logger.debug(`Vacuumed ${vacuumed.join(', ')}.`);
    return vacuumed;
  }

  private vacuumsNow(autovacuum: boolean): boolean {
    if (this.config.mode !== 'auto') return this.config.mode === 'always';
    if (this.config.engineWithoutAutovacuum) return true;
    if (!autovacuum && !this.warned) {
      this.warned = true;
      this.logger.warn(
        "PostgreSQL runs without autovacuum: this service vacuums the platform's tables itself " +
          '(TABLE_VACUUM=auto; TABLE_VACUUM=never leaves them to you).',
      );
    }
    return !autovacuum;
  }
}
