/** Reverse-DNS namespace shared by every command and event type of the platform. */
export const TYPE_NAMESPACE = 'io.jobmill';

/** Content type of one CloudEvent in structured JSON mode. */
export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json';

/** Content type of a CloudEvents JSON batch (an array of structured events). */
export const CLOUDEVENTS_BATCH_CONTENT_TYPE = 'application/cloudevents-batch+json';

/**
 * A CloudEvents 1.0 envelope in structured JSON mode. `subject` is the job id; the extension
 * attributes carry the tenant, the attempt and the correlation / causation chain.
 */
export interface CloudEvent<TType extends string = string, TData = unknown> {
  readonly specversion: '1.0';
  /** Message id: unique per message, the key for de-duplication. */
  readonly id: string;
  readonly type: TType;
  readonly source: string;
  readonly time: string;
  /** The job id. */
  readonly subject: string;
  readonly datacontenttype: 'application/json';
  readonly data: TData;
  readonly tenant: string;
  /** 1 for the first run of a job, incremented on each retry. */
  readonly attempt: number;
  readonly correlationid: string;
  readonly causationid?: string;
  /** W3C trace context (`TraceContext`), propagated unchanged. */
  readonly traceparent?: string;
  /** The tracing vendors' entries of the trace context; only beside a traceparent. */
  readonly tracestate?: string;
}
