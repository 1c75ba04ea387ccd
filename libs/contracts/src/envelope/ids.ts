import { createHash, randomUUID } from 'node:crypto';

/** A new message or job id (UUID v4). */
export const newId = (): string => randomUUID();

/**
 * A UUID (version 5 layout, SHA-1) that is the same wherever it is derived from the same parts:
 * two services describing one fact give it one id, so the projection keeps it once.
 */
export function derivedId(...parts: readonly string[]): string {
  const hex = createHash('sha1').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The ISO-8601 timestamp used in envelopes. */
export const nowIso = (): string => new Date().toISOString();
