import type { CloudEvent } from './cloud-event';
import { CLOUDEVENTS_BATCH_CONTENT_TYPE, CLOUDEVENTS_CONTENT_TYPE } from './cloud-event';
import { invalid, type Validation } from '../validation/validation-result';

/** The most envelopes one batch message may carry (the API's batch limit is below it). */
export const MAX_BATCH_ENVELOPES = 10_000;

/** The media type of a content type, lower case, parameters dropped. */
export const mediaTypeOf = (contentType: string | undefined): string | undefined =>
  contentType?.split(';')[0]?.trim().toLowerCase();

/** Whether a message body is a CloudEvents JSON batch (by its content type). */
export const isBatchContentType = (contentType: string | undefined): boolean =>
  mediaTypeOf(contentType) === CLOUDEVENTS_BATCH_CONTENT_TYPE;

/** Whether a content type is one of ours: structured, batch, or absent (structured assumed). */
export const isCloudEventsContentType = (contentType: string | undefined): boolean => {
  const media = mediaTypeOf(contentType);
  return (
    media === undefined ||
    media === CLOUDEVENTS_CONTENT_TYPE ||
    media === CLOUDEVENTS_BATCH_CONTENT_TYPE
  );
};

/** The body of a CloudEvents JSON batch: many envelopes in one message (one AMQP publish). */
export const encodeBatch = (envelopes: readonly CloudEvent[]): Buffer =>
  Buffer.from(JSON.stringify(envelopes), 'utf8');

/**
 * The envelopes a parsed body holds: the members of a batch (a non-empty JSON array of at most
 * MAX_BATCH_ENVELOPES), or the one structured envelope. Members are not validated here.
 */
export function envelopesOf(value: unknown, batch: boolean): Validation<readonly unknown[]> {
  if (!batch) return { ok: true, value: [value] };
  if (!Array.isArray(value))
    return invalid(
      'INVALID_ENVELOPE',
      `A ${CLOUDEVENTS_BATCH_CONTENT_TYPE} body must be a JSON array.`,
    );
  if (value.length === 0) return invalid('INVALID_ENVELOPE', 'The batch is empty.');
  if (value.length > MAX_BATCH_ENVELOPES)
    return invalid(
      'INVALID_ENVELOPE',
      `The batch holds ${value.length} envelopes; at most ${MAX_BATCH_ENVELOPES} are accepted.`,
    );
  return { ok: true, value };
}

/**
 * The envelopes a message carries, by its content type: each member of a batch, or the one
 * structured event. For consumers and tools; throws on a body that is not JSON or not a batch.
 */
export function parseEnvelopes<T = unknown>(body: Buffer | string, contentType?: string): T[] {
  const value: unknown = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
  const envelopes = envelopesOf(value, isBatchContentType(contentType));
  if (!envelopes.ok) throw new Error(envelopes.message);
  return envelopes.value as T[];
}
