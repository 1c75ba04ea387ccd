import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiClient, type JobBody } from './support/api-client';
import { OTHER_TENANT_KEY } from './support/platform-processes';
import { usePlatform } from './support/platform-fixture';
import { makeSpeechFixture } from './support/speech-fixture';
import { silentWav } from './support/wav-bytes';

interface Summary {
  readonly counts: Record<string, number>;
  readonly total: number;
}

const STATES = ['PENDING', 'QUEUED', 'RUNNING', 'RETRYING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];

describe('dashboard and job summary (real services)', () => {
  const platform = usePlatform();

  const summaryOf = async (client: ApiClient): Promise<Summary> => {
    const res = await client.request('GET', '/v1/jobs/summary');
    expect(res.status).toBe(200);
    return (await res.json()) as Summary;
  };

  it('serves the page under a CSP that allows only its own origin, and its assets', async () => {
    const base = platform.api.baseUrl;
    const res = await fetch(`${base}/dashboard`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/(^|; )default-src 'self'(;|$)/);
    for (const directive of csp.split(';')) {
      const sources = directive.trim().split(/\s+/).slice(1);
      expect(sources.every((s) => s === "'self'" || s === "'none'")).toBe(true);
    }
    const html = await res.text();
    expect(html).toContain('<title>jobmill dashboard</title>');

    const assets = [...html.matchAll(/\s(?:src|href)="(\/dashboard\/[^"]+)"/g)].map(
      (m) => m[1] ?? '',
    );
    expect(assets).toEqual(
      expect.arrayContaining(['/dashboard/dashboard.js', '/dashboard/dashboard.css']),
    );
    const types: Record<string, RegExp> = {
      js: /^text\/javascript/,
      css: /^text\/css/,
      svg: /^image\/svg\+xml/,
    };
    for (const asset of assets) {
      const file = await fetch(`${base}${asset}`);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toMatch(types[asset.split('.').pop() ?? ''] ?? /^$/);
      expect(file.headers.get('x-content-type-options')).toBe('nosniff');
      expect((await file.text()).length).toBeGreaterThan(100);
      // Revalidation: the same build answers 304 to its own ETag. (fetch would add
      // `Cache-Control: no-cache` to a conditional request unless told otherwise.)
      const etag = file.headers.get('etag') ?? '';
      const again = await fetch(`${base}${asset}`, {
        headers: { 'if-none-match': etag, 'cache-control': 'max-age=0' },
      });
      expect(again.status).toBe(304);
    }
  });

  it("counts submitted jobs per status for the caller's tenant only", async () => {
    const { api, env } = platform;
    const other = new ApiClient(api.baseUrl, OTHER_TENANT_KEY);
    const anonymous = await fetch(`${api.baseUrl}/v1/jobs/summary`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await summaryOf(api)).total).toBe(0);

    const speech = makeSpeechFixture(env.workDir, ['Count me in.'], [0.3, 0.3]);
    // A WAV cut short (its header passes the upload check): its job fails for good.
    const junk = path.join(env.workDir, 'junk.wav');
    await writeFile(junk, silentWav(2_000, 50_000));
    const [good, bad, theirs] = await Promise.all([
      api.upload(speech.file),
      api.upload(junk),
      other.upload(speech.file),
    ]);
    const ours: JobBody[] = [];
    for (let i = 0; i < 3; i += 1) ours.push(await api.submit('detection.vad', { uploadId: good }));
    ours.push(await api.submit('processing.normalize', { uploadId: bad }));
    const foreign = [
      await other.submit('detection.vad', { uploadId: theirs }),
      await other.submit('detection.vad', { uploadId: theirs }),
    ];

    // Accepted jobs count at once, whatever state they have reached.
    const early = await summaryOf(api);
    expect(early.total).toBe(4);
    expect(Object.values(early.counts).reduce((a, b) => a + b, 0)).toBe(4);

    await Promise.all([
      ...ours.map((j) => api.waitForTerminal(j.id)),
      ...foreign.map((j) => other.waitForTerminal(j.id)),
    ]);
    const final = await summaryOf(api);
    expect(Object.keys(final.counts).sort()).toEqual([...STATES].sort());
    expect(final).toEqual({
      counts: {
        PENDING: 0,
        QUEUED: 0,
        RUNNING: 0,
        RETRYING: 0,
        SUCCEEDED: 3,
        FAILED: 1,
        CANCELLED: 0,
      },
      total: 4,
    });
    const theirSummary = await summaryOf(other);
    expect(theirSummary.total).toBe(2);
    expect(theirSummary.counts['SUCCEEDED']).toBe(2);
  });

  it('documents the summary in OpenAPI, and leaves the dashboard out of it', async () => {
    const res = await fetch(`${platform.api.baseUrl}/docs-json`);
    expect(res.status).toBe(200);
    type Operation = { tags: string[]; responses: Record<string, { content?: object }> };
    const doc = (await res.json()) as { paths: Record<string, Record<string, Operation>> };
    const get = doc.paths['/v1/jobs/summary']?.['get'];
    expect(get?.tags).toEqual(['jobs']);
    expect(Object.keys(get?.responses ?? {}).sort()).toEqual(['200', '401']);
    // The 200 answer carries its schema, not only a description.
    expect(JSON.stringify(get?.responses['200']?.content)).toContain('"CANCELLED"');
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/dashboard'))).toEqual([]);
  });
});
