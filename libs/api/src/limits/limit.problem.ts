import { countRefused, type LimitRefusal } from '@jobmill/limits';
import { ProblemError } from '../problems/problem.error';

/** A refusal of `jobs` jobs for load as REST answers it: the problem and its Retry-After. */
export function limitProblem(status: 429 | 503, refusal: LimitRefusal, jobs: number): ProblemError {
  countRefused(refusal, 'rest', jobs);
  return new ProblemError(status, refusal.code, refusal.title, refusal.detail, [], {
    'Retry-After': String(refusal.retryAfterSeconds),
  });
}
