import type { JobState } from '@jobmill/contracts';

/** Which jobs a search or a bulk action is about (every field optional, all must hold). */
export interface JobFilter {
  readonly status?: JobState;
  /** Any of these statuses (a bulk action's applicable ones). */
  readonly statuses?: readonly JobState[];
  readonly type?: string;
  /** Only the runs of this schedule. */
  readonly scheduleId?: string;
  /** A job id's first hex digits (4 to 32, hyphens ignored): every id that starts with them. */
  readonly idPrefix?: string;
  /** Exactly these job ids. */
  readonly ids?: readonly string[];
  /** Created at or after (inclusive) and before (exclusive). */
  readonly createdAfter?: Date;
  readonly createdBefore?: Date;
}

/** The hex digits of an id prefix, or undefined if it is not 4-32 of them (hyphens aside). */
export function idPrefixDigits(prefix: string): string | undefined {
  const digits = prefix.toLowerCase().replace(/-/g, '');
  return /^[0-9a-f]{4,32}$/.test(digits) ? digits : undefined;
}

const asUuid = (hex: string): string =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

/**
 * The smallest and largest uuid starting with a prefix: an id prefix is a range of the primary
 * key, so finding it costs an index lookup, not a scan of the ids as text.
 */
export function idPrefixRange(prefix: string): readonly [string, string] {
  const digits = idPrefixDigits(prefix);
  if (digits === undefined) throw new RangeError(`Not an id prefix: ${prefix}`);
  return [asUuid(digits.padEnd(32, '0')), asUuid(digits.padEnd(32, 'f'))];
}
