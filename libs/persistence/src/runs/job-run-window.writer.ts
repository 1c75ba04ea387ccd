import {
  startedEventOf,
  type JobEvent,
  type RunClaim,
  type RunClaimResult,
  type RunDecision,
  type RunOutcome,
} from '@jobmill/contracts';
import type { DataSource } from 'typeorm';
import { runSql } from '../shared/run-sql';
import { UUID_PATTERN } from '../shared/uuid';
import {
  CLAIM_FRESH_RUNS,
  CLAIM_RUNS,
  DECIDE_RUNS,
  ENSURE_RUNS,
  OUTCOME_EVENTS,
} from './job-run.sql';

/** One decision waiting for its window. */
export interface PendingDecision {
  readonly jobId: string;
  readonly outcome: RunOutcome;
  readonly event: JobEvent;
  /** The attempt's job.started, recorded with the outcome; none if nothing ran. */
  readonly started?: JobEvent;
}

interface ClaimRow {
  readonly job_id: string;
  readonly kind:
    Exclude<RunClaimResult['kind'], 'refused'> | 'foreign-job' | 'no-upload' | 'in-use';
  readonly outcome_event: JobEvent | null;
  readonly started_id: string | null;
  readonly started_at: Date | null;
  readonly worker: string | null;
  readonly fence: string | null;
}

const notAJob = (jobId: string): Error => new Error(`not a job id: ${jobId}`);

/**
 * Splits a window into rounds whose job ids are distinct: two copies of one job in the same
 * window are decided one after the other, exactly as if they had come apart.
 */
function rounds<T>(items: readonly T[], idOf: (item: T) => string): T[][] {
  const out: { ids: Set<string>; items: T[] }[] = [];
  for (const item of items) {
    const id = idOf(item).toLowerCase();
    let round = out.find((r) => !r.ids.has(id));
    if (!round) out.push((round = { ids: new Set(), items: [] }));
    round.ids.add(id);
    round.items.push(item);
  }
  return out.map((r) => r.items);
}

/** Writes a window of results back in the callers' order. */
async function byRounds<T, R>(
  items: readonly T[],
  idOf: (item: T) => string,
  write: (round: readonly T[]) => Promise<Map<T, R | Error>>,
): Promise<(R | Error)[]> {
  const results = new Map<T, R | Error>();
  const valid = items.filter((item) => UUID_PATTERN.test(idOf(item)));
  for (const round of rounds(valid, idOf))
    for (const [item, result] of await write(round)) results.set(item, result);
  return items.map((item) => results.get(item) ?? notAJob(idOf(item)));
}

/**
 * Claims a window of deliveries. Jobs seen for the first time are claimed by one insert; the
 * others (redeliveries, reused ids, uploads to check) by two statements in one transaction.
 */
export function claimWindow(
  dataSource: DataSource,
  requests: readonly RunClaim[],
): Promise<(RunClaimResult | Error)[]> {
  return byRounds(
    requests,
    (r) => r.jobId,
    async (round) => {
      const fresh = await claimFresh(dataSource, round);
      const rest = round.filter((r) => !fresh.has(r.jobId.toLowerCase()));
      const rows = rest.length === 0 ? [] : await claimExisting(dataSource, rest);
      const byId = new Map(rows.map((row) => [row.job_id.toLowerCase(), row]));
      return new Map(
        round.map((r) => {
          const id = r.jobId.toLowerCase();
          const fence = fresh.get(id);
          return [r, fence === undefined ? claimResultOf(r, byId.get(id)) : { kind: 'run', fence }];
        }),
      );
    },
  );
}

/** The parameters of both claim statements: one array per column of the window. */
function claimParams(round: readonly RunClaim[]): unknown[] {
  return [
    round.map((r) => r.jobId),
    round.map((r) => r.attempt),
    round.map((r) => r.messageId),
    round.map((r) => r.worker),
    round.map((r) => Math.round(r.leaseMs)),
    round.map((r) => r.takeOver),
    round.map((r) => r.tenant),
    round.map((r) => r.uploadId ?? null),
  ];
}

