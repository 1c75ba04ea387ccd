import { sampleMetric as sample } from '@jobmill/platform';
import { SqlMetrics } from './sql.metrics';

describe('SqlMetrics', () => {
  it('counts statements', async () => {
    const observer = new SqlMetrics();
    observer.statementRun();
    observer.statementRun();
    expect(await sample('sql_statements_total')).toBe(2);
  });
});
