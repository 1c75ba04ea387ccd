import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { PLATFORM_MODE, usePlatform } from './support/platform-fixture';
import { makeSpeechFixture } from './support/speech-fixture';
import { TEST_API_KEY } from './support/platform-processes';

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

    // Like curl, each client hangs up as the last byte arrives: no download may log an error.
    for (let i = 0; i < 30; i += 1)
      expect(await downloadAndHangUp(`${api.baseUrl}/v1/jobs/${job.id}/output`)).toBe(
        result.output.size,
      );
    const log = await readFile(platform.services.api.logFile, 'utf8');
    expect(log).not.toMatch(/ERR_STREAM_PREMATURE_CLOSE|ERR_HTTP_HEADERS_SENT/);
  });
});

/** Reads the whole body on a connection of its own and closes it at once; returns the bytes read. */
function downloadAndHangUp(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      url,
      { agent: false, headers: { authorization: `Bearer ${TEST_API_KEY}` } },
      (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => {
          req.destroy();
          resolve(bytes);
        });
      },
    );
    req.on('error', reject);
  });
}
