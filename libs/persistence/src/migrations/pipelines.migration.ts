import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ADVANCE_PIPELINE } from './pipeline-trigger.sql';

const UP = [
  // A step names its pipeline (the parent job, type 'pipeline') and its place in it; `feed`
  // says which of its input properties the step before it supplies (PIPELINE_FEEDS).
  `ALTER TABLE jobs ADD COLUMN pipeline_id uuid NULL`,
  `ALTER TABLE jobs ADD COLUMN step_index int NULL`,
  `ALTER TABLE jobs ADD COLUMN feed jsonb NULL`,
  `CREATE UNIQUE INDEX jobs_pipeline_step_uq ON jobs (pipeline_id, step_index)
     WHERE pipeline_id IS NOT NULL`,
  // The step's own input (its options) with what the step before it feeds: each feed entry is
  // a path into {input, result} of that step. A source it lacks is left out, so the worker's
  // validation of the step says what is missing instead of the handover guessing.
  `CREATE FUNCTION pipeline_step_input(own jsonb, feed jsonb, previous jsonb) RETURNS jsonb
     LANGUAGE sql IMMUTABLE AS $$
       SELECT COALESCE(own, '{}'::jsonb) || COALESCE((
         SELECT jsonb_object_agg(f.key, v.value)
         FROM jsonb_each(COALESCE(feed, '{}'::jsonb)) f
         CROSS JOIN LATERAL (
           SELECT previous #> ARRAY(SELECT jsonb_array_elements_text(f.value)) AS value) v
         WHERE v.value IS NOT NULL), '{}'::jsonb)
     $$`,
  ADVANCE_PIPELINE,
  // A trigger, like the webhook deliveries': every path that moves a step (the projection, a
  // cancellation or a retry by the API, the embedded start-up recovery) hands over in the same
  // statement, so nothing is lost between steps whatever stops. The WHEN clause keeps jobs
  // outside pipelines (the hot path) to one cheap test per written row.
  `CREATE TRIGGER jobs_advance_pipeline AFTER UPDATE ON jobs FOR EACH ROW
     WHEN (NEW.pipeline_id IS NOT NULL
       AND (OLD.status IS DISTINCT FROM NEW.status OR OLD.progress IS DISTINCT FROM NEW.progress))
     EXECUTE FUNCTION advance_pipeline()`,
];

const DOWN = [
  'DROP TRIGGER IF EXISTS jobs_advance_pipeline ON jobs',
  'DROP FUNCTION IF EXISTS advance_pipeline()',
  'DROP FUNCTION IF EXISTS pipeline_step_input(jsonb, jsonb, jsonb)',
  'DROP INDEX IF EXISTS jobs_pipeline_step_uq',
  'ALTER TABLE jobs DROP COLUMN IF EXISTS feed',
  'ALTER TABLE jobs DROP COLUMN IF EXISTS step_index',
  'ALTER TABLE jobs DROP COLUMN IF EXISTS pipeline_id',
];

/** Pipelines: steps of a parent job (`jobs.pipeline_id`), handed over by trigger. */
export class Pipelines1767400600000 implements MigrationInterface {
  name = 'Pipelines1767400600000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of UP) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await runner.query(statement);
  }
}
