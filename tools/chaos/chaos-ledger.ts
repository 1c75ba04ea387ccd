import { Client } from 'pg';

/** What became of the accepted jobs, read from the read model after the run settled. */
export interface ChaosLedger {
  readonly accepted: number;
  readonly byStatus: Record<string, number>;
  /** Accepted jobs not terminal (or with no row at all). */
  readonly lost: string[];
  /** Jobs whose history holds more than one terminal event. */
  readonly duplicated: string[];
  /** Jobs started more than once (taken over after a kill, a stop or an outage). */
  readonly restarted: number;
}

const TERMINAL_STATUS = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

/** Every accepted job's status and how many terminal and started events its history holds. */
export async function chaosLedger(
  databaseUrl: string,
  ids: readonly string[],
): Promise<ChaosLedger> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{
      id: string;
      status: string | null;
      terminals: string;
      starts: string;
    }>(
      `SELECT a.id, j.status,
         (SELECT count(*) FROM job_events e WHERE e.job_id = a.id
            AND e.name IN ('succeeded', 'failed', 'cancelled')) AS terminals,
         (SELECT count(*) FROM job_events e WHERE e.job_id = a.id AND e.name = 'started') AS starts
       FROM unnest($1::uuid[]) AS a(id) LEFT JOIN jobs j ON j.id = a.id`,
      [ids],
    );
    const byStatus: Record<string, number> = {};
    for (const row of rows) {
      const status = row.status ?? 'NO ROW';
      byStatus[status] = (byStatus[status] ?? 0) + 1;
    }
    return {
      accepted: ids.length,
      byStatus,
      lost: rows.filter((r) => !TERMINAL_STATUS.includes(r.status ?? '')).map((r) => r.id),
      duplicated: rows.filter((r) => Number(r.terminals) > 1).map((r) => r.id),
      restarted: rows.filter((r) => Number(r.starts) > 1).length,
    };
  } finally {
    await client.end();
  }
}
