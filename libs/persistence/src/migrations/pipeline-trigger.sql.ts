// Part of the Pipelines migration: applied as written, so never edit it; a change is a new
// migration that replaces the function.

const TERMINAL = `('SUCCEEDED', 'FAILED', 'CANCELLED')`;

// The parent's history entry: read-model only (GET /v1/jobs/:id/events, SSE), never published.
// clock_timestamp(): entries of one statement keep their order.
const RECORD = (name: string, data: string) => `
  INSERT INTO job_events (id, job_id, tenant, name, attempt, data, occurred_at)
  VALUES (gen_random_uuid()::text, parent.id, parent.tenant, '${name}', parent.attempt,
    jsonb_build_object('jobType', 'pipeline') || ${data}, clock_timestamp());`;

// What the parent's entries say about the step that moved.
const STEP = `jsonb_build_object('step', NEW.step_index + 1, 'stepType', NEW.type,
  'stepJobId', NEW.id, 'stepStatus', NEW.status)`;

const EXPIRES = `now() + COALESCE(parent.retention_ms, 604800000) * interval '1 millisecond'`;

// A step that succeeded makes the next one due with its input (the due-jobs dispatcher
// publishes it), or, as the last one, ends the pipeline with its result.
const ON_SUCCEEDED = `
  IF NEW.step_index + 1 < steps THEN
    UPDATE jobs SET input = pipeline_step_input(input, feed,
        jsonb_build_object('input', NEW.input, 'result', NEW.result)),
      run_at = now(), updated_at = now()
    WHERE pipeline_id = parent.id AND step_index = NEW.step_index + 1 AND status = 'PENDING';
    UPDATE jobs SET progress = (NEW.step_index + 1)::real / steps, updated_at = now()
    WHERE id = parent.id RETURNING * INTO parent;
    ${RECORD('progress', `jsonb_build_object('progress', parent.progress) || ${STEP}`)}
  ELSE
    UPDATE jobs SET status = 'SUCCEEDED', progress = 1, result = NEW.result, error = NULL,
      error_attempt = NULL, finished_at = now(), expires_at = ${EXPIRES}, updated_at = now()
    WHERE id = parent.id RETURNING * INTO parent;
    ${RECORD('succeeded', `jsonb_build_object('result', NEW.result) || ${STEP}`)}
  END IF;`;

// The parent fails naming the step; the steps after it keep waiting, for a retry to resume.
const ON_FAILED = `
  UPDATE jobs SET status = 'FAILED', finished_at = now(), expires_at = ${EXPIRES},
    error_attempt = attempt, updated_at = now(),
    error = jsonb_build_object('code', 'PIPELINE_STEP_FAILED',
      'message', format('Step %s of %s (%s, job %s) failed: %s', NEW.step_index + 1, steps,
        NEW.type, NEW.id, COALESCE(NEW.error->>'message', 'no reason recorded')),
      'kind', COALESCE(NEW.error->>'kind', 'permanent'),
      'retryable', COALESCE((NEW.error->>'retryable')::boolean, false))
  WHERE id = parent.id RETURNING * INTO parent;
  ${RECORD('failed', `jsonb_build_object('error', parent.error) || ${STEP}`)}`;

// A cancelled step cancels its pipeline and the steps still waiting for their turn (never
// published: nothing else to stop).
const ON_CANCELLED = `
  UPDATE jobs SET status = 'CANCELLED', finished_at = now(), expires_at = ${EXPIRES},
    updated_at = now()
  WHERE id = parent.id RETURNING * INTO parent;
  ${RECORD('cancelled', `jsonb_build_object('reason', format('Step %s (%s) was cancelled.', NEW.step_index + 1, NEW.type)) || ${STEP}`)}
  WITH waiting AS (
    UPDATE jobs SET status = 'CANCELLED', finished_at = now(), updated_at = now()
    WHERE pipeline_id = parent.id AND status = 'PENDING' AND run_at IS NULL
    RETURNING id, tenant, type, attempt
  )
  INSERT INTO job_events (id, job_id, tenant, name, attempt, data, occurred_at)
  SELECT gen_random_uuid()::text, id, tenant, 'cancelled', attempt,
    jsonb_build_object('jobType', type, 'reason', 'Its pipeline was cancelled before it started.'),
    clock_timestamp()
  FROM waiting;`;

// A step queued, running or retrying: the pipeline runs (a PENDING one waits for its first
// step's command). A step reopened by a manual retry resumes a FAILED pipeline as its next
// attempt.
const ON_ACTIVE = `
  IF parent.status = 'FAILED' THEN
    UPDATE jobs SET status = 'RUNNING', attempt = attempt + 1, error = NULL, error_attempt = NULL,
      result = NULL, finished_at = NULL, expires_at = NULL, updated_at = now()
    WHERE id = parent.id RETURNING * INTO parent;
    ${RECORD('started', STEP)}
  ELSIF NEW.step_index = 0 AND NEW.status = 'QUEUED' AND parent.status = 'PENDING' THEN
    UPDATE jobs SET status = 'QUEUED', updated_at = now() WHERE id = parent.id;
  ELSIF parent.status <> 'RUNNING' THEN
    UPDATE jobs SET status = 'RUNNING', started_at = COALESCE(started_at, now()),
      updated_at = now()
    WHERE id = parent.id RETURNING * INTO parent;
    ${RECORD('started', STEP)}
  ELSIF OLD.status IS DISTINCT FROM NEW.status THEN
    ${RECORD('progress', `jsonb_build_object('progress', parent.progress) || ${STEP}`)}
  END IF;
  IF NEW.status = 'RUNNING' THEN
    UPDATE jobs SET progress = GREATEST(progress, (NEW.step_index + NEW.progress)::real / steps),
      updated_at = now()
    WHERE id = parent.id AND status = 'RUNNING';
  END IF;`;

/**
 * The trigger function that moves a pipeline along as its steps' rows change: it runs in the
 * statement that changed the step (projection, cancellation, retry), with the parent locked.
 */
export const ADVANCE_PIPELINE = `
  CREATE FUNCTION advance_pipeline() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    parent jobs%ROWTYPE;
    steps int;
  BEGIN
    SELECT * INTO parent FROM jobs WHERE id = NEW.pipeline_id AND tenant = NEW.tenant FOR UPDATE;
    IF NOT FOUND THEN RETURN NULL; END IF;
    -- Only a retried step (FAILED before) reopens a finished pipeline.
    IF parent.status IN ${TERMINAL}
      AND NOT (parent.status = 'FAILED' AND OLD.status = 'FAILED'
        AND NEW.status IN ('QUEUED', 'RUNNING', 'RETRYING')) THEN
      RETURN NULL;
    END IF;
    SELECT count(*) INTO steps FROM jobs WHERE pipeline_id = parent.id;
    IF NEW.status = 'SUCCEEDED' THEN ${ON_SUCCEEDED}
    ELSIF NEW.status = 'FAILED' THEN ${ON_FAILED}
    ELSIF NEW.status = 'CANCELLED' THEN ${ON_CANCELLED}
    ELSIF NEW.status IN ('QUEUED', 'RUNNING', 'RETRYING') THEN ${ON_ACTIVE}
    END IF;
    RETURN NULL;
  END $$`;
