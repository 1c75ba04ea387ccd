import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiClient } from './support/api-client';
import { OTHER_TENANT_KEY } from './support/platform-processes';
import { PLATFORM_MODE, usePlatform } from './support/platform-fixture';
import { makeSpeechFixture } from './support/speech-fixture';
import { silentWav } from './support/wav-bytes';

const MAX_UPLOAD = 200_000;

describe(`REST API contract (real services, ${PLATFORM_MODE})`, () => {
  const platform = usePlatform({ api: { MAX_UPLOAD_BYTES: String(MAX_UPLOAD) } });
  let uploadId: string;
  const problem = async (res: Response) => {
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return (await res.json()) as {
      status: number;
      code: string;
      detail: string;
      errors?: Array<{ path: string }>;
    };
  };

  beforeAll(async () => {
    const fixture = makeSpeechFixture(platform.env.workDir, ['Hello there.'], [0.3, 0.3]);
    uploadId = await platform.api.upload(fixture.file);
  });

  it('refuses requests without a valid API key', async () => {
    const res = await fetch(`${platform.api.baseUrl}/v1/jobs`);
    expect(res.status).toBe(401);
    expect((await problem(res)).code).toBe('UNAUTHORIZED');
    const wrong = await fetch(`${platform.api.baseUrl}/v1/jobs`, {
      headers: { 'x-api-key': 'nope-nope-nope' },
    });
    expect(wrong.status).toBe(401);
  });

  it('answers an unknown route with a 404 problem', async () => {
    for (const path of ['/nowhere', '/v1/nothing/here']) {
      const answers = [
        await fetch(`${platform.api.baseUrl}${path}`),
        await platform.api.request('GET', path),
      ];
      for (const res of answers) {
        expect(res.status).toBe(404);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect((await problem(res)).code).toBe('NOT_FOUND');
      }
    }
  });

  it('names what is wrong with an invalid submission', async () => {
    const bad = await platform.api.request('POST', '/v1/jobs', {
      type: 'detection.vad',
      input: { uploadId, options: { sensitivity: 3 } },
    });
    expect(bad.status).toBe(400);
    expect((await problem(bad)).errors?.[0]?.path).toBe('/input/options/sensitivity');
    const unknown = await platform.api.request('POST', '/v1/jobs', {
      type: 'detection.nope',
      input: { uploadId },
    });
    expect((await problem(unknown)).code).toBe('UNKNOWN_TYPE');
    const missing = await platform.api.request('POST', '/v1/jobs', {
      type: 'detection.vad',
      input: { uploadId: randomUUID() },
    });
    expect(missing.status).toBe(422);
    const notJson = await platform.api.request('POST', '/v1/jobs', '{oops', {
      'content-type': 'application/json',
    });
    expect(notJson.status).toBe(400);
  });

  it('answers 202 with a Location, and the job is readable at once', async () => {
    const res = await platform.api.request('POST', '/v1/jobs', {
      type: 'detection.vad',
      input: { uploadId },
    });
    expect(res.status).toBe(202);
    const job = (await res.json()) as { id: string; status: string };
    expect(res.headers.get('location')).toBe(`/v1/jobs/${job.id}`);
    const read = await platform.api.request('GET', res.headers.get('location') ?? '');
    expect(read.status).toBe(200);
  });

  it('gives the same job for the same Idempotency-Key and body, 409 for another body', async () => {
    const key = randomUUID();
    const body = { type: 'detection.vad', input: { uploadId } };
    const first = await platform.api.request('POST', '/v1/jobs', body, { 'idempotency-key': key });
    const again = await platform.api.request(
      'POST',
      '/v1/jobs',
      { input: { uploadId }, type: 'detection.vad' },
      { 'idempotency-key': key },
    );
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(((await again.json()) as { id: string }).id).toBe(
      ((await first.json()) as { id: string }).id,
    );
    const other = await platform.api.request(
      'POST',
      '/v1/jobs',
      { ...body, maxAttempts: 2 },
      { 'idempotency-key': key },
    );
    expect(other.status).toBe(409);
    expect((await problem(other)).code).toBe('IDEMPOTENCY_CONFLICT');
  });

  it("hides another tenant's jobs and uploads", async () => {
    const job = await platform.api.submit('detection.vad', { uploadId });
    const other = new ApiClient(platform.api.baseUrl, OTHER_TENANT_KEY);
    expect((await other.request('GET', `/v1/jobs/${job.id}`)).status).toBe(404);
    const list = (await (await other.request('GET', '/v1/jobs')).json()) as { items: unknown[] };
    expect(list.items).toHaveLength(0);
    const borrow = await other.request('POST', '/v1/jobs', {
      type: 'detection.vad',
      input: { uploadId },
    });
    expect(borrow.status).toBe(422);
  });

  it('answers each of many concurrent submissions on its own: a bad upload fails only its own', async () => {
    const other = new ApiClient(platform.api.baseUrl, OTHER_TENANT_KEY);
    const otherUpload = await other.upload(
      makeSpeechFixture(platform.env.workDir, ['Other tenant.'], [0.2, 0.2]).file,
    );
    const body = (id: string) => ({ type: 'detection.vad', input: { uploadId: id } });
    const asks = Array.from({ length: 40 }, (_, i) => {
      if (i % 10 === 3) return { client: platform.api, id: randomUUID(), expected: 422 };
      if (i % 10 === 7) return { client: platform.api, id: otherUpload, expected: 422 };
      if (i % 2 === 1) return { client: other, id: otherUpload, expected: 202 };
      return { client: platform.api, id: uploadId, expected: 202 };
    });
    const answers = await Promise.all(
      asks.map((a) => a.client.request('POST', '/v1/jobs', body(a.id))),
    );
    expect(answers.map((r) => r.status)).toEqual(asks.map((a) => a.expected));
    for (const [i, res] of answers.entries()) {
      if (res.status !== 202) {
        expect((await problem(res)).code).toBe('UPLOAD_NOT_FOUND');
        continue;
      }
      const job = (await res.json()) as { id: string };
      const client = asks[i]?.client ?? platform.api;
      const read = await client.request('GET', `/v1/jobs/${job.id}`);
      expect(read.status).toBe(200);
    }
  });

  it('lists jobs newest first, filtered, with a cursor that walks every page once', async () => {
    const batch = await platform.api.request('POST', '/v1/jobs/batch', {
      jobs: Array.from({ length: 5 }, () => ({
        type: 'processing.normalize',
        input: { uploadId },
      })),
    });
    expect(batch.status).toBe(202);
    const submitted = ((await batch.json()) as { jobs: Array<{ id: string }> }).jobs.map(
      (j) => j.id,
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query = `/v1/jobs?type=processing.normalize&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await (await platform.api.request('GET', query)).json()) as {
        items: Array<{ id: string; type: string }>;
        nextCursor: string | null;
      };
      page.items.forEach((j) => expect(j.type).toBe('processing.normalize'));
      seen.push(...page.items.map((j) => j.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect([...seen].sort()).toEqual([...submitted].sort());
    const bad = await platform.api.request('GET', '/v1/jobs?status=DONE');
    expect(bad.status).toBe(400);
    expect((await platform.api.request('GET', '/v1/jobs?cursor=garbage')).status).toBe(400);
  });

  it('limits upload size with 413 and refuses other media types with 415', async () => {
    const big = path.join(platform.env.workDir, 'big.wav');
    await writeFile(big, Buffer.alloc(MAX_UPLOAD + 1));
    await expect(platform.api.upload(big)).rejects.toThrow(/413/);
    const text = await platform.api.request('POST', '/v1/uploads', 'hello', {
      'content-type': 'text/plain',
    });
    expect(text.status).toBe(415);
  });

  it('accepts multipart uploads in the field "file"', async () => {
    const form = new FormData();
    form.append('file', new Blob([silentWav(100)], { type: 'audio/wav' }), 'x.wav');
    const res = await fetch(`${platform.api.baseUrl}/v1/uploads`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer test-key-0123456789` },
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { size: number }).size).toBe(244);
  });

  it('serves its OpenAPI document', async () => {
    const res = await fetch(`${platform.api.baseUrl}/docs-json`);
    expect(res.status).toBe(200);
    type Operation = { tags?: string[]; responses: Record<string, unknown> };
    const doc = (await res.json()) as { paths: Record<string, { get?: Operation }> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/jobs', '/v1/jobs/{id}', '/v1/uploads']),
    );
    // Documented by the api itself, not by terminus (which would load swagger in every service).
    expect(doc.paths['/health/live']?.get).toMatchObject({ tags: ['health'] });
    expect(Object.keys(doc.paths['/health/live']?.get?.responses ?? {})).toEqual(['200']);
    expect(Object.keys(doc.paths['/health/ready']?.get?.responses ?? {}).sort()).toEqual([
      '200',
      '503',
    ]);
  });
});
