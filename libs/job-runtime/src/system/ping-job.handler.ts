import { setTimeout as hold } from 'node:timers/promises';
import type { PingInput } from '@jobmill/contracts';
import { JobHandler } from '../handler/job-handler.decorator';
import type { JobContext, JobOutcome } from '../handler/job-handler.types';

/**
 * Runs `system.ping`, the canary: holds its worker slot for `durationMs` (default 0) and answers
 * which worker ran it. It waits on the event loop, not in a thread: it does no work to move off
 * it. A cancellation, a time limit or a shutdown ends the wait at once.
 */
@JobHandler('system.ping')
export class PingJobHandler implements JobHandler {
  async run(ctx: JobContext): Promise<JobOutcome> {
    const { durationMs = 0 } = ctx.command.data.input as PingInput;
    if (durationMs > 0) await hold(durationMs, undefined, { signal: ctx.signal });
    return { status: 'succeeded', result: { durationMs, worker: ctx.workerId } };
  }
}
