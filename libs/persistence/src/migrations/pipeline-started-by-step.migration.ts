import type { MigrationInterface, QueryRunner } from 'typeorm';

// A step's start and outcome may reach the projection together (a short job's start goes out
// with its outcome), so its row can move from QUEUED to SUCCEEDED in one write, and the
// pipeline's trigger, which starts the parent on a step's RUNNING, never saw it run. This one
// starts the parent first. Triggers of one event fire in name order: `jobs_advance_first_...`
// before `jobs_advance_pipeline`, which then hands over as before.
const UP = [
  `CREATE FUNCTION start_pipeline_of_step() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    parent jobs%ROWTYPE;
  BEGIN
    UPDATE jobs SET status = 'RUNNING', started_at = COALESCE(started_at, now()),
      updated_at = now()
    WHERE id = NEW.pipeline_id AND tenant = NEW.tenant AND status IN ('PENDING', 'QUEUED')
    RETURNING * INTO parent;
    IF FOUND THEN
      INSERT INTO job_events (id, job_id, tenant, name, attempt, data, occurred_at)
      VALUES (gen_random_uuid()::text, parent.id, parent.tenant, 'started', parent.attempt,
        jsonb_build_object('jobType', 'pipeline', 'step', NEW.step_index + 1,
          'stepType', NEW.type, 'stepJobId', NEW.id, 'stepStatus', 'RUNNING'),
        clock_timestamp());
    END IF;
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER jobs_advance_first_start AFTER UPDATE ON jobs FOR EACH ROW
     WHEN (NEW.pipeline_id IS NOT NULL AND OLD.status IN ('PENDING', 'QUEUED')
       AND NEW.status = 'SUCCEEDED')
     EXECUTE FUNCTION start_pipeline_of_step()`,
];

const DOWN = [
  'DROP TRIGGER IF EXISTS jobs_advance_first_start ON jobs',
  'DROP FUNCTION IF EXISTS start_pipeline_of_step()',
];

/** A pipeline whose step went from QUEUED to SUCCEEDED in one write is started first. */
export class PipelineStartedByStep1767400800000 implements MigrationInterface {
  name = 'PipelineStartedByStep1767400800000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of UP) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await runner.query(statement);
  }
}
