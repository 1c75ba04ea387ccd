import { randomUUID } from 'node:crypto';
import { connect, type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import {
  AMQP_HEADERS,
  CLOUDEVENTS_CONTENT_TYPE,
  parseEventType,
  type JobEvent,
} from '@jobmill/contracts';
import { Transport } from '@jobmill/transport';
import { JobCommandRunnerFactory } from './job-command-runner.factory';
import { recordingLogger, TEST_AMQP_URL, TestBroker, waitFor } from '@jobmill/transport/testing';
import type { JobCommandRunner } from './job-command.runner';
import type { JobHandler } from '../handler/job-handler.decorator';
import { TenantAuthorizer } from '../admission/tenant.authorizer';

// The other side of the AMQP interface: a system with nothing but amqplib publishes commands
// (CloudEvents, structured JSON) and hears back through its own queues, both ways.

const RESULT = { segments: [], speechRatio: 0, duration: 1, sampleRate: 16_000, channels: 1 };
const MAX_BYTES = 64 * 1024;

/** A command as another system writes it by hand, from the AsyncAPI document. */
const commandBody = (over: Record<string, unknown> = {}) => ({
  specversion: '1.0',
  id: randomUUID(),
  type: 'io.jobmill.detection.vad.requested.v1',
  source: 'urn:partner:billing',
  time: new Date().toISOString(),
  subject: randomUUID(),
  datacontenttype: 'application/json',
  data: { input: { uploadId: randomUUID() } },
  tenant: 'acme',
  attempt: 1,
  correlationid: randomUUID(),
  ...over,
});

describe('the AMQP interface, from a bare amqplib client (real RabbitMQ)', () => {
  let broker: TestBroker;
  let transport: Transport;
  let runner: JobCommandRunner;
  let client: ChannelModel;
  let publisher: ConfirmChannel;
  let replyQueue: string;
  const replies: ConsumeMessage[] = [];
  const dead: ConsumeMessage[] = [];
  let subscribed: Record<'acme' | 'vadSucceeded' | 'failed', ConsumeMessage[]>;
  const flaky = new Set<string>();
  const failing = new Set<string>();

  const handler: JobHandler = {
    run: async ({ command }) => {
      if (failing.has(command.subject))
        throw Object.assign(new Error('unreadable audio'), {
          code: 'MALFORMED_WAV',
          kind: 'permanent',
        });
      if (flaky.has(command.subject) && command.attempt === 1)
        throw Object.assign(new Error('disk busy'), { code: 'BUSY', retryable: true });
      return { status: 'succeeded', result: RESULT };
    },
  };

  /** Publishes like any other system: persistent, on the commands exchange, with a confirm. */
  async function publish(
    body: Buffer | object,
    properties: Record<string, unknown> = {},
    routingKey = 'detection.vad',
  ): Promise<void> {
    const content = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
    publisher.publish(broker.names.commands, routingKey, content, {
      persistent: true,
      contentType: CLOUDEVENTS_CONTENT_TYPE,
      userId: 'guest',
      replyTo: replyQueue,
      ...properties,
    });
    await publisher.waitForConfirms();
  }

  const decode = (m: ConsumeMessage) => JSON.parse(m.content.toString()) as JobEvent;
  const replyFor = async (correlationId: string): Promise<ConsumeMessage> => {
    await waitFor(
      () => replies.some((m) => m.properties.correlationId === correlationId),
      `the reply for ${correlationId}`,
      10_000,
    );
    return replies.find((m) => m.properties.correlationId === correlationId) as ConsumeMessage;
  };
  const deadLetterOf = async (messageId: string): Promise<Record<string, unknown>> => {
    await waitFor(() => dead.some((m) => m.properties.messageId === messageId), `DLQ ${messageId}`);
    const found = dead.find((m) => m.properties.messageId === messageId) as ConsumeMessage;
    return found.properties.headers ?? {};
  };
  const namesOn = (queue: ConsumeMessage[], jobId: string) =>
    queue
      .map(decode)
      .filter((e) => e.subject === jobId)
      .map((e) => parseEventType(e.type));

  beforeAll(async () => {
    broker = await TestBroker.open();
    transport = new Transport({
      url: TEST_AMQP_URL,
      prefix: broker.prefix,
      connectionName: 'amqp-interface-int-test',
      role: 'detection',
      logger: recordingLogger(),
    });
    transport.start();
    await transport.waitUntilConnected(5_000);
    // guest publishes for acme only: no platform user is trusted here.
    const authorizer = new TenantAuthorizer({
      trustedUsers: [],
      tenantUsers: new Map([['acme', ['guest']]]),
    });
    runner = new JobCommandRunnerFactory(transport).create({
      queue: transport.names.detectionQueue,
      prefetch: 4,
      source: '/test/detection-worker',
      workerId: 'worker-1',
      handlers: { 'detection.vad': handler },
      retryBaseDelayMs: 200,
      admission: { maxMessageBytes: MAX_BYTES, authorizer },
    });
    runner.start();
    client = await connect(TEST_AMQP_URL);
    publisher = await client.createConfirmChannel();
    // Request/reply: an exclusive, server-named queue of the caller.
    replyQueue = (await publisher.assertQueue('', { exclusive: true })).queue;
    await publisher.consume(replyQueue, (m) => void (m && replies.push(m)), { noAck: true });
    // Subscription: the caller's own queues bound to the events exchange by pattern.
    subscribed = {
      acme: await broker.probe(broker.names.events, 'acme.#'),
      vadSucceeded: await broker.probe(broker.names.events, '*.detection.vad.succeeded'),
      failed: await broker.probe(broker.names.events, '#.failed'),
    };
    await broker.channel.consume(broker.names.deadLetterQueue, (m) => void (m && dead.push(m)), {
      noAck: true,
    });
  });

  afterAll(async () => {
    await runner.stop(1_000);
    await client.close();
    await transport.close();
    await broker.cleanUp();
  });

  it('runs a directly published command and replies with its terminal event, correlation kept', async () => {
    const body = commandBody();
    const correlationId = `req-${randomUUID()}`;
    await publish(body, { correlationId, messageId: body.id });
    const reply = await replyFor(correlationId);
    const event = decode(reply);
    expect(parseEventType(event.type)).toBe('succeeded');
    expect(event).toMatchObject({ subject: body.subject, tenant: 'acme', causationid: body.id });
    expect(event.data).toEqual({ jobType: 'detection.vad', result: RESULT });
    expect(reply.properties).toMatchObject({
      type: 'io.jobmill.job.succeeded.v1',
      contentType: CLOUDEVENTS_CONTENT_TYPE,
      userId: 'guest',
    });
    expect(reply.properties.headers?.[AMQP_HEADERS.subject]).toBe(body.subject);
    // Subscribers hear the same job by tenant and by job type + outcome, not by other patterns.
    await waitFor(() => namesOn(subscribed.vadSucceeded, body.subject).length === 1, 'subscriber');
    expect(namesOn(subscribed.acme, body.subject)).toEqual(['started', 'succeeded']);
    expect(namesOn(subscribed.failed, body.subject)).toEqual([]);
    const routingKeys = subscribed.acme
      .filter((m) => decode(m).subject === body.subject)
      .map((m) => m.fields.routingKey);
    expect(routingKeys).toEqual(['acme.detection.vad.started', 'acme.detection.vad.succeeded']);
  });

  it('replies job.failed for a job that fails, and keeps the route across a retry', async () => {
    const failed = commandBody();
    failing.add(failed.subject);
    const retried = commandBody();
    flaky.add(retried.subject);
    await publish(failed, { correlationId: 'c-failed' });
    await publish(retried, { correlationId: 'c-retried' });
    const failedReply = decode(await replyFor('c-failed'));
    expect(parseEventType(failedReply.type)).toBe('failed');
    expect(failedReply.data).toMatchObject({ error: { code: 'MALFORMED_WAV' } });
    await waitFor(() => namesOn(subscribed.failed, failed.subject).length === 1, '#.failed');
    const retriedReply = decode(await replyFor('c-retried'));
    expect(parseEventType(retriedReply.type)).toBe('succeeded');
    expect(retriedReply.attempt).toBe(2);
    expect(replies.filter((m) => m.properties.correlationId === 'c-retried')).toHaveLength(1);
  });

  const badInputs: ReadonlyArray<
    readonly [string, string, () => { body: Buffer | object; props?: object; key?: string }]
  > = [
    [
      'malformed JSON',
      'INVALID_JSON',
      () => ({ body: Buffer.from('{"specversion": "1.0", oops') }),
    ],
    [
      'a wrong content type',
      'UNSUPPORTED_CONTENT_TYPE',
      () => ({ body: commandBody(), props: { contentType: 'text/plain' } }),
    ],
    [
      'a schema violation',
      'INVALID_DATA',
      () => ({ body: commandBody({ data: { input: { uploadId: 'not-a-uuid' } } }) }),
    ],
    [
      'an unknown type',
      'UNKNOWN_TYPE',
      () => ({
        body: commandBody({ type: 'io.jobmill.detection.nope.requested.v1' }),
        key: 'detection.nope',
      }),
    ],
    [
      'an unsupported version',
      'UNSUPPORTED_VERSION',
      () => ({ body: commandBody({ type: 'io.jobmill.detection.vad.requested.v9' }) }),
    ],
    [
      'an oversize body',
      'MESSAGE_TOO_LARGE',
      () => ({
        body: commandBody({
          data: { input: { uploadId: randomUUID() }, pad: 'x'.repeat(MAX_BYTES) },
        }),
      }),
    ],
    ['a missing id', 'INVALID_ENVELOPE', () => ({ body: { ...commandBody(), id: undefined } })],
  ];

  it.each(badInputs)(
    'dead-letters %s with the reason and replies job.rejected (%s)',
    async (_what, code, make) => {
      const jobId = randomUUID();
      const messageId = `m-${randomUUID()}`;
      const { body, props, key } = make();
      const withJob = Buffer.isBuffer(body) ? body : { ...body, subject: jobId };
      // The job id also travels in the ce-subject header: unreadable bodies still get a reply.
      const headers = { [AMQP_HEADERS.subject]: jobId, [AMQP_HEADERS.tenant]: 'acme' };
      await publish(withJob, { messageId, correlationId: messageId, headers, ...props }, key);
      const reply = decode(await replyFor(messageId));
      expect(parseEventType(reply.type)).toBe('rejected');
      expect(reply).toMatchObject({ subject: jobId, tenant: 'acme' });
      expect(reply.data).toMatchObject({ error: { code, kind: 'poison', retryable: false } });
      const deadHeaders = await deadLetterOf(messageId);
      expect(deadHeaders[AMQP_HEADERS.deadLetterCode]).toBe(code);
      expect(String(deadHeaders[AMQP_HEADERS.deadLetterReason]).length).toBeGreaterThan(10);
      expect(deadHeaders[AMQP_HEADERS.deadLetterQueue]).toBe(broker.names.detectionQueue);
    },
  );

  it('says which field broke the schema, and which versions exist', async () => {
    const bad = commandBody({ data: { input: { uploadId: 'nope' } } });
    const old = commandBody({ type: 'io.jobmill.detection.vad.requested.v9' });
    await publish(bad, { correlationId: 'c-schema' });
    await publish(old, { correlationId: 'c-version' });
    const schema = decode(await replyFor('c-schema')) as JobEvent<'rejected'>;
    expect(schema.data.error.message).toContain('/data/input/uploadId');
    const version = decode(await replyFor('c-version')) as JobEvent<'rejected'>;
    expect(version.data.error.message).toMatch(/Version 9 of detection.vad is not supported/);
  });

  it('refuses a command for a tenant its AMQP user does not belong to, publishing nothing for it', async () => {
    const forged = commandBody({ tenant: 'globex' });
    const anonymous = commandBody();
    await publish(forged, { correlationId: 'c-forged', messageId: forged.id });
    await publish(anonymous, {
      correlationId: 'c-anon',
      messageId: anonymous.id,
      userId: undefined,
    });
    const forgedReply = decode(await replyFor('c-forged')) as JobEvent<'rejected'>;
    expect(forgedReply.data.error.code).toBe('TENANT_FORBIDDEN');
    const anonReply = decode(await replyFor('c-anon')) as JobEvent<'rejected'>;
    expect(anonReply.data.error.code).toBe('MISSING_USER_ID');
    expect((await deadLetterOf(forged.id))[AMQP_HEADERS.deadLetterCode]).toBe('TENANT_FORBIDDEN');
    // The consumer keeps serving, and nothing was published on the events exchange in their name.
    const next = commandBody();
    await publish(next, { correlationId: 'c-next' });
    expect(parseEventType(decode(await replyFor('c-next')).type)).toBe('succeeded');
    expect(namesOn(subscribed.failed, forged.subject)).toEqual([]);
    expect(namesOn(subscribed.acme, anonymous.subject)).toEqual([]);
  });

  it('cannot forge user_id: RabbitMQ closes the channel of a publish naming another user', async () => {
    const channel = await client.createChannel();
    const closed = new Promise<Error>((resolve) => channel.on('error', resolve));
    const body = commandBody();
    channel.publish(broker.names.commands, 'detection.vad', Buffer.from(JSON.stringify(body)), {
      userId: 'acme-publisher',
      contentType: CLOUDEVENTS_CONTENT_TYPE,
    });
    expect((await closed).message).toMatch(/PRECONDITION_FAILED.*user_id/);
  });
});
