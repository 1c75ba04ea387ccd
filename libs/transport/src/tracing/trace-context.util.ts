import {
  context,
  propagation,
  ProxyTracerProvider,
  ROOT_CONTEXT,
  trace,
  type Context,
} from '@opentelemetry/api';
import type { TraceContext } from '@jobmill/contracts';

/** The API's provider when none is registered: a no-op, so tracing is off. */
const NO_PROVIDER = new ProxyTracerProvider().getDelegate();

/**
 * True once a tracer provider is registered (the service was configured to export traces).
 * Instrumented paths check it first, so with tracing off a message costs no span, context or
 * closure: two property reads.
 */
export function tracingEnabled(): boolean {
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegate() !== NO_PROVIDER;
}

/**
 * The trace context `source` names (an envelope, a request's trace, a message's headers): its
 * `traceparent` with its `tracestate`; the root context without a traceparent.
 */
export function contextOf(source: Partial<TraceContext> | undefined): Context {
  const traceparent = source?.traceparent;
  if (!traceparent) return ROOT_CONTEXT;
  const carrier: Record<string, string> = { traceparent };
  if (source.tracestate) carrier['tracestate'] = source.tracestate;
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/** The W3C trace context of a context's span (its tracestate too), if it has a valid one. */
export function traceContextIn(ctx: Context = context.active()): TraceContext | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  const { traceparent, tracestate } = carrier;
  if (!traceparent) return undefined;
  return tracestate ? { traceparent, tracestate } : { traceparent };
}

/** The W3C `traceparent` of a context's span, if it has a valid one. */
export const traceparentOf = (ctx: Context = context.active()): string | undefined =>
  traceContextIn(ctx)?.traceparent;

/** The trace id of a W3C `traceparent` (its second field). */
export const traceIdOf = (traceparent: string): string => traceparent.slice(3, 35);
