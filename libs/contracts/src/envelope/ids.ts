import { randomUUID } from 'node:crypto';

/** A new message or job id (UUID v4). */
export const newId = (): string => randomUUID();

/** The ISO-8601 timestamp used in envelopes. */
export const nowIso = (): string => new Date().toISOString();
