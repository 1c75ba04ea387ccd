import { randomUUID } from 'node:crypto';

/** What a test may set on a partner's command; everything else gets a fresh, valid value. */
export interface PartnerCommandOptions {
  readonly tenant?: string;
  readonly jobType?: string;
  readonly input?: Record<string, unknown>;
  /** The job id. */
  readonly subject?: string;
  /** The message's own id. */
  readonly id?: string;
  readonly source?: string;
  readonly correlationid?: string;
  /** data.priority, when set (normal when absent). */
  readonly priority?: string;
}

/**
 * A job command as another system writes it with nothing but amqplib (a structured CloudEvent,
 * JSON): by default a system.ping of 0 ms for tenant acme.
 */
export function partnerCommand(options: PartnerCommandOptions = {}) {
  return {
    specversion: '1.0',
    id: options.id ?? randomUUID(),
    type: `io.jobmill.${options.jobType ?? 'system.ping'}.requested.v1`,
    source: options.source ?? 'urn:partner:test',
    time: new Date().toISOString(),
    subject: options.subject ?? randomUUID(),
    datacontenttype: 'application/json',
    data: {
      input: options.input ?? {},
      ...(options.priority === undefined ? {} : { priority: options.priority }),
    },
    tenant: options.tenant ?? 'acme',
    attempt: 1,
    correlationid: options.correlationid ?? randomUUID(),
  };
}
