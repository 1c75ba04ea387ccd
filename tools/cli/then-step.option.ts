/** One `--then` step: its job type and its own input (e.g. its options). */
export interface ThenStep {
  readonly type: string;
  readonly input?: Record<string, unknown>;
}

/** A `--then` value that is not a step (the CLI shows it as commander's invalid argument). */
export class InvalidThenStepError extends Error {
  override readonly name = 'InvalidThenStepError';
  readonly code = 'INVALID_THEN_STEP';
}

/**
 * Parses `--then <type>` or `--then '<type>={"options":{...}}'` (the step's own input as JSON)
 * and appends it to the steps so far: the option may be given once per step, in order.
 */
export function collectThenStep(value: string, previous: readonly ThenStep[] = []): ThenStep[] {
  const at = value.indexOf('=');
  const type = (at < 0 ? value : value.slice(0, at)).trim();
  if (!/^[a-z]+\.[a-z]+$/.test(type))
    throw new InvalidThenStepError('must be <type> or <type>=<input JSON>, e.g. processing.clips');
  if (at < 0) return [...previous, { type }];
  let input: unknown;
  try {
    input = JSON.parse(value.slice(at + 1));
  } catch {
    throw new InvalidThenStepError(`the input of ${type} must be a JSON object`);
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new InvalidThenStepError(`the input of ${type} must be a JSON object`);
  return [...previous, { type, input: input as Record<string, unknown> }];
}
