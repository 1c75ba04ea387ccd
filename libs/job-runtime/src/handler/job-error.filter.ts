import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { of, type Observable } from 'rxjs';
import { classifyError } from '../retries/error.classifier';
import type { JobOutcome } from './job-handler.types';

/**
 * Turns whatever a job handler (or a guard, pipe or interceptor around it) throws into its
 * failed outcome, classified by code, kind and retryable as the runner classifies a throw.
 * Without it Nest would answer with a generic 'Internal server error' and lose the code.
 */
@Catch()
export class JobErrorFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<JobOutcome> {
    return of({ status: 'failed', error: classifyError(exception) });
  }
}
