import { UUID_PATTERN } from '../shared/uuid';
import { InvalidCursorError } from './invalid-cursor.error';

/** The keyset position after which a page continues: the last row's (created_at, id). */
export interface JobCursor {
  readonly createdAt: string;
  readonly id: string;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** An opaque base64url token for a keyset position. */
export function encodeCursor(cursor: JobCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id]), 'utf8').toString('base64url');
}

/** Parses a token from encodeCursor; anything else throws InvalidCursorError. */
export function decodeCursor(token: string): JobCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw new InvalidCursorError();
  const [createdAt, id] = parsed as unknown[];
  if (
    typeof createdAt !== 'string' ||
    !ISO.test(createdAt) ||
    Number.isNaN(Date.parse(createdAt))
  ) {
    throw new InvalidCursorError();
  }
  if (typeof id !== 'string' || !UUID_PATTERN.test(id)) throw new InvalidCursorError();
  return { createdAt, id };
}
