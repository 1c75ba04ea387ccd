import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PLATFORM_MODE, usePlatform } from './support/platform-fixture';
import { makeSpeechFixture } from './support/speech-fixture';

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

  it('fails a malformed file with a clear reason and does not retry it', async () => {
    const { api, env } = platform;
    const file = path.join(env.workDir, 'not-audio.wav');
    await writeFile(
      file,
      Buffer.from('this is plain text pretending to be a wav file, not RIFF at all'),
    );
    const uploadId = await api.upload(file);

    const job = await api.waitForTerminal((await api.submit('detection.vad', { uploadId })).id);
    expect(job.status).toBe('FAILED');
    expect(job.error?.code).toBe('MALFORMED_WAV');
    expect(job.error?.message).toMatch(/RIFF|WAVE/);
    expect(job.attempt).toBe(1);
  });
});
