import { SingleBar, Presets } from 'cli-progress';
import { TERMINAL, type JobsApiClient, type JobView } from './jobs-api.client';

/** How to watch: poll interval, an overall deadline, and whether to draw a bar. */
export interface WatchOptions {
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** A bar on a terminal; one line per change otherwise (logs, scripts). */
  readonly bar: boolean;
  readonly write: (line: string) => void;
}

/** Polls a job until it ends, showing its progress; resolves with the final job. */
export async function watchJob(
  api: JobsApiClient,
  id: string,
  options: WatchOptions,
): Promise<JobView> {
  const bar = options.bar
    ? new SingleBar(
        { format: '{bar} {percentage}% | {status} | attempt {attempt}' },
        Presets.shades_classic,
      )
    : undefined;
  const deadline = Date.now() + options.timeoutMs;
  let last = '';
  bar?.start(100, 0, { status: 'QUEUED', attempt: 1 });
  try {
    for (;;) {
      const job = await api.get(id);
      const percent = Math.round(job.progress * 100);
      bar?.update(percent, { status: job.status, attempt: job.attempt });
      const line = `${job.status} ${percent}% attempt ${job.attempt}${stepOf(job)}`;
      if (!bar && line !== last) options.write(line);
      last = line;
      if (TERMINAL.includes(job.status)) return job;
      if (Date.now() > deadline)
        throw new Error(`Job ${id} still ${job.status} after ${options.timeoutMs} ms.`);
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
    }
  } finally {
    bar?.stop();
  }
}

/** Where a pipeline stands: its first step not SUCCEEDED (or its last), e.g. " step 2/2 processing.clips". */
function stepOf(job: JobView): string {
  const steps = job.steps ?? [];
  const current = steps.find((s) => s.status !== 'SUCCEEDED');
  const shown = current ?? steps[steps.length - 1];
  return shown ? ` step ${shown.step}/${steps.length} ${shown.type} ${shown.status}` : '';
}
