import type { ApiClient, JobBody } from './api-client';

/** What happened to a set of accepted jobs, per the read model and each job's history. */
export interface Ledger {
  readonly accepted: number;
  readonly completed: number;
  readonly lost: number;
  /** Jobs whose history holds more than one terminal event. */
  readonly duplicated: number;
  readonly byStatus: Record<string, number>;
}

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

/** Reads every job and its history; prints the figures so a fault test's run can be judged. */
export async function ledgerOf(
  api: ApiClient,
  ids: readonly string[],
  label: string,
): Promise<Ledger> {
  const jobs: JobBody[] = await Promise.all(ids.map((id) => api.job(id)));
  const histories = await Promise.all(
    ids.map(
      async (id) =>
        (
          (await (await api.request('GET', `/v1/jobs/${id}/events`)).json()) as {
            events: Array<{ name: string }>;
          }
        ).events,
    ),
  );
  const byStatus: Record<string, number> = {};
  for (const job of jobs) byStatus[job.status] = (byStatus[job.status] ?? 0) + 1;
  const ledger: Ledger = {
    accepted: ids.length,
    completed: jobs.filter((j) => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(j.status)).length,
    lost: jobs.filter((j) => !['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(j.status)).length,
    duplicated: histories.filter((events) => events.filter((e) => TERMINAL.has(e.name)).length > 1)
      .length,
    byStatus,
  };
  console.log(`[${label}] ledger: ${JSON.stringify(ledger)}`);
  return ledger;
}
