import type { ContractViolation } from './validation-result';

/** Most violations listed for one input: enough to fix it, small enough for any problem body. */
const MAX_LISTED = 20;

/**
 * What JSON Schema cannot say about a `processing.clips` input: each segment ends after it
 * starts. Runs only on input the schema accepted, so segments are well-formed numbers here.
 */
export function clipsInputViolations(input: unknown): ContractViolation[] {
  const segments = (input as { segments?: ReadonlyArray<{ start: number; end: number }> }).segments;
  const found: ContractViolation[] = [];
  for (let i = 0; i < (segments?.length ?? 0) && found.length < MAX_LISTED; i++) {
    const { start, end } = segments?.[i] ?? { start: 0, end: 1 };
    if (end <= start)
      found.push({
        path: `/segments/${i}/end`,
        message: `must be greater than start (${start}), is ${end}`,
      });
  }
  return found;
}
