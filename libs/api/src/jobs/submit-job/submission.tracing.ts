import { context, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import type { TraceContext } from '@jobmill/contracts';
import { contextOf, JOB_ATTRIBUTES } from '@jobmill/transport';

const tracer = () => trace.getTracer('@jobmill/api');

/** What the submission span records of the request. */
export interface SubmissionRequest {
  readonly route: string;
  readonly tenant: string;
  /** The client's W3C trace context headers: the span continues the client's trace. */
  readonly trace: TraceContext | undefined;
}

/** The HTTP status a submission failure is answered with (a problem's own, else 500). */
const statusOf = (error: unknown): number => {
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' ? status : 500;
};

/**
 * Runs a submission inside its HTTP server span (`POST /v1/jobs`), which is active meanwhile, so
 * the `create` span of each job's command, and so the job's whole trace, descend from it. A 4xx
 * is the client's error, not the span's (HTTP semantic conventions); a 5xx is an error.
 */
export async function tracedSubmission<T>(
  request: SubmissionRequest,
  submit: () => Promise<T>,
  describe: (result: T) => Attributes,
): Promise<T> {
  const span = tracer().startSpan(
    `POST ${request.route}`,
    {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': 'POST',
        'http.route': request.route,
        [JOB_ATTRIBUTES.tenant]: request.tenant,
      },
    },
    contextOf(request.trace),
  );
  try {
    const result = await context.with(trace.setSpan(context.active(), span), submit);
    span.setAttributes(describe(result));
    return result;
  } catch (error) {
    const status = statusOf(error);
    span.setAttribute('http.response.status_code', status);
    if (status >= 500) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    }
    throw error;
  } finally {
    span.end();
  }
}
