import { context, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { AMQP_HEADERS, withTraceContext, type CloudEvent } from '@jobmill/contracts';
import { describeError } from '../connection/transport.logger';
import type { HandlerOutcome, InboundMessage } from '../consuming/consumer.types';
import { jobAttributesOf } from './envelope-attributes.mapper';
import { JOB_ATTRIBUTES, MESSAGING_ATTRIBUTES as M, MESSAGING_SYSTEM } from './trace-attributes';
import { contextOf, traceContextIn } from './trace-context.util';

const tracer = () => trace.getTracer('@jobmill/transport');

const header = (message: InboundMessage, name: string): string | undefined => {
  const value = message.properties.headers[name];
  return typeof value === 'string' ? value : undefined;
};

/**
 * The context a consumer continues: the envelope's trace context, or for a lone message whose
 * envelope has none (a partner's command), the W3C headers of the AMQP message.
 */
function parentOf(envelope: CloudEvent, message: InboundMessage) {
  if (envelope.traceparent) return contextOf(envelope);
  return contextOf({
    traceparent: header(message, AMQP_HEADERS.traceparent),
    tracestate: header(message, AMQP_HEADERS.tracestate),
  });
}

/** Starts a `process` consumer span for one envelope of a delivery, child of its trace context. */
export function startProcessSpan(
  queue: string,
  envelope: CloudEvent,
  message: InboundMessage,
): Span {
  const span = tracer().startSpan(
    `process ${queue}`,
    { kind: SpanKind.CONSUMER },
    parentOf(envelope, message),
  );
  // Attributes only for spans that are kept: an unsampled job costs its context, no more.
  if (span.isRecording())
    span.setAttributes({
      [M.system]: MESSAGING_SYSTEM,
      [M.destination]: message.exchange || queue,
      [M.consumerGroup]: queue,
      [M.operationType]: 'process',
      [M.operationName]: 'consume',
      [M.routingKey]: message.routingKey,
      [M.messageId]: envelope.id,
      [M.conversationId]: envelope.correlationid,
      ...jobAttributesOf(envelope),
    });
  return span;
}

/** Ends a process span with what the handler decided (a dead-letter is an error). */
export function endProcessSpan(
  span: Span,
  outcome: HandlerOutcome | undefined,
  error?: unknown,
): void {
  if (outcome && span.isRecording()) {
    span.setAttribute(JOB_ATTRIBUTES.outcome, outcome.kind);
    if (outcome.kind === 'dead-letter')
      span.setStatus({ code: SpanStatusCode.ERROR, message: `${outcome.code}: ${outcome.reason}` });
  }
  if (error !== undefined) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: describeError(error) });
  }
  span.end();
}

/**
 * Handles one envelope of a delivery inside its `process` span, which is active meanwhile: the
 * events it publishes and the spans of its handler join the job's trace.
 */
export async function tracedProcess(
  queue: string,
  envelope: CloudEvent,
  message: InboundMessage,
  handle: () => Promise<HandlerOutcome>,
): Promise<HandlerOutcome> {
  const span = startProcessSpan(queue, envelope, message);
  try {
    const outcome = await context.with(trace.setSpan(context.active(), span), handle);
    endProcessSpan(span, outcome);
    return outcome;
  } catch (error) {
    endProcessSpan(span, undefined, error);
    throw error;
  }
}

/**
 * The envelope as it leaves inside the active span: its trace context names that span (a
 * worker's `process`), so whoever consumes the event continues from the work that caused it.
 */
export function inActiveTrace<T extends CloudEvent>(envelope: T): T {
  // An unsampled span would pass on only what the envelope already says: the trace, unsampled.
  if (!trace.getActiveSpan()?.isRecording()) return envelope;
  const active = traceContextIn(context.active());
  if (!active || active.traceparent === envelope.traceparent) return envelope;
  return withTraceContext(envelope, active);
}
