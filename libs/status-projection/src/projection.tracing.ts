import { SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { ProjectableMessage } from '@jobmill/persistence';
import {
  contextOf,
  describeError,
  jobAttributesOf,
  MESSAGING_ATTRIBUTES as M,
  MESSAGING_SYSTEM,
} from '@jobmill/transport';

const tracer = () => trace.getTracer('@jobmill/status-projection');

/** Attribute: how many messages the projector wrote in the transaction. */
const BATCH_SIZE = 'jobmill.projection.batch_size';

function startSpan(queue: string, message: ProjectableMessage, size: number): Span {
  const envelope = message.kind === 'command' ? message.command : message.event;
  // A command copy records the job as queued (as the projection-lag metric names it).
  const name = message.kind === 'command' ? 'queued' : message.name;
  const span = tracer().startSpan(
    `project ${name}`,
    { kind: SpanKind.CONSUMER },
    contextOf(envelope),
  );
  // Attributes only for spans that are kept: an unsampled job's message costs a no-op span.
  if (span.isRecording())
    span.setAttributes({
      [M.system]: MESSAGING_SYSTEM,
      [M.destination]: queue,
      [M.operationType]: 'process',
      [M.operationName]: 'project',
      [M.messageId]: envelope.id,
      [BATCH_SIZE]: size,
      ...jobAttributesOf(envelope),
    });
  return span;
}

/**
 * Projects a batch with one `project <event>` span per message, each a child of the context its
 * envelope carries (the worker span that published the event), from the batch's start to its
 * commit. A span per message rather than one per batch with links: a job's trace then shows
 * when each of its states became visible to readers, in the job's own trace (trace viewers
 * follow parents, not links); and it costs only with tracing on, only for sampled traces, since
 * an unsampled parent gives a non-recording span.
 */
export async function tracedProjection<T>(
  queue: string,
  batch: readonly ProjectableMessage[],
  project: () => Promise<T>,
): Promise<T> {
  const spans = batch.map((message) => startSpan(queue, message, batch.length));
  try {
    return await project();
  } catch (error) {
    for (const span of spans) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: describeError(error) });
    }
    throw error;
  } finally {
    for (const span of spans) span.end();
  }
}
