import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PLATFORM_MODE, usePlatform } from './support/platform-fixture';
import { makeSpeechFixture } from './support/speech-fixture';
import { silentWav } from './support/wav-bytes';

interface Segment {
  start: number;
  end: number;
}

describe(`voice detection end to end (api, detection worker, status: ${PLATFORM_MODE})`, () => {
  const platform = usePlatform();

  it('finds each spoken sentence of a real speech recording', async () => {
    const { api, env } = platform;
    const fixture = makeSpeechFixture(
      env.workDir,
      ['The quick brown fox jumps over the lazy dog.', 'Voice detection runs in a worker thread.'],
      [1.2, 1.6, 1.0],
    );
    const uploadId = await api.upload(fixture.file);

    const accepted = await api.submit('detection.vad', { uploadId });
    expect(accepted.status).toBe('QUEUED');
    const immediately = await api.request('GET', `/v1/jobs/${accepted.id}`);
    expect(immediately.status).toBe(200);

    const job = await api.waitForTerminal(accepted.id);
    expect(job.status).toBe('SUCCEEDED');
    const result = job.result as { segments: Segment[]; speechRatio: number; duration: number };
    expect(result.duration).toBeCloseTo(fixture.duration, 1);
    expect(result.segments).toHaveLength(fixture.speech.length);
    fixture.speech.forEach((truth, i) => {
      const found = result.segments[i] as Segment;
      expect(Math.abs(found.start - truth.start)).toBeLessThan(0.25);
      expect(Math.abs(found.end - truth.end)).toBeLessThan(0.3);
    });
    const speechSeconds = fixture.speech.reduce((sum, s) => sum + s.end - s.start, 0);
    expect(result.speechRatio).toBeCloseTo(speechSeconds / fixture.duration, 1);
    expect(job.progress).toBe(1);
  });

  it('refuses a file that is not a WAV at upload, and fails a truncated one without retrying', async () => {
    const { api, env } = platform;
    const refused = await api.request(
      'POST',
      '/v1/uploads',
      Buffer.from('this is plain text pretending to be a wav file, not RIFF at all'),
    );
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/RIFF|WAVE/);

    // Its header is sound, so the upload takes it; the decoder finds the data cut short.
    const file = path.join(env.workDir, 'truncated.wav');
    await writeFile(file, silentWav(2_000, 50_000));
    const uploadId = await api.upload(file);

    const job = await api.waitForTerminal((await api.submit('detection.vad', { uploadId })).id);
    expect(job.status).toBe('FAILED');
    expect(job.error?.code).toBe('MALFORMED_WAV');
    expect(job.error?.message).toMatch(/data chunk/);
    expect(job.attempt).toBe(1);
  });
});
