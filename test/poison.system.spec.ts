import {
  AMQP_HEADERS,
  createCommand,
  newId,
  topologyNames,
  type JobCommand,
} from '@jobmill/contracts';
import { AmqpTap } from './support/amqp-tap';
import { ledgerOf } from './support/ledger';
import { usePlatform } from './support/platform-fixture';
import { makeSpeechFixture } from './support/speech-fixture';
import { waitFor } from './support/wait-for';

const command = (uploadId: string, over: Partial<JobCommand> = {}): JobCommand => ({
  ...createCommand({
    jobId: newId(),
    jobType: 'detection.vad',
    data: { input: { uploadId } },
    tenant: 'acme',
    source: '/test/other-system',
  }),
  ...over,
});

interface DeadLetter {
  readonly messageId: string;
  readonly code: string;
  readonly reason: string;
  readonly attempts: number;
}

describe('poison messages of every kind', () => {
  const platform = usePlatform();
  let tap: AmqpTap;

  beforeAll(async () => {
    tap = await AmqpTap.open();
  });
  afterAll(async () => {
    await tap?.close();
  });

  it('dead-letters each with its reason, fails the jobs they name, and keeps serving', async () => {
    const { api, env } = platform;
    const names = topologyNames(env.topologyPrefix);
    const publish = (routingKey: string, body: Buffer | string, messageId: string) =>
      tap.channel.publish(names.commands, routingKey, Buffer.from(body), {
        persistent: true,
        messageId,
        // A platform user (RabbitMQ checks user_id is the connection's): trusted for any tenant.
        userId: 'guest',
      });
    const invalid = command('not-a-uuid');
    const unknown = command(newId(), { type: 'io.jobmill.detection.nope.requested.v1' });
    const missingUpload = command(newId());
    publish('detection.vad', '{not json', 'poison-json');
    publish('detection.vad', Buffer.from([0xff, 0xfe, 0x00, 0x01]), 'poison-binary');
    publish('detection.vad', JSON.stringify(invalid), invalid.id);
    publish('detection.nope', JSON.stringify(unknown), unknown.id);
    publish('detection.vad', JSON.stringify(missingUpload), missingUpload.id);
    await tap.channel.waitForConfirms();

    // The consumer keeps serving: real jobs submitted after the poison all succeed.
    const fixture = makeSpeechFixture(env.workDir, ['Still serving.'], [0.3, 0.3]);
    const uploadId = await api.upload(fixture.file);
    const good: string[] = [];
    for (let i = 0; i < 4; i += 1) good.push((await api.submit('detection.vad', { uploadId })).id);
    const finished = await Promise.all(good.map((id) => api.waitForTerminal(id)));
    expect(finished.map((j) => j.status)).toEqual([
      'SUCCEEDED',
      'SUCCEEDED',
      'SUCCEEDED',
      'SUCCEEDED',
    ]);

    const fromWorkerQueue = new Map<string, DeadLetter>();
    await waitFor(
      'five dead letters from the worker queue',
      async () => {
        const got = await tap.channel.get(names.deadLetterQueue, { noAck: true });
        if (got) {
          const headers = (got.properties.headers ?? {}) as Record<string, unknown>;
          if (headers[AMQP_HEADERS.deadLetterQueue] === names.detectionQueue)
            fromWorkerQueue.set(String(got.properties.messageId), {
              messageId: String(got.properties.messageId),
              code: String(headers[AMQP_HEADERS.deadLetterCode]),
              reason: String(headers[AMQP_HEADERS.deadLetterReason]),
              attempts: Number(headers[AMQP_HEADERS.deadLetterAttempts]),
            });
        }
        return fromWorkerQueue.size === 5 ? true : undefined;
      },
      30_000,
      50,
    );
    const codeOf = (id: string) => fromWorkerQueue.get(id)?.code;
    expect(codeOf('poison-json')).toBe('INVALID_JSON');
    expect(codeOf('poison-binary')).toBe('INVALID_JSON');
    expect(codeOf(invalid.id)).toBe('INVALID_DATA');
    expect(codeOf(unknown.id)).toBe('UNKNOWN_TYPE');
    expect(codeOf(missingUpload.id)).toBe('UPLOAD_NOT_FOUND');
    for (const letter of fromWorkerQueue.values()) {
      expect(letter.reason.length).toBeGreaterThan(0);
      expect(letter.attempts).toBeGreaterThanOrEqual(1);
    }
    expect(fromWorkerQueue.get(invalid.id)?.reason).toContain('/data/input/uploadId');

    // The jobs the poison named end FAILED with the error kept (not left QUEUED).
    const named = [invalid, unknown, missingUpload].map((c) => c.subject);
    const failed = await Promise.all(named.map((id) => api.waitForTerminal(id, 30_000)));
    expect(failed.map((j) => [j.status, j.error?.code])).toEqual([
      ['FAILED', 'INVALID_DATA'],
      ['FAILED', 'UNKNOWN_TYPE'],
      ['FAILED', 'UPLOAD_NOT_FOUND'],
    ]);
    const ledger = await ledgerOf(api, [...named, ...good], 'poison');
    expect(ledger).toMatchObject({ accepted: 7, completed: 7, lost: 0, duplicated: 0 });
  });
});
