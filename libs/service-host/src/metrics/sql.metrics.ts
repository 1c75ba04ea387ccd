import { metrics } from '@jobmill/platform';
import type { SqlObserver } from '@jobmill/persistence';

/** `jobmill_sql_statements_total`: statements the service's stores sent to PostgreSQL. */
export class SqlMetrics implements SqlObserver {
  private readonly statements = metrics.counter(
    'sql_statements_total',
    'SQL statements run by the stores (not transaction control nor migrations)',
  );

  statementRun(): void {
    this.statements.inc();
  }
}
