import type { ApiClient, JobBody, JobEventBody } from './api-client';

/** What happened to a set of accepted jobs, per the read model and each job's history. */
export interface Ledger {
  readonly accepted: number;
  readonly completed: number;
  readonly lost: number;
  /** Jobs whose history holds more than one terminal event. */
  readonly duplicated: number;
  /**
   * Jobs whose history ends in its one terminal event with a `started` before it: one outcome,
   * of a run that was recorded.
   */
  readonly startedThenTerminal: number;
  /** Jobs started more than once (taken over after a crash, a stop or a retry). */
  readonly restarted: number;
  readonly byStatus: Record<string, number>;
}

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);
const TERMINAL_STATUS = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

/** One terminal event, last, after a `started`. */
function isStartedThenTerminal(events: readonly JobEventBody[]): boolean {
  const terminals = events.filter((e) => TERMINAL.has(e.name));
  const last = events[events.length - 1];
  const started = events.findIndex((e) => e.name === 'started');
  return terminals.length === 1 && last === terminals[0] && started >= 0;
}

/** Reads every job and its history; prints the figures so a fault test's run can be judged. */
export async function ledgerOf(
  api: ApiClient,
  ids: readonly string[],
  label: string,
): Promise<Ledger> {
  const jobs: JobBody[] = await Promise.all(ids.map((id) => api.job(id)));
  const histories = await Promise.all(ids.map((id) => api.events(id)));
  const byStatus: Record<string, number> = {};
  for (const job of jobs) byStatus[job.status] = (byStatus[job.status] ?? 0) + 1;
  const count = (test: (events: readonly JobEventBody[]) => boolean) =>
    histories.filter(test).length;
  const ledger: Ledger = {
    accepted: ids.length,
    completed: jobs.filter((j) => TERMINAL_STATUS.includes(j.status)).length,
    lost: jobs.filter((j) => !TERMINAL_STATUS.includes(j.status)).length,
    duplicated: count((events) => events.filter((e) => TERMINAL.has(e.name)).length > 1),
    startedThenTerminal: count(isStartedThenTerminal),
    restarted: count((events) => events.filter((e) => e.name === 'started').length > 1),
    byStatus,
  };
  console.log(`[${label}] ledger: ${JSON.stringify(ledger)}`);
  return ledger;
}
