import {
  context,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Link,
  type Span,
} from '@opentelemetry/api';
import { withTraceContext, type CloudEvent } from '@jobmill/contracts';
import { describeError } from '../connection/transport.logger';
import type { PublishRequest } from '../publishing/publish-request.types';
import { jobAttributesOf } from './envelope-attributes.mapper';
import { MESSAGING_ATTRIBUTES as M, MESSAGING_SYSTEM } from './trace-attributes';
import { contextOf, traceContextIn, traceIdOf, tracingEnabled } from './trace-context.util';

const tracer = () => trace.getTracer('@jobmill/transport');

/**
 * Gives a new envelope its creation context: a `create` producer span (ended at once: creating
 * is instant) under the active span, or under the envelope's own trace context when there is
 * none, and the envelope carries that span's context (its tracestate too). Each job of a batch
 * message so has its own context, which the consumer's spans continue. With tracing off the
 * envelope is returned as is, so a caller's trace context still travels unchanged.
 */
export function withCreationContext<T extends CloudEvent>(envelope: T, destination: string): T {
  if (!tracingEnabled()) return envelope;
  const active = context.active();
  const parent = trace.getSpan(active) ? active : contextOf(envelope);
  const span = tracer().startSpan(`create ${destination}`, { kind: SpanKind.PRODUCER }, parent);
  // Attributes only for spans that are kept: an unsampled trace costs its context, no more.
  if (span.isRecording())
    span.setAttributes({
      [M.system]: MESSAGING_SYSTEM,
      [M.destination]: destination,
      [M.operationType]: 'create',
      [M.operationName]: 'create',
      [M.messageId]: envelope.id,
      ...jobAttributesOf(envelope),
    });
  span.end();
  const created = traceContextIn(trace.setSpan(parent, span));
  return created ? withTraceContext(envelope, created) : envelope;
}

/**
 * The parent of a publish span: a lone envelope's own context (so the publish sits in its job's
 * trace); for many, the active span if they all belong to its trace (a batch submission), else
 * none (a window of many jobs' events), and links to each envelope say which jobs it carried.
 */
function publishParent(envelopes: readonly CloudEvent[]): Context {
  const [only] = envelopes;
  if (envelopes.length === 1) return contextOf(only);
  const active = trace.getSpanContext(context.active());
  if (!active) return ROOT_CONTEXT;
  const same = envelopes.every((e) => e.traceparent && traceIdOf(e.traceparent) === active.traceId);
  return same ? context.active() : ROOT_CONTEXT;
}

/** The SDK keeps 128 links a span by default; more would be parsed only to be dropped. */
const MAX_LINKS = 128;

function linksOf(envelopes: readonly CloudEvent[]): Link[] {
  if (envelopes.length < 2) return [];
  return envelopes.slice(0, MAX_LINKS).flatMap((e) => {
    const linked = e.traceparent ? trace.getSpanContext(contextOf(e)) : undefined;
    return linked ? [{ context: linked }] : [];
  });
}

function describePublish(
  span: Span,
  destination: string,
  requests: readonly PublishRequest[],
  envelopes: readonly CloudEvent[],
): void {
  const [first] = requests;
  const [only] = envelopes;
  span.setAttributes({
    [M.system]: MESSAGING_SYSTEM,
    [M.destination]: destination,
    [M.operationType]: 'send',
    [M.operationName]: 'publish',
    ...(requests.length === 1 && first ? { [M.routingKey]: first.routingKey } : {}),
    ...(requests.length === 1 && first?.properties.messageId
      ? { [M.messageId]: first.properties.messageId }
      : {}),
    ...(envelopes.length > 1 ? { [M.batchCount]: envelopes.length } : {}),
    ...(envelopes.length === 1 && only ? jobAttributesOf(only) : {}),
  });
  span.addLinks(linksOf(envelopes));
}

/**
 * Runs `publish` (of the requests, which carry `envelopes`) inside a `send` producer span that
 * ends on the broker's confirm, or with status error on a nack, a return or a timeout.
 */
export async function tracedPublish(
  requests: readonly PublishRequest[],
  envelopes: readonly CloudEvent[],
  publish: () => Promise<void>,
): Promise<void> {
  const destination = requests[0]?.exchange || '(default)';
  const span = tracer().startSpan(
    `send ${destination}`,
    { kind: SpanKind.PRODUCER },
    publishParent(envelopes),
  );
  if (span.isRecording()) describePublish(span, destination, requests, envelopes);
  try {
    await publish();
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: describeError(error) });
    throw error;
  } finally {
    span.end();
  }
}
