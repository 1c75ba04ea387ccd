import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PLATFORM_MODE, usePlatform } from './support/platform-fixture';
import { makeSpeechFixture } from './support/speech-fixture';
import { zipEntries } from './support/zip-entries';

interface Segment {
  start: number;
  end: number;
}

interface Manifest {
  uploadId: string;
  sampleRate: number;
  clips: Array<
    Segment & { file: string; paddedStart: number; paddedEnd: number; duration: number }
  >;
}

describe(`speech clips end to end (detection, then clips, ZIP download: ${PLATFORM_MODE})`, () => {
  const platform = usePlatform();

  it('cuts what detection found into WAV clips and serves them as a ZIP with a manifest', async () => {
    const { api, env } = platform;
    const fixture = makeSpeechFixture(
      env.workDir,
      ['Cut this sentence out, please.', 'And this one as well.'],
      [1.0, 1.5, 0.8],
    );
    const uploadId = await api.upload(fixture.file);
    const detection = await api.waitForTerminal(
      (await api.submit('detection.vad', { uploadId })).id,
    );
    expect(detection.status).toBe('SUCCEEDED');
    const segments = (detection.result as { segments: Segment[] }).segments;
    expect(segments).toHaveLength(2);

    const job = await api.waitForTerminal(
      (
        await api.submit('processing.clips', {
          uploadId,
          segments,
          options: { paddingMs: 100, sampleRate: 16000 },
        })
      ).id,
    );
    expect(job.status).toBe('SUCCEEDED');
    const result = job.result as {
      clips: number;
      sampleRate: number;
      totalDuration: number;
      output: { size: number; contentType: string };
    };
    expect(result).toMatchObject({ clips: 2, sampleRate: 16000 });
    expect(result.output.contentType).toBe('application/zip');

    const download = await api.request('GET', `/v1/jobs/${job.id}/output`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/zip');
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="${job.id}.zip"`,
    );
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.length).toBe(result.output.size);
    const entries = await zipEntries(bytes);
    expect([...entries.keys()]).toEqual(['manifest.json', 'clip-0001.wav', 'clip-0002.wav']);
    const manifest = JSON.parse(entries.get('manifest.json')?.toString('utf8') ?? '{}') as Manifest;
    expect([manifest.uploadId, manifest.sampleRate]).toEqual([uploadId, 16000]);

    let total = 0;
    for (const [i, clip] of manifest.clips.entries()) {
      const segment = segments[i] as Segment;
      expect(clip.start).toBeCloseTo(segment.start, 3);
      expect(clip.end).toBeCloseTo(segment.end, 3);
      expect(clip.paddedStart).toBeCloseTo(Math.max(0, segment.start - 0.1), 3);
      expect(clip.paddedEnd).toBeCloseTo(Math.min(fixture.duration, segment.end + 0.1), 3);
      // Each clip holds a spoken sentence: its length is the sentence's, padding included.
      const truth = fixture.speech[i] as Segment;
      expect(Math.abs(clip.duration - (truth.end - truth.start + 0.2))).toBeLessThan(0.6);
      const file = path.join(env.workDir, clip.file);
      await writeFile(file, entries.get(clip.file) as Buffer);
      const soxi = (flag: string) =>
        execFileSync('soxi', [flag, file], { encoding: 'utf8' }).trim();
      expect([soxi('-r'), soxi('-c'), soxi('-b')]).toEqual(['16000', '1', '16']);
      expect(Number(soxi('-D'))).toBeCloseTo(clip.duration, 3);
      total += clip.duration;
    }
    expect(result.totalDuration).toBeCloseTo(total, 3);
  });

  it('refuses malformed or out-of-range segments with a 400 naming each, and accepts nothing', async () => {
    const { api, env } = platform;
    const fixture = makeSpeechFixture(env.workDir, ['Short.'], [0.3, 0.3]);
    const uploadId = await api.upload(fixture.file);
    const cases: Array<[unknown, string]> = [
      [[{ start: 2, end: 1 }], '/input/segments/0/end'],
      [[{ start: -1, end: 1 }], '/input/segments/0/start'],
      [[{ start: 0, end: 1e9 }], '/input/segments/0/end'],
      [[[0, 1]], '/input/segments/0'],
      ['0-1', '/input/segments'],
      [Array.from({ length: 10_001 }, (_, i) => ({ start: i, end: i + 0.5 })), '/input/segments'],
    ];
    for (const [segments, path] of cases) {
      const res = await api.request('POST', '/v1/jobs', {
        type: 'processing.clips',
        input: { uploadId, segments },
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = (await res.json()) as { code: string; errors: Array<{ path: string }> };
      expect(problem.code).toBe('INVALID_DATA');
      expect(problem.errors.map((e) => e.path)).toContain(path);
    }
    const listed = await api.request('GET', '/v1/jobs?type=processing.clips&limit=100');
    const ids = ((await listed.json()) as { items: Array<{ input: { uploadId: string } }> }).items;
    expect(ids.filter((j) => j.input?.uploadId === uploadId)).toEqual([]);

    // Past the end of the audio is known only to the worker: the job fails, not retried.
    const late = await api.waitForTerminal(
      (await api.submit('processing.clips', { uploadId, segments: [{ start: 60, end: 61 }] })).id,
    );
    expect(late.status).toBe('FAILED');
    expect(late.error).toMatchObject({ code: 'SEGMENT_OUT_OF_RANGE', retryable: false });
    expect(late.attempt).toBe(1);
  });
});
