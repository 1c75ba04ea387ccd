import { execFile } from 'node:child_process';
import { mkdir, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { encodeWav16 } from '@jobmill/audio';
import { ApiClient } from './support/api-client';
import { blobPath } from './support/blob-path';
import { PLATFORM_MODE, usePlatform } from './support/platform-fixture';
import { OTHER_TENANT_KEY, TEST_API_KEY } from './support/platform-processes';
import { waitFor } from './support/wait-for';

/** A second of a 440 Hz tone at 16 kHz: something for the normaliser to work on. */
const tone = (): Buffer =>
  encodeWav16(
    Float32Array.from(
      { length: 16_000 },
      (_, i) => 0.2 * Math.sin((2 * Math.PI * 440 * i) / 16_000),
    ),
    16_000,
  );

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

describe(`retention (${PLATFORM_MODE})`, () => {
  // A short platform retention and a fast sweep, so that expiry is seen within the test.
  const retention = {
    JOB_RETENTION: '1h',
    RETENTION_INTERVAL_MS: '200',
    BLOB_TEMP_MAX_AGE_MS: '60000',
  };
  const platform = usePlatform({ api: retention, status: retention });

  const upload = async (api: ApiClient = platform.api): Promise<string> => {
    const res = await api.request('POST', '/v1/uploads', tone());
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };

  it('deletes a job with "retention":"1s" once it expires: record, history and output blob', async () => {
    const { api, env } = platform;
    const uploadId = await upload();
    const res = await api.request('POST', '/v1/jobs', {
      type: 'processing.normalize',
      input: { uploadId },
      retention: '1s',
    });
    expect(res.status).toBe(202);
    const accepted = (await res.json()) as { id: string; retention: string; expiresAt: null };
    expect(accepted).toMatchObject({ retention: '1s', expiresAt: null });
    const job = await waitFor(
      `job ${accepted.id} to succeed`,
      async () => {
        const body = (await (await api.request('GET', `/v1/jobs/${accepted.id}`)).json()) as {
          status: string;
          finishedAt: string | null;
          expiresAt: string | null;
        };
        return body.status === 'SUCCEEDED' ? body : undefined;
      },
      60_000,
    ).catch(async (error: Error) => {
      throw new Error(
        `${error.message}: ${await (await api.request('GET', `/v1/jobs/${accepted.id}`)).text()}`,
      );
    });
    expect(Date.parse(job.expiresAt ?? '') - Date.parse(job.finishedAt ?? '')).toBe(1_000);
    const output = await blobPath(env.blobDir, accepted.id);
    expect(await exists(output)).toBe(true);

    await waitFor(
      `job ${accepted.id} to be deleted`,
      async () =>
        (await api.request('GET', `/v1/jobs/${accepted.id}`)).status === 404 ? true : undefined,
      15_000,
    );
    expect((await api.request('GET', `/v1/jobs/${accepted.id}/events`)).status).toBe(404);
    expect(await exists(output)).toBe(false);
    // Its input is the client's to delete, not retention's.
    expect(await exists(await blobPath(env.blobDir, uploadId))).toBe(true);
  });

  it('refuses a retention longer than JOB_RETENTION with a problem naming the limit', async () => {
    const res = await platform.api.request('POST', '/v1/jobs', {
      type: 'system.ping',
      input: {},
      retention: '2h',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as { code: string; detail: string; errors: unknown[] };
    expect(problem.code).toBe('RETENTION_TOO_LONG');
    expect(problem.detail).toContain('JOB_RETENTION 1h');
    expect(problem.errors).toEqual([{ path: '/retention', message: 'at most 1h' }]);
    const bad = await platform.api.request('POST', '/v1/jobs', {
      type: 'system.ping',
      input: {},
      retention: '1 week',
    });
    expect(bad.status).toBe(400);
  });

  it('deletes an upload for its tenant only, record and blob', async () => {
    const { api, env } = platform;
    const id = await upload();
    const file = await blobPath(env.blobDir, id);
    const other = new ApiClient(api.baseUrl, OTHER_TENANT_KEY);
    expect((await other.request('DELETE', `/v1/uploads/${id}`)).status).toBe(404);
    expect(await exists(file)).toBe(true);
    expect((await api.request('DELETE', `/v1/uploads/${id}`)).status).toBe(204);
    expect(await exists(file)).toBe(false);
    const again = await api.request('DELETE', `/v1/uploads/${id}`);
    expect(again.status).toBe(404);
    expect(((await again.json()) as { code: string }).code).toBe('NOT_FOUND');
    const submit = await api.request('POST', '/v1/jobs', {
      type: 'detection.vad',
      input: { uploadId: id },
    });
    expect(submit.status).toBe(422);
  });

  it('removes abandoned temporary files from the blob folder, not fresh ones', async () => {
    const tempDir = path.join(platform.env.blobDir, '.tmp');
    await mkdir(tempDir, { recursive: true });
    const abandoned = path.join(tempDir, 'abandoned.part');
    const fresh = path.join(tempDir, 'fresh.part');
    await writeFile(abandoned, 'partial');
    await writeFile(fresh, 'partial');
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await utimes(abandoned, twoMinutesAgo, twoMinutesAgo);
    await waitFor(
      'the abandoned temporary file to go',
      async () => ((await exists(abandoned)) ? undefined : true),
      15_000,
    );
    expect(await exists(fresh)).toBe(true);
  });

  it('documents retention, expiresAt and DELETE /v1/uploads/{id} in OpenAPI', async () => {
    const doc = (await (await fetch(`${platform.api.baseUrl}/docs-json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    expect(Object.keys(doc.paths['/v1/uploads/{id}'] ?? {})).toContain('delete');
    expect(doc.components.schemas['Job']?.properties).toHaveProperty('expiresAt');
    const submit = JSON.stringify(doc.paths['/v1/jobs']?.['post']);
    expect(submit).toContain('"retention"');
    expect(submit).toContain('RETENTION_TOO_LONG');
  });

  it('deletes an upload from the CLI, and says why when it cannot', async () => {
    const { api } = platform;
    const id = await upload();
    // The CLI as a user runs it (commander is an ES module: it runs in its own process).
    const cli = (...args: string[]) =>
      new Promise<{ code: number; output: string }>((resolve) => {
        execFile(
          process.execPath,
          ['-r', '@swc-node/register', 'tools/cli/main.ts', ...args],
          { env: { ...process.env, API_URL: api.baseUrl, API_KEY: TEST_API_KEY } },
          (error, stdout, stderr) =>
            resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
        );
      });
    const first = await cli('delete-upload', id);
    expect(first).toMatchObject({ code: 0 });
    expect(first.output).toContain('"deleted": true');
    expect((await api.request('DELETE', `/v1/uploads/${id}`)).status).toBe(404);
    const again = await cli('delete-upload', id);
    expect(again.code).toBe(1);
    expect(again.output).toContain('HTTP 404');
  });
});
