import { isJobType, type JobType } from '../commands/job-types';
import { feedOf, followersOf, type PipelineFeed } from '../pipelines/pipeline-feeds';
import { JOB_TYPE_SCHEMAS } from '../schemas/job-type-schemas';
import { check } from './schema-check';
import { invalid, type ContractViolation, type Validation } from './validation-result';

/** A step after the first job, as validated: a known type and its own input (its options). */
export interface PipelineStepSubmission {
  readonly type: JobType;
  readonly input: Record<string, unknown>;
}

interface JsonObjectSchema {
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, unknown>>;
}

// Built once per pair of types: the validators are cached by schema object.
const ownInputSchemas = new Map<string, object>();

/** The schema of a step's own input: its type's, less what the step before it feeds. */
function ownInputSchemaOf(from: JobType, to: JobType, feed: PipelineFeed): object {
  const key = `${from}>${to}`;
  let schema = ownInputSchemas.get(key);
  if (!schema) {
    const full = JOB_TYPE_SCHEMAS[to].input as JsonObjectSchema;
    const properties = Object.fromEntries(
      Object.entries(full.properties ?? {}).filter(([name]) => !(name in feed)),
    );
    const required = (full.required ?? []).filter((name) => !(name in feed));
    schema = { ...full, properties, required };
    ownInputSchemas.set(key, schema);
  }
  return schema;
}

/** A fed property given in the step's own input: refused, it would be overwritten. */
function fedGiven(
  feed: PipelineFeed,
  from: JobType,
  input: object,
  prefix: string,
): ContractViolation[] {
  return Object.keys(input)
    .filter((name) => name in feed)
    .map((name) => ({
      path: `${prefix}/input/${name}`,
      message: `fed by the previous step (${from}'s ${(feed[name] ?? []).join('.')}); leave it out`,
    }));
}

/**
 * Checks the `then` steps of a submission whose first job is of type `first`: each type must be
 * known and able to follow the one before it (PIPELINE_FEEDS), and its own input must match
 * its type's schema less the properties the step before feeds.
 */
export function validatePipelineSteps(
  first: JobType,
  then: readonly { readonly type: string; readonly input?: object }[],
  prefix = '/then',
): Validation<PipelineStepSubmission[]> {
  const steps: PipelineStepSubmission[] = [];
  let from = first;
  for (const [i, step] of then.entries()) {
    const at = `${prefix}/${i}`;
    if (!isJobType(step.type))
      return invalid('UNKNOWN_TYPE', `Unknown job type '${step.type}'.`, [
        { path: `${at}/type`, message: 'unknown job type' },
      ]);
    const feed = feedOf(from, step.type);
    if (!feed) return incompatible(from, step.type, `${at}/type`);
    const input = step.input ?? {};
    const message = `The input of pipeline step ${i + 2} (${step.type}) is invalid.`;
    const given = fedGiven(feed, from, input, at);
    if (given.length > 0) return invalid('INVALID_DATA', message, given);
    const own = check(ownInputSchemaOf(from, step.type, feed), input, message, `${at}/input`);
    if (!own.ok) return own;
    steps.push({ type: step.type, input: input as Record<string, unknown> });
    from = step.type;
  }
  return { ok: true, value: steps };
}

function incompatible(from: JobType, to: JobType, path: string): Validation<never> {
  const followers = followersOf(from);
  const can = followers.length > 0 ? `only ${followers.join(', ')} can` : 'no step can';
  return invalid(
    'PIPELINE_STEP_INCOMPATIBLE',
    `A ${to} step cannot follow ${from}: ${from}'s output cannot feed it (${can} follow ${from}).`,
    [{ path, message: `cannot follow ${from}` }],
  );
}
