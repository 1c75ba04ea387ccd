import { type JobError, parseRetention, priorityOf, STATE_AFTER } from '@jobmill/contracts';
import type { HistoryRow } from './history-row';
import type { JobPatch } from './job-patch';
import { isForward, stateRank } from './job-state-machine';

type Draft = { -readonly [K in keyof JobPatch]: JobPatch[K] } & {
  moved: boolean;
  definedAt: string | null;
};

const rankOf = (row: HistoryRow): number => stateRank(STATE_AFTER[row.name]);

/** Fold order: attempt, then state rank, then event time, then id (for determinism). */
export function compareRows(a: HistoryRow, b: HistoryRow): number {
  return (
    a.attempt - b.attempt ||
    rankOf(a) - rankOf(b) ||
    a.occurredMs - b.occurredMs ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** Folds new history rows into one patch per job, ordered by job id (a stable lock order). */
export function foldJobs(rows: readonly HistoryRow[]): JobPatch[] {
  const byJob = new Map<string, HistoryRow[]>();
  for (const row of rows) {
    const list = byJob.get(row.jobId);
    if (list) list.push(row);
    else byJob.set(row.jobId, [row]);
  }
  const patches = [...byJob.values()].map(foldJob);
  return patches.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Folds one job's rows (any order) into the single state change they amount to. */
export function foldJob(rows: readonly HistoryRow[]): JobPatch {
  const sorted = [...rows].sort(compareRows);
  const first = sorted[0];
  if (!first) throw new Error('foldJob needs at least one row');
  const draft = startDraft(first);
  for (const row of sorted) {
    absorbMetadata(draft, row);
    if (row.name !== 'queued') applyEvent(draft, row);
  }
  const { moved: _moved, definedAt, ...patch } = draft;
  // A job is dated by its command; by its earliest event only until that command arrives.
  return { ...patch, createdAt: definedAt ?? patch.createdAt };
}

function startDraft(first: HistoryRow): Draft {
  return {
    id: first.jobId,
    tenant: first.tenant,
    type: 'unknown',
    status: 'QUEUED',
    attempt: first.attempt,
    maxAttempts: null,
    priority: null,
    retentionMs: null,
    callbackUrl: null,
    progress: 0,
    input: null,
    result: null,
    error: null,
    errorAttempt: null,
    createdAt: first.occurredAt,
    startedAt: null,
    finishedAt: null,
    nextAttemptAt: null,
    worker: null,
    lastEventAt: first.occurredAt,
    moved: false,
    definedAt: null,
  };
}

const field = (data: unknown, key: string): unknown =>
  typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[key] : undefined;

const recordOf = (value: unknown): Record<string, unknown> | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;

const minIso = (a: string | null, b: string): string => (a !== null && a < b ? a : b);

function absorbMetadata(draft: Draft, row: HistoryRow): void {
  draft.createdAt = minIso(draft.createdAt, row.occurredAt);
  if (row.occurredAt > draft.lastEventAt) draft.lastEventAt = row.occurredAt;
  const jobType = field(row.data, 'jobType');
  const fromCommand = row.message.kind === 'command';
  if (typeof jobType === 'string' && (fromCommand || draft.type === 'unknown')) {
    draft.type = jobType;
  }
  // Only the first attempt's command defines the job; a retry's copy is history, like an event.
  if (row.message.kind !== 'command' || row.attempt !== 1 || draft.input !== null) return;
  const data = row.message.command.data;
  draft.input = recordOf(data.input);
  draft.maxAttempts = typeof data.maxAttempts === 'number' ? data.maxAttempts : null;
  draft.priority = priorityOf(data);
  draft.retentionMs = parseRetention(data.retention) ?? null;
  draft.callbackUrl = typeof data.callbackUrl === 'string' ? data.callbackUrl : null;
  draft.definedAt = row.occurredAt;
}

function applyEvent(draft: Draft, row: HistoryRow): void {
  const next = { attempt: row.attempt, status: STATE_AFTER[row.name] };
  if (!draft.moved || isForward(draft, next)) moveTo(draft, row, next);
  if (row.name === 'started') draft.startedAt = minIso(draft.startedAt, row.occurredAt);
  if (row.attempt !== draft.attempt) return;
  if (row.name === 'progress') {
    const value = Number(field(row.data, 'progress'));
    if (Number.isFinite(value)) draft.progress = Math.max(draft.progress, clamp01(value));
  }
  const worker = field(row.data, 'worker');
  if (row.name === 'started' && typeof worker === 'string') draft.worker ??= worker;
}

function moveTo(draft: Draft, row: HistoryRow, next: Pick<JobPatch, 'attempt' | 'status'>): void {
  if (!draft.moved || next.attempt !== draft.attempt) {
    draft.progress = 0;
    draft.worker = null;
  }
  draft.moved = true;
  draft.status = next.status;
  draft.attempt = next.attempt;
  draft.nextAttemptAt = null;
  switch (row.name) {
    case 'retrying':
      recordError(draft, row);
      draft.nextAttemptAt = isoOrNull(field(row.data, 'nextAttemptAt'));
      break;
    case 'succeeded':
      draft.result = recordOf(field(row.data, 'result')) ?? {};
      draft.progress = 1;
      draft.error = null;
      draft.errorAttempt = null;
      draft.finishedAt = row.occurredAt;
      break;
    case 'failed':
      recordError(draft, row);
      draft.finishedAt = row.occurredAt;
      break;
    case 'cancelled':
      draft.finishedAt = row.occurredAt;
      break;
    default:
      break;
  }
}

const clamp01 = (value: number): number => Math.min(1, Math.max(0, value));

function recordError(draft: Draft, row: HistoryRow): void {
  const error = recordOf(field(row.data, 'error')) as JobError | null;
  if (!error) return;
  draft.error = error;
  draft.errorAttempt = row.attempt;
}

function isoOrNull(value: unknown): string | null {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
