import type { JobError } from '@jobmill/contracts';

type ErrorKind = JobError['kind'];
const KINDS: readonly ErrorKind[] = [
  'transient',
  'permanent',
  'poison',
  'internal',
  'timeout',
  'cancelled',
];
/** Kinds worth another attempt (unless the error says retryable: false). */
const RETRYABLE_KINDS: readonly ErrorKind[] = ['transient', 'internal', 'timeout'];

const isKind = (value: unknown): value is ErrorKind =>
  typeof value === 'string' && (KINDS as readonly string[]).includes(value);

const nonEmpty = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** The kind of a thrown error: its own `kind`, else inferred from `retryable`. */
function kindOf(e: Record<string, unknown>, explicit: boolean | undefined): ErrorKind {
  const kind = e['kind'];
  if (isKind(kind)) return kind;
  if (explicit === undefined) return 'internal';
  return explicit ? 'transient' : 'permanent';
}

/**
 * Turns anything thrown by a handler into a JobError, duck-typed on `code`, `kind` and
 * `retryable` because errors from worker threads lose their class.
 */
export function classifyError(thrown: unknown): JobError {
  const e = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as Record<
    string,
    unknown
  >;
  const explicit = typeof e['retryable'] === 'boolean' ? e['retryable'] : undefined;
  const kind = kindOf(e, explicit);
  const retryable = RETRYABLE_KINDS.includes(kind) && explicit !== false;
  const code = nonEmpty(e['code']) ?? 'INTERNAL_ERROR';
  const message = nonEmpty(e['message']) ?? String(thrown);
  const stack = kind === 'internal' ? nonEmpty(e['stack']) : undefined;
  return { code, message, kind, retryable, ...(stack ? { stack } : {}) };
}

/** Whether a job error is worth another attempt. */
export const isRetryable = (error: JobError): boolean =>
  error.retryable && RETRYABLE_KINDS.includes(error.kind);
