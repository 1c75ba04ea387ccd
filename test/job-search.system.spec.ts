import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { encodeWav16 } from '@jobmill/audio';
import { ApiClient } from './support/api-client';
import { jsonOf as json } from './support/operations-api';
import { PLATFORM_MODE, usePlatform } from './support/platform-fixture';
import { OTHER_TENANT_KEY } from './support/platform-processes';
import { silentWav } from './support/wav-bytes';

// The read side of the operations API under the dashboard, on the real services: job search
// (admins across tenants), the per-minute timeline, an upload's waveform, and their OpenAPI.

const ADMIN_KEY = 'admin-key-0123456789';

describe(`job search, timeline and waveform (${PLATFORM_MODE})`, () => {
  const platform = usePlatform({ api: { ADMIN_API_KEYS: ADMIN_KEY } });
  const admin = (): ApiClient => new ApiClient(platform.api.baseUrl, ADMIN_KEY);
  it('searches jobs by id prefix, type, status and time; admins across tenants', async () => {
    const { api } = platform;
    const other = new ApiClient(api.baseUrl, OTHER_TENANT_KEY);
    const mine = await api.submit('system.ping', {});
    const theirs = await other.submit('system.ping', {});
    await api.waitForTerminal(mine.id);
    await other.waitForTerminal(theirs.id);
    type Page = { items: Array<{ id: string; status: string }>; nextCursor: string | null };
    const search = (query: string, client = api): Promise<Page> =>
      json<Page>(client.request('GET', `/v1/jobs?${query}`));

    expect((await search(`id=${mine.id.slice(0, 8)}`)).items.map((j) => j.id)).toContain(mine.id);
    expect((await search(`id=${mine.id}`)).items.map((j) => j.id)).toEqual([mine.id]);
    expect((await search(`id=${theirs.id}`)).items).toEqual([]);
    const since = new Date(Date.now() - 120_000).toISOString();
    const recent = await search(
      `type=system.ping&status=SUCCEEDED&createdAfter=${since}&limit=100`,
    );
    expect(recent.items.map((j) => j.id)).toContain(mine.id);
    expect(recent.items.every((j) => j.status === 'SUCCEEDED')).toBe(true);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await search(`createdAfter=${future}`)).items).toEqual([]);
    expect((await search(`createdBefore=${since}&id=${mine.id}`)).items).toEqual([]);

    const badId = await api.request('GET', '/v1/jobs?id=xyz');
    expect(badId.status).toBe(400);
    expect(await badId.json()).toMatchObject({ code: 'INVALID_QUERY', errors: [{ path: '/id' }] });
    const badTime = await api.request('GET', '/v1/jobs?createdAfter=yesterday');
    expect(await badTime.json()).toMatchObject({ errors: [{ path: '/createdAfter' }] });

    // tenant= is for admins: 403 for a tenant's key; an admin sees one tenant, or all.
    const refused = await api.request('GET', '/v1/jobs?tenant=globex');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const globex = await search(`tenant=globex&id=${theirs.id}`, admin());
    expect(globex.items.map((j) => j.id)).toEqual([theirs.id]);
    expect((await search(`tenant=globex&id=${mine.id}`, admin())).items).toEqual([]);
    const all = await search(`type=system.ping&createdAfter=${since}&limit=100`, admin());
    expect(all.items.map((j) => j.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
  });

  it('draws the timeline of the last minutes', async () => {
    const { api } = platform;
    const job = await api.submit('system.ping', { durationMs: 50 });
    await api.waitForTerminal(job.id);
    type Timeline = {
      bucketSeconds: number;
      buckets: Array<{
        start: string;
        submitted: number;
        succeeded: number;
        queueWaitP50Ms: number | null;
      }>;
    };
    const timeline = await json<Timeline>(api.request('GET', '/v1/stats/timeline?minutes=5'));
    expect(timeline.bucketSeconds).toBe(60);
    expect(timeline.buckets).toHaveLength(5);
    const starts = timeline.buckets.map((b) => Date.parse(b.start));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(starts[4]).toBeLessThanOrEqual(Date.now());
    const total = (key: 'submitted' | 'succeeded'): number =>
      timeline.buckets.reduce((n, b) => n + b[key], 0);
    expect(total('submitted')).toBeGreaterThanOrEqual(1);
    expect(total('succeeded')).toBeGreaterThanOrEqual(1);
    expect(timeline.buckets.some((b) => b.queueWaitP50Ms !== null)).toBe(true);
    expect((await api.request('GET', '/v1/stats/timeline?minutes=0')).status).toBe(400);
    expect((await api.request('GET', '/v1/stats/timeline?tenant=acme')).status).toBe(403);
    const forAdmin = await json<Timeline>(admin().request('GET', '/v1/stats/timeline?tenant=acme'));
    expect(forAdmin.buckets).toHaveLength(60);
  });

  it("returns an upload's waveform", async () => {
    const { api, env } = platform;
    // One second of silence, then one second of a square wave at half scale.
    const samples = new Float32Array(16_000).map((_, i) =>
      i < 8_000 ? 0 : Math.floor(i / 20) % 2 ? 0.5 : -0.5,
    );
    const file = path.join(env.workDir, 'half.wav');
    await writeFile(file, encodeWav16(samples, 8_000));
    const uploadId = await api.upload(file);
    type Waveform = {
      sampleRate: number;
      durationSeconds: number;
      points: number;
      min: number[];
      max: number[];
    };
    const wave = await json<Waveform>(
      api.request('GET', `/v1/uploads/${uploadId}/waveform?points=10`),
    );
    expect(wave).toMatchObject({ sampleRate: 8_000, durationSeconds: 2, points: 10 });
    expect(wave.max.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    for (const peak of wave.max.slice(5)) expect(peak).toBeCloseTo(0.5, 3);
    for (const low of wave.min.slice(5)) expect(low).toBeCloseTo(-0.5, 3);

    const other = new ApiClient(api.baseUrl, OTHER_TENANT_KEY);
    expect((await other.request('GET', `/v1/uploads/${uploadId}/waveform`)).status).toBe(404);
    expect((await api.request('GET', `/v1/uploads/${uploadId}/waveform?points=0`)).status).toBe(
      400,
    );
    const cut = path.join(env.workDir, 'cut.wav');
    await writeFile(cut, silentWav(2_000, 50_000));
    const cutId = await api.upload(cut);
    const refused = await api.request('GET', `/v1/uploads/${cutId}/waveform`);
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ code: 'UPLOAD_NOT_WAV' });
  });

  it('documents every operations endpoint in OpenAPI', async () => {
    const doc = (await (await fetch(`${platform.api.baseUrl}/docs-json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    for (const [route, method] of [
      ['/v1/jobs/bulk', 'post'],
      ['/v1/stats/timeline', 'get'],
      ['/v1/admin/queues', 'get'],
      ['/v1/admin/workers', 'get'],
      ['/v1/admin/job-types', 'get'],
      ['/v1/admin/job-types/{type}/pause', 'post'],
      ['/v1/admin/job-types/{type}/resume', 'post'],
      ['/v1/uploads/{id}/waveform', 'get'],
    ] as const)
      expect([route, doc.paths[route]?.[method] !== undefined]).toEqual([route, true]);
    const search = doc.paths['/v1/jobs']?.['get'] as { parameters: Array<{ name: string }> };
    expect(search.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['id', 'createdAfter', 'createdBefore', 'tenant']),
    );
  });
});