/** The fences of the claims taken by inserting their run row, by lower-case job id. */
async function claimFresh(
  dataSource: DataSource,
  round: readonly RunClaim[],
): Promise<Map<string, number>> {
  const { rows } = await runSql<{ job_id: string; fence: string }>(
    dataSource,
    CLAIM_FRESH_RUNS,
    claimParams(round),
  );
  return new Map(rows.map((row) => [row.job_id.toLowerCase(), Number(row.fence)]));
}

function claimExisting(dataSource: DataSource, round: readonly RunClaim[]): Promise<ClaimRow[]> {
  return dataSource.transaction(async (manager) => {
    await runSql(manager, ENSURE_RUNS, [round.map((r) => r.jobId), round.map((r) => r.tenant)]);
    return (await runSql<ClaimRow>(manager, CLAIM_RUNS, claimParams(round))).rows;
  });
}

/** A decided job's outcome, with the start recorded beside it if its attempt ran. */
function decidedOf(row: ClaimRow, event: JobEvent): RunClaimResult {
  if (!row.started_id || !row.started_at || !row.worker) return { kind: 'decided', event };
  const start = { id: row.started_id, time: row.started_at.toISOString(), worker: row.worker };
  return { kind: 'decided', event, started: startedEventOf(event, start) };
}

function claimResultOf(claim: RunClaim, row: ClaimRow | undefined): RunClaimResult | Error {
  if (!row) return new Error(`job_runs row of ${claim.jobId} vanished`);
  if (row.kind === 'foreign-job')
    return {
      kind: 'refused',
      code: 'JOB_ID_TAKEN',
      reason: `Job id ${claim.jobId} is taken: job ids are unique across tenants; choose a new one.`,
      ownJob: false,
    };
  if (row.kind === 'in-use')
    return {
      kind: 'refused',
      code: 'JOB_ID_IN_USE',
      reason: `Job ${claim.jobId} is in flight under another command (this is not a redelivery of it); a new job needs a new id.`,
      ownJob: false,
    };
  if (row.kind === 'no-upload')
    return {
      kind: 'refused',
      code: 'UPLOAD_NOT_FOUND',
      reason: `Upload '${claim.uploadId ?? ''}' does not exist for tenant '${claim.tenant}'.`,
      ownJob: true,
    };
  if (row.kind === 'decided' && row.outcome_event) return decidedOf(row, row.outcome_event);
  if (row.kind === 'stale') return { kind: 'stale' };
  if (row.kind === 'busy') return { kind: 'busy', worker: row.worker };
  return { kind: 'run', fence: Number(row.fence ?? 0) };
}

/** Records a window of outcomes in one statement; the rest learn the outcome that came first. */
export function decideWindow(
  dataSource: DataSource,
  pending: readonly PendingDecision[],
): Promise<(RunDecision | Error)[]> {
  return byRounds(
    pending,
    (p) => p.jobId,
    async (round) => {
      const { rows } = await runSql<{ job_id: string }>(dataSource, DECIDE_RUNS, [
        round.map((p) => p.jobId),
        round.map((p) => p.outcome),
        round.map((p) => JSON.stringify(p.event)),
        round.map((p) => p.started?.id ?? null),
        round.map((p) => p.started?.time ?? null),
      ]);
      const recorded = new Set(rows.map((row) => row.job_id.toLowerCase()));
      const others = round.filter((p) => !recorded.has(p.jobId.toLowerCase()));
      const existing = await outcomeEvents(
        dataSource,
        others.map((p) => p.jobId),
      );
      return new Map(
        round.map((p): [PendingDecision, RunDecision | Error] => {
          const id = p.jobId.toLowerCase();
          if (recorded.has(id)) return [p, { recorded: true }];
          const event = existing.get(id);
          return [
            p,
            event
              ? { recorded: false, event }
              : new Error(`job ${p.jobId} has no run row to decide`),
          ];
        }),
      );
    },
  );
}

async function outcomeEvents(
  dataSource: DataSource,
  jobIds: readonly string[],
): Promise<Map<string, JobEvent>> {
  if (jobIds.length === 0) return new Map();
  const { rows } = await runSql<{ job_id: string; outcome_event: JobEvent | null }>(
    dataSource,
    OUTCOME_EVENTS,
    [jobIds],
  );
  return new Map(
    rows.flatMap((r) => (r.outcome_event ? [[r.job_id.toLowerCase(), r.outcome_event]] : [])),
  );
}
