import { randomUUID } from 'node:crypto';
import { ApiClient } from './support/api-client';
import {
  startService,
  stopService,
  TEST_API_KEY,
  type RunningService,
} from './support/platform-processes';
import { createTestEnvironment, type TestEnvironment } from './support/test-environment';
import { silentWav as wav } from './support/wav-bytes';

interface Problem {
  status: number;
  code: string;
  detail: string;
}

/** The API alone on the real broker and database: jobs queue up, no worker spends CPU on them. */
describe('inputs checked where they enter (api on RabbitMQ and PostgreSQL)', () => {
  let env: TestEnvironment;
  let api: RunningService;
  let client: ApiClient;
  let uploadId: string;

  const problem = async (res: Response): Promise<Problem> => {
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return (await res.json()) as Problem;
  };

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startService('api', env, { MAX_UPLOAD_BYTES: '100000' });
    client = new ApiClient(`http://127.0.0.1:${api.port}`, TEST_API_KEY);
    const res = await client.request('POST', '/v1/uploads', wav());
    expect(res.status).toBe(201);
    uploadId = ((await res.json()) as { id: string }).id;
  });
  afterAll(async () => {
    if (api) await stopService(api);
    await env?.dispose();
  });

  it.each([
    ['text', Buffer.from('this is not audio at all, just some text bytes')],
    ['a truncated header', wav().subarray(0, 30)],
    ['a header without a data chunk', wav().subarray(0, 36)],
    ['a RIFF that is not WAVE', Buffer.concat([Buffer.from('RIFF\x10\x00\x00\x00AVI '), wav()])],
  ])('refuses %s at upload time: 422 MALFORMED_WAV', async (_, bytes) => {
    const res = await client.request('POST', '/v1/uploads', bytes);
    expect(res.status).toBe(422);
    const body = await problem(res);
    expect(body.code).toBe('MALFORMED_WAV');
    expect(body.detail).toMatch(/not a WAV file the platform can decode: .+/);
  });

  it('refuses a multipart upload that is not a WAV the same way', async () => {
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('GIF89a not a wav')]), 'x.wav');
    const res = await fetch(`${client.baseUrl}/v1/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_KEY}` },
      body: form,
    });
    expect(res.status).toBe(422);
    expect((await problem(res)).code).toBe('MALFORMED_WAV');
  });

  it('names the limit in every 413: uploads (MAX_UPLOAD_BYTES) and JSON bodies (MAX_JSON_BYTES)', async () => {
    const upload = await client.request('POST', '/v1/uploads', wav(60_000));
    expect(upload.status).toBe(413);
    expect((await problem(upload)).detail).toContain('100000 bytes (MAX_UPLOAD_BYTES)');
    const json = await client.request('POST', '/v1/jobs', {
      type: 'system.ping',
      input: { pad: 'x'.repeat(2048 * 1000) },
    });
    expect(json.status).toBe(413);
    expect((await problem(json)).detail).toContain('2048000 bytes (MAX_JSON_BYTES)');
  });

  it('takes a batch of MAX_BATCH_JOBS (1000) jobs with every option in one body', async () => {
    const job = {
      type: 'detection.vad',
      input: {
        uploadId,
        options: {
          sensitivity: 0.123456789,
          minSpeechMs: 9999,
          minSilenceMs: 9999,
          paddingMs: 1999,
        },
      },
      maxAttempts: 20,
    };
    const body = { jobs: Array.from({ length: 1000 }, () => job) };
    console.log(`[input-limits] 1000-job batch body: ${JSON.stringify(body).length} bytes`);
    const res = await client.request('POST', '/v1/jobs/batch', body);
    expect(res.status).toBe(202);
    expect(((await res.json()) as { jobs: unknown[] }).jobs).toHaveLength(1000);
  });

  describe('Idempotency-Key on /v1/jobs/batch', () => {
    const batch = (n: number) => ({
      jobs: Array.from({ length: n }, (_, i) => ({
        type: 'system.ping',
        input: { durationMs: i },
      })),
    });
    const submit = (body: unknown, key: string) =>
      client.request('POST', '/v1/jobs/batch', body, { 'idempotency-key': key });
    const idsOf = async (res: Response) =>
      ((await res.json()) as { jobs: Array<{ id: string }> }).jobs.map((j) => j.id);

    it('gives the same jobs for the same key and body, and marks the replay', async () => {
      const key = randomUUID();
      const first = await submit(batch(3), key);
      expect(first.status).toBe(202);
      const again = await submit(batch(3), key);
      expect(again.status).toBe(202);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await idsOf(again)).toEqual(await idsOf(first));
    });

    it('answers another body with the single-job endpoint error (409 IDEMPOTENCY_CONFLICT)', async () => {
      const key = randomUUID();
      expect((await submit(batch(2), key)).status).toBe(202);
      const other = await problem(await submit(batch(3), key));
      const single = { type: 'system.ping', input: {} };
      await client.request('POST', '/v1/jobs', single, { 'idempotency-key': key });
      const singleConflict = await problem(
        await client.request(
          'POST',
          '/v1/jobs',
          { ...single, maxAttempts: 2 },
          {
            'idempotency-key': key,
          },
        ),
      );
      expect(other).toMatchObject({ status: 409, code: 'IDEMPOTENCY_CONFLICT' });
      expect(other.code).toBe(singleConflict.code);
      expect(other.detail).toBe(singleConflict.detail);
    });

    it('does not spend the key on a refused batch', async () => {
      const key = randomUUID();
      const refused = await submit({ jobs: [{ type: 'system.nope', input: {} }] }, key);
      expect(refused.status).toBe(400);
      expect((await submit(batch(1), key)).status).toBe(202);
    });

    it('accepts concurrent retries of one batch once', async () => {
      const key = randomUUID();
      const answers = await Promise.all(Array.from({ length: 6 }, () => submit(batch(4), key)));
      const accepted = answers.filter((r) => r.status === 202);
      const waiting = answers.filter((r) => r.status === 409);
      expect(accepted.length + waiting.length).toBe(6);
      for (const res of waiting) expect((await problem(res)).code).toBe('IDEMPOTENCY_IN_PROGRESS');
      const ids = await Promise.all(accepted.map(idsOf));
      expect(new Set(ids.map((list) => list.join()))).toEqual(new Set([ids[0]?.join()]));
      expect(await idsOf(await submit(batch(4), key))).toEqual(ids[0]);
    });
  });
});
