// A system that speaks only AMQP: publishes a jobmill command with plain amqplib, then hears
// the outcome both ways — by request/reply (reply_to + correlation_id) and by subscription
// (its own queue bound to the events exchange). Nothing from jobmill's code is imported.
//
//   AMQP_URL=amqp://acme-publisher:secret@127.0.0.1:5672 TENANT=acme UPLOAD_ID=<uuid> \
//     node -r @swc-node/register examples/typescript/amqp-client.ts
//
// UPLOAD_ID is an upload of the tenant (POST /v1/uploads over REST). The AMQP user must be
// mapped to the tenant (AMQP_TENANT_USERS=acme:acme-publisher) or be a platform user.
import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';

const url = process.env['AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';
const prefix = process.env['TOPOLOGY_PREFIX'] ?? '';
const tenant = process.env['TENANT'] ?? 'demo';
const uploadId = process.env['UPLOAD_ID'];
const jobType = process.env['JOB_TYPE'] ?? 'detection.vad';
const timeoutMs = Number(process.env['TIMEOUT_MS'] ?? 120_000);

async function main(): Promise<void> {
  if (!uploadId) throw new Error('Set UPLOAD_ID to an upload of the tenant (POST /v1/uploads).');
  const user = decodeURIComponent(new URL(url).username) || 'guest';
  const connection = await amqp.connect(url);
  const channel = await connection.createConfirmChannel();

  // Subscription: a queue of our own, bound by pattern <tenant>.<jobType>.<event>.
  const events = (await channel.assertQueue('', { exclusive: true })).queue;
  await channel.bindQueue(events, `${prefix}jobs.events`, `${tenant}.${jobType}.*`);
  await channel.consume(
    events,
    (m) => m && console.log(`event  ${m.fields.routingKey}  ${m.properties.type}`),
    { noAck: true },
  );

  // Request/reply: the terminal event comes to reply_to with our correlation_id. jobmill replies
  // only to direct reply-to or to a queue named <prefix>tenant.<tenant>.*; anything else is refused.
  const replyQueue = 'amq.rabbitmq.reply-to';
  const correlationId = randomUUID();
  const reply = new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`No reply within ${timeoutMs} ms`)), timeoutMs);
    void channel.consume(
      replyQueue,
      (m) => {
        if (!m || m.properties.correlationId !== correlationId) return;
        clearTimeout(timer);
        resolve(JSON.parse(m.content.toString()) as Record<string, unknown>);
      },
      { noAck: true },
    );
  });

  // The command: a CloudEvent in structured JSON mode; the essentials also as AMQP properties.
  const jobId = randomUUID();
  const command = {
    specversion: '1.0',
    id: randomUUID(),
    type: `io.jobmill.${jobType}.requested.v1`,
    source: 'urn:example:typescript-client',
    time: new Date().toISOString(),
    subject: jobId,
    datacontenttype: 'application/json',
    data: { input: { uploadId } },
    tenant,
    attempt: 1,
    correlationid: correlationId,
  };
  channel.publish(`${prefix}jobs.commands`, jobType, Buffer.from(JSON.stringify(command)), {
    persistent: true,
    mandatory: true,
    contentType: 'application/cloudevents+json',
    messageId: command.id,
    type: command.type,
    userId: user, // RabbitMQ checks it; jobmill maps it to the tenants it may act for
    replyTo: replyQueue,
    correlationId,
    headers: { 'ce-tenant': tenant, 'ce-subject': jobId },
  });
  await channel.waitForConfirms();
  console.log(`sent   job ${jobId} (tenant ${tenant}), waiting for the reply...`);

  const outcome = await reply;
  console.log(`reply  ${String(outcome['type'])}`);
  console.log(JSON.stringify(outcome['data'], null, 2));
  await connection.close();
  process.exitCode = outcome['type'] === 'io.jobmill.job.succeeded.v1' ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
});
