import { STATE_AFTER } from '@jobmill/contracts';
import type { FeedEvent } from '@jobmill/persistence';

/** What a stream's `data:` line carries: the JSON history's fields, the job and its new state. */
export interface StreamedEvent {
  readonly id: string;
  readonly jobId: string;
  readonly jobType: string | null;
  readonly name: string;
  /** The state the event moves the job to (what `status` filters on). */
  readonly status: string;
  readonly attempt: number;
  readonly data: unknown;
  readonly occurredAt: string;
}

/** The JSON of one streamed event. */
export function streamedEvent(event: FeedEvent): StreamedEvent {
  return {
    id: event.id,
    jobId: event.jobId,
    jobType: event.jobType,
    name: event.name,
    status: STATE_AFTER[event.name],
    attempt: event.attempt,
    data: event.data,
    occurredAt: event.occurredAt,
  };
}

/**
 * One Server-Sent Event: `id:` is the event id (what Last-Event-ID resumes after), `event:` its
 * name. JSON has no raw line breaks, so `data:` is one line (and ids lose any).
 */
export function sseMessage(event: FeedEvent): string {
  const id = event.id.replace(/[\r\n]/g, '');
  return `id: ${id}\nevent: ${event.name}\ndata: ${JSON.stringify(streamedEvent(event))}\n\n`;
}

/** An SSE comment: clients ignore it; it keeps proxies and the connection alive. */
export const sseComment = (text: string): string => `: ${text}\n\n`;
