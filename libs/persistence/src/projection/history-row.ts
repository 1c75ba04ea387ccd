import type { CloudEvent, JobEventName } from '@jobmill/contracts';
import { UUID_PATTERN } from '../shared/uuid';
import { InvalidProjectableMessageError } from './invalid-projectable-message.error';
import type { ProjectableMessage } from './projectable-message';

/** One job_events row, with the message it came from (for the fold). */
export interface HistoryRow {
  readonly id: string;
  readonly jobId: string;
  readonly tenant: string;
  readonly name: JobEventName;
  readonly attempt: number;
  readonly data: unknown;
  /** Normalised to millisecond ISO-8601, the precision the table keeps. */
  readonly occurredAt: string;
  readonly occurredMs: number;
  readonly message: ProjectableMessage;
}

const envelopeOf = (message: ProjectableMessage): CloudEvent =>
  message.kind === 'command' ? message.command : message.event;

/** Why a message cannot be projected, or undefined when it can. */
export function problemWith(message: ProjectableMessage): string | undefined {
  const envelope = envelopeOf(message);
  if (typeof envelope.id !== 'string' || envelope.id === '') return 'missing id';
  if (typeof envelope.subject !== 'string' || !UUID_PATTERN.test(envelope.subject)) {
    return 'subject is not a job id (UUID)';
  }
  if (typeof envelope.tenant !== 'string' || envelope.tenant === '') return 'missing tenant';
  if (!Number.isInteger(envelope.attempt) || envelope.attempt < 1 || envelope.attempt > 1e6) {
    return 'attempt is not a positive integer';
  }
  if (Number.isNaN(Date.parse(envelope.time))) return 'time is not a timestamp';
  return undefined;
}

/** The history row of one message; commands are recorded as `queued`. */
export function toHistoryRow(message: ProjectableMessage): HistoryRow {
  const envelope = envelopeOf(message);
  const problem = problemWith(message);
  if (problem) throw new InvalidProjectableMessageError(String(envelope.id), problem);
  const occurredMs = Date.parse(envelope.time);
  return {
    id: envelope.id,
    jobId: envelope.subject.toLowerCase(),
    tenant: envelope.tenant,
    name: message.kind === 'command' ? 'queued' : message.name,
    attempt: envelope.attempt,
    data:
      message.kind === 'command'
        ? { jobType: message.jobType, ...message.command.data }
        : message.event.data,
    occurredAt: new Date(occurredMs).toISOString(),
    occurredMs,
    message,
  };
}

/** The batch's history rows, one per message id (the first copy wins). */
export function historyRowsOf(batch: readonly ProjectableMessage[]): HistoryRow[] {
  const rows = new Map<string, HistoryRow>();
  for (const message of batch) {
    const row = toHistoryRow(message);
    if (!rows.has(row.id)) rows.set(row.id, row);
  }
  return [...rows.values()];
}
