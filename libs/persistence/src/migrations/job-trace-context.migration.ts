import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `jobs.traceparent` and `tracestate`: the trace context a job's later command continues. Set
 * only for a job whose command is not published when it is submitted (a delayed job, a
 * pipeline's steps), so its run joins the submitter's trace instead of starting one of its own.
 */
export class JobTraceContext1767401000000 implements MigrationInterface {
  name = 'JobTraceContext1767401000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'ALTER TABLE jobs ADD COLUMN traceparent text NULL, ADD COLUMN tracestate text NULL',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      'ALTER TABLE jobs DROP COLUMN IF EXISTS traceparent, DROP COLUMN IF EXISTS tracestate',
    );
  }
}
