import { COMMAND_VERSIONS, isJobType, parseCommandType, type JobType } from '../commands/job-types';
import type { JobCommand } from '../commands/job-command';
import type { JobPriority } from '../priorities/job-priority';
import { parseEventType, type JobEvent, type JobEventName } from '../events/job-event';
import { cloudEventSchema } from '../schemas/envelope.schema';
import { jobEventDataSchemas } from '../schemas/job-events.schema';
import { commandDataSchema, jobSubmissionSchema } from '../schemas/job-submission.schema';
import { JOB_TYPE_SCHEMAS } from '../schemas/job-type-schemas';
import { invalid, type ContractViolation, type Validation } from './validation-result';
import { check, validatorFor, violations } from './schema-check';
import { validatePipelineSteps, type PipelineStepSubmission } from './pipeline-steps.validator';

const commandDataSchemas = new Map<JobType, object>();
/** The command data schema of a job type, built once so its validator is compiled once. */
const commandDataSchemaOf = (jobType: JobType): object => {
  let schema = commandDataSchemas.get(jobType);
  if (!schema)
    commandDataSchemas.set(jobType, (schema = commandDataSchema(JOB_TYPE_SCHEMAS[jobType].input)));
  return schema;
};

/** A job as submitted over REST: type, input and job-level options. */
export interface JobSubmission {
  readonly type: JobType;
  readonly input: Record<string, unknown>;
  readonly maxAttempts?: number;
  readonly priority?: JobPriority;
  readonly dedupKey?: string;
  /** How long the job is kept once finished, e.g. "1h" (see retentionSchema). */
  readonly retention?: string;
  /** Run at this time (ISO 8601), not at once. */
  readonly runAt?: string;
  /** Run this many ms from now, not at once. */
  readonly delayMs?: number;
  readonly callbackUrl?: string;
  /** The steps that follow this job (a pipeline), each fed by the one before it. */
  readonly then?: readonly PipelineStepSubmission[];
}

/** Checks a `POST /v1/jobs` body with the same schemas the consumers use. */
export function validateSubmission(body: unknown): Validation<JobSubmission> {
  const shape = check<{ type: string; input: object; then?: { type: string; input?: object }[] }>(
    jobSubmissionSchema,
    body,
    'The job submission is invalid.',
  );
  if (!shape.ok) return shape;
  const { type } = shape.value;
  if (!isJobType(type))
    return invalid('UNKNOWN_TYPE', `Unknown job type '${type}'.`, [
      { path: '/type', message: 'unknown job type' },
    ]);
  const message = `The input of a ${type} job is invalid.`;
  const input = check(JOB_TYPE_SCHEMAS[type].input, shape.value.input, message, '/input');
  if (!input.ok) return input;
  const broken = inputRuleViolations(type, shape.value.input, '/input');
  if (broken.length > 0) return invalid('INVALID_DATA', message, broken);
  if (shape.value.then === undefined) return { ok: true, value: shape.value as JobSubmission };
  const steps = validatePipelineSteps(type, shape.value.then);
  return steps.ok
    ? { ok: true, value: { ...(shape.value as JobSubmission), then: steps.value } }
    : steps;
}

/** The violations of a job type's rules beyond its schema, with paths under `prefix`. */
function inputRuleViolations(type: JobType, input: unknown, prefix: string): ContractViolation[] {
  const rules = JOB_TYPE_SCHEMAS[type].inputRules;
  return (rules?.(input) ?? []).map((v) => ({ ...v, path: `${prefix}${v.path}` }));
}

/** A command that passed validation, with its job type and version decoded. */
export interface ValidCommand {
  readonly command: JobCommand;
  readonly jobType: JobType;
  readonly version: number;
}

/** Checks a command envelope and its data; the code says which part failed. */
export function validateCommand(envelope: unknown): Validation<ValidCommand> {
  const env = validatorFor(cloudEventSchema);
  if (!env(envelope))
    return invalid(
      'INVALID_ENVELOPE',
      'The message is not a valid CloudEvent.',
      violations(env.errors),
    );
  const command = envelope as JobCommand;
  const parsed = parseCommandType(command.type);
  if (!parsed || !isJobType(parsed.jobType))
    return invalid('UNKNOWN_TYPE', `Unknown command type '${command.type}'.`);
  if (!COMMAND_VERSIONS[parsed.jobType].includes(parsed.version)) {
    return invalid(
      'UNSUPPORTED_VERSION',
      `Version ${parsed.version} of ${parsed.jobType} is not supported.`,
    );
  }
  const data = check(
    commandDataSchemaOf(parsed.jobType),
    command.data,
    `The data of ${command.type} is invalid.`,
    '/data',
  );
  if (!data.ok) return data;
  const broken = inputRuleViolations(parsed.jobType, command.data.input, '/data/input');
  return broken.length === 0
    ? { ok: true, value: { command, jobType: parsed.jobType, version: parsed.version } }
    : invalid('INVALID_DATA', `The data of ${command.type} is invalid.`, broken);
}

/** An event that passed validation, with its name decoded. */
export interface ValidEvent {
  readonly event: JobEvent;
  readonly name: JobEventName;
}

/** Checks a job event envelope and its data. */
export function validateEvent(envelope: unknown): Validation<ValidEvent> {
  const env = validatorFor(cloudEventSchema);
  if (!env(envelope))
    return invalid(
      'INVALID_ENVELOPE',
      'The message is not a valid CloudEvent.',
      violations(env.errors),
    );
  const event = envelope as JobEvent;
  const name = parseEventType(event.type);
  if (!name) return invalid('UNKNOWN_TYPE', `Unknown event type '${event.type}'.`);
  const data = check(
    jobEventDataSchemas[name],
    event.data,
    `The data of ${event.type} is invalid.`,
    '/data',
  );
  return data.ok ? { ok: true, value: { event, name } } : data;
}

/** Checks a job type's result before it is published. */
export const validateResult = (jobType: JobType, result: unknown): Validation<object> =>
  check(
    JOB_TYPE_SCHEMAS[jobType].result,
    result,
    `The result of ${jobType} does not match its schema.`,
  );

/** Parses a message body as JSON without throwing. */
export function parseJson(body: Buffer | string): Validation<unknown> {
  try {
    return {
      ok: true,
      value: JSON.parse(typeof body === 'string' ? body : body.toString('utf8')) as unknown,
    };
  } catch (error) {
    return invalid('INVALID_JSON', `The body is not valid JSON: ${(error as Error).message}`);
  }
}
