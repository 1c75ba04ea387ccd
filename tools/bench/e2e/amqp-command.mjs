// A job command as another system publishes it (README "AMQP interface", docs/asyncapi.md):
// a CloudEvents 1.0 structured JSON body, routing key = job type, persistent, mandatory, with
// message_id, type and user_id properties. Built here from the documented contract only.
import { randomUUID } from 'node:crypto';

/** { routingKey, body, options, jobId } of one command for `tenant`. */
export function commandMessage({ jobType, input, tenant, user = 'guest' }) {
  const jobId = randomUUID();
  const event = {
    specversion: '1.0',
    id: randomUUID(),
    type: `io.jobmill.${jobType}.requested.v1`,
    source: 'urn:jobmill:bench',
    time: new Date().toISOString(),
    subject: jobId,
    datacontenttype: 'application/json',
    data: { input },
    tenant,
    attempt: 1,
    correlationid: jobId,
  };
  return {
    jobId,
    routingKey: jobType,
    body: Buffer.from(JSON.stringify(event)),
    options: {
      persistent: true,
      mandatory: true,
      contentType: 'application/cloudevents+json',
      messageId: event.id,
      type: event.type,
      userId: user,
      timestamp: Math.floor(Date.now() / 1000),
      appId: event.source,
      headers: { 'ce-tenant': tenant, 'ce-subject': jobId },
    },
  };
}
