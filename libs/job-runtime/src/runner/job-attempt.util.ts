import { eventFor, type JobCommand, type JobType } from '@jobmill/contracts';
import { describeError, type EventPublisher, type TransportLogger } from '@jobmill/transport';
import type { JobHandler } from '../handler/job-handler.decorator';
import type { JobContext, JobOutcome } from '../handler/job-handler.types';
import { ProgressCoalescer } from '../progress/progress.coalescer';
import type { HeldStart } from '../progress/started-event.hold';
import { classifyError } from '../retries/error.classifier';
import type { JobControl } from './job.control';
import type { JobRunnerOptions } from './job-runner.types';
import { runJobHandler } from './run-job-handler.util';

/** What one attempt needs besides its job: the runner's options, events and log. */
export interface AttemptDeps {
  readonly options: JobRunnerOptions;
  readonly events: EventPublisher;
  readonly logger: TransportLogger;
}

/** One attempt: the handler under the job's controls, coalesced progress. */
export async function runAttempt(
  deps: AttemptDeps,
  job: { readonly command: JobCommand; readonly jobType: JobType; readonly handler: JobHandler },
  control: JobControl,
  start: HeldStart,
): Promise<JobOutcome> {
  const { command, jobType, handler } = job;
  const { source, workerId, progressIntervalMs, validateResults } = deps.options;
  const coalescer = new ProgressCoalescer({ intervalMs: progressIntervalMs ?? 500 });
  const progress: Promise<void>[] = [];
  const ctx: JobContext = {
    command,
    jobType,
    workerId,
    // Read through: the control makes its signal only for a handler that asks for it.
    get signal() {
      return control.signal;
    },
    reportProgress: (fraction) => {
      const value = coalescer.offer(fraction);
      if (value === undefined) return;
      // A job far enough along to report progress has its start announced first.
      progress.push(start.release());
      const event = eventFor(command, 'progress', { jobType, progress: value }, source);
      progress.push(
        deps.events.publish(event).catch((error: unknown) => {
          deps.logger.warn(`A progress event was not published: ${describeError(error)}`);
        }),
      );
    },
  };
  const outcome = await control.race(runJobHandler(handler, ctx, validateResults !== false));
  coalescer.close();
  await Promise.all(progress);
  // Past the hard limit the attempt is over whatever the handler does (stopReason: timeout).
  return outcome === 'hard-timeout' ? { status: 'failed', error: classifyError({}) } : outcome;
}
