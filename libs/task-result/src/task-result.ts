/** Error details that survive the worker-thread boundary (classes do not; codes do). */
export interface TaskFailure {
  readonly code: string;
  readonly message: string;
  readonly kind: 'transient' | 'permanent' | 'poison' | 'internal' | 'timeout' | 'cancelled';
  readonly retryable: boolean;
  readonly stack?: string;
}

/** What a task file returns to the pool: its value, or a classified failure. */
export type TaskResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: TaskFailure };

const KINDS = new Set(['transient', 'permanent', 'poison', 'internal', 'timeout', 'cancelled']);

/** Describes any thrown value by its duck-typed `code`, `kind` and `retryable`. */
export function describeFailure(error: unknown): TaskFailure {
  const e = (error ?? {}) as {
    code?: unknown;
    kind?: unknown;
    retryable?: unknown;
    message?: unknown;
    stack?: unknown;
  };
  const kind =
    typeof e.kind === 'string' && KINDS.has(e.kind) ? (e.kind as TaskFailure['kind']) : 'internal';
  const retryable =
    typeof e.retryable === 'boolean'
      ? e.retryable
      : kind === 'transient' || kind === 'internal' || kind === 'timeout';
  return {
    code: typeof e.code === 'string' ? e.code : 'INTERNAL',
    message: typeof e.message === 'string' ? e.message : String(error),
    kind,
    retryable,
    ...(kind === 'internal' && typeof e.stack === 'string' ? { stack: e.stack } : {}),
  };
}

/** Runs a task body inside a worker thread and never lets an error lose its code. */
export async function settle<T>(body: () => Promise<T>): Promise<TaskResult<T>> {
  try {
    return { ok: true, value: await body() };
  } catch (error) {
    return { ok: false, error: describeFailure(error) };
  }
}

/** Thrown on the calling side when a task reported a failure: carries the same fields. */
export class TaskFailedError extends Error {
  override readonly name = 'TaskFailedError';
  readonly code: string;
  readonly kind: TaskFailure['kind'];
  readonly retryable: boolean;

  constructor(failure: TaskFailure) {
    super(failure.message);
    this.code = failure.code;
    this.kind = failure.kind;
    this.retryable = failure.retryable;
    if (failure.stack) this.stack = failure.stack;
  }
}
