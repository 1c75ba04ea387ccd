import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PLATFORM_MODE, usePlatform } from './support/platform-fixture';
import { makeSpeechFixture } from './support/speech-fixture';

describe(`audio normalisation end to end (api, processing worker, status: ${PLATFORM_MODE})`, () => {
  const platform = usePlatform();

  it('resamples a 44.1 kHz stereo recording to 16 kHz mono at the loudness target', async () => {
    const { api, env } = platform;
    const speech = makeSpeechFixture(
      env.workDir,
      ['Normalise this recording, please.'],
      [0.5, 0.5],
    );
    const input = path.join(env.workDir, 'stereo-44k.wav');
    // Quiet stereo at 44.1 kHz: the job must resample, mix down and raise the loudness.
    execFileSync('sox', [speech.file, '-r', '44100', '-c', '2', '-b', '16', input, 'vol', '0.1']);
    const uploadId = await api.upload(input);

    const job = await api.waitForTerminal(
      (await api.submit('processing.normalize', { uploadId })).id,
    );
    expect(job.status).toBe('SUCCEEDED');
    const result = job.result as {
      sampleRate: number;
      channels: number;
      outputLufs: number;
      output: { blobId: string; size: number };
    };
    expect(result.sampleRate).toBe(16000);
    expect(result.channels).toBe(1);
    expect(result.outputLufs).toBeGreaterThan(-24.5);
    expect(result.outputLufs).toBeLessThan(-21.5);

    const download = await api.request('GET', `/v1/jobs/${job.id}/output`);
    expect(download.status).toBe(200);
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.length).toBe(result.output.size);
    const output = path.join(env.workDir, 'output.wav');
    await writeFile(output, bytes);
    expect(execFileSync('soxi', ['-r', output], { encoding: 'utf8' }).trim()).toBe('16000');
    expect(execFileSync('soxi', ['-c', output], { encoding: 'utf8' }).trim()).toBe('1');
    expect(Number(execFileSync('soxi', ['-D', output], { encoding: 'utf8' }))).toBeCloseTo(
      speech.duration,
      1,
    );
  });
});
