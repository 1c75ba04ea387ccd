import { TRACEPARENT_PATTERN, TRACESTATE_MAX_LENGTH, TRACESTATE_PATTERN } from './id-patterns';

/**
 * W3C trace context as an envelope carries it (the CloudEvents distributed-tracing extension):
 * `traceparent` names the span, `tracestate` holds the tracing vendors' own entries, which
 * travel with it unchanged.
 */
export interface TraceContext {
  readonly traceparent: string;
  readonly tracestate?: string;
}

/** Where trace context may be found: an envelope, a request's trace, a row's nullable columns. */
export interface TraceFields {
  readonly traceparent?: string | null;
  readonly tracestate?: string | null;
}

/** The trace context `source` carries: none without a traceparent. */
export function carriedTraceContext(source: TraceFields | undefined): TraceContext | undefined {
  const traceparent = source?.traceparent;
  if (!traceparent) return undefined;
  return source.tracestate ? { traceparent, tracestate: source.tracestate } : { traceparent };
}

/** The trace context fields of `source`, to spread into an envelope: none without a traceparent. */
export const traceFieldsOf = (source: TraceFields | undefined): Partial<TraceContext> =>
  carriedTraceContext(source) ?? {};

/** `envelope` with `trace` in place of its own trace context (a tracestate it lacks is dropped). */
export function withTraceContext<T extends { readonly tracestate?: string }>(
  envelope: T,
  trace: TraceContext,
): T {
  const { tracestate: _replaced, ...rest } = envelope;
  return { ...rest, ...trace } as unknown as T;
}

/** Whether a `tracestate` is well formed and no longer than W3C's 512 characters. */
export const isTracestate = (value: string): boolean =>
  value.length <= TRACESTATE_MAX_LENGTH && TRACESTATE_PATTERN.test(value);

/**
 * The trace context of W3C headers: none without a well-formed traceparent; a malformed
 * tracestate is dropped, not the trace (as W3C asks of a vendor that cannot parse it).
 */
export function traceContextOf(
  traceparent: string | undefined,
  tracestate: string | undefined,
): TraceContext | undefined {
  if (!traceparent || !TRACEPARENT_PATTERN.test(traceparent)) return undefined;
  return tracestate && isTracestate(tracestate) ? { traceparent, tracestate } : { traceparent };
}
