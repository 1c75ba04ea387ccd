import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fromBuffer, type Entry, type ZipFile } from 'yauzl';
import { decodeWav, encodeWav16, wav16Header } from '@jobmill/audio';
import { LocalDiskBlobStore } from '@jobmill/blobs';
import { createCommand, newId, validateResult, type ClipsInput } from '@jobmill/contracts';
import type { JobContext } from '@jobmill/job-runtime';
import { TaskPool } from '@jobmill/platform';
import { ClipsJobHandler } from './clips-job.handler';

/** Every entry of a ZIP, by name, in the order they are stored. */
async function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  const zip = await new Promise<ZipFile>((resolve, reject) =>
    fromBuffer(bytes, { lazyEntries: true }, (error, file) =>
      error ? reject(error) : resolve(file),
    ),
  );
  const entries = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const parts: Buffer[] = [];
        stream.on('data', (part: Buffer) => parts.push(part));
        stream.on('end', () => {
          entries.set(entry.fileName, Buffer.concat(parts));
          zip.readEntry();
        });
      });
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  return entries;
}

/** Stereo audio whose two channels are equal, each sample a distinct 16-bit value. */
function stereoRamp(
  rate: number,
  seconds: number,
): { interleaved: Float32Array; mono: Float32Array } {
  const mono = new Float32Array(rate * seconds);
  for (let i = 0; i < mono.length; i++) mono[i] = (((i * 7) % 60000) - 30000) / 32768;
  const interleaved = new Float32Array(mono.length * 2);
  mono.forEach((v, i) => interleaved.set([v, v], 2 * i));
  return { interleaved, mono };
}

interface Manifest {
  uploadId: string;
  sampleRate: number;
  clips: Array<{
    file: string;
    start: number;
    end: number;
    paddedStart: number;
    paddedEnd: number;
    duration: number;
    frames: number;
    segments: number[];
  }>;
}

describe('processing.clips handler (real worker thread, real blob store, ZIP read back)', () => {
  let dir: string;
  let blobs: LocalDiskBlobStore;
  let pool: TaskPool;
  let handler: ClipsJobHandler;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'jobmill-clips-'));
    blobs = new LocalDiskBlobStore(dir);
    pool = new TaskPool({ filename: path.join(__dirname, 'processing.tasks.ts'), threads: 1 });
    handler = new ClipsJobHandler(pool, blobs, dir);
  });
  afterAll(async () => {
    await pool.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  const upload = async (bytes: Buffer): Promise<string> => {
    const id = newId();
    await blobs.put(id, Readable.from([bytes]), { maxBytes: 1 << 30 });
    return id;
  };

  /** Runs a job and returns its result, the ZIP's entries and the manifest. */
  async function run(input: ClipsInput) {
    const command = createCommand({
      jobId: newId(),
      jobType: 'processing.clips',
      tenant: 'acme',
      source: '/test',
      data: { input },
    });
    const progress: number[] = [];
    const ctx: JobContext = {
      command,
      jobType: 'processing.clips',
      workerId: 'test',
      signal: new AbortController().signal,
      reportProgress: (f) => progress.push(f),
    };
    const outcome = await handler.run(ctx);
    if (outcome.status !== 'succeeded') throw new Error('the job failed');
    expect(validateResult('processing.clips', outcome.result).ok).toBe(true);
    const result = outcome.result as {
      output: { blobId: string; size: number; contentType: string };
    };
    expect(result.output.blobId).toBe(command.subject);
    expect(result.output.contentType).toBe('application/zip');
    const stream = await blobs.open(result.output.blobId);
    const parts: Buffer[] = [];
    for await (const part of stream) parts.push(part as Buffer);
    const bytes = Buffer.concat(parts);
    expect(bytes.length).toBe(result.output.size);
    const entries = await unzip(bytes);
    const manifest = JSON.parse(
      entries.get('manifest.json')?.toString('utf8') ?? 'null',
    ) as Manifest;
    return { result: outcome.result, entries, manifest, progress };
  }

  it('cuts padded, merged clips at the source rate sample for sample, with a manifest', async () => {
    const { interleaved, mono } = stereoRamp(16000, 6);
    const uploadId = await upload(encodeWav16(interleaved, 16000, 2));
    const { result, entries, manifest, progress } = await run({
      uploadId,
      segments: [
        { start: 4, end: 5.5 },
        { start: 0.05, end: 1 },
        { start: 1.3, end: 2 }, // 300 ms after the previous: merged with 200 ms of padding
      ],
      options: { paddingMs: 200 },
    });
    expect([...entries.keys()]).toEqual(['manifest.json', 'clip-0001.wav', 'clip-0002.wav']);
    expect(manifest.uploadId).toBe(uploadId);
    expect(manifest.sampleRate).toBe(16000);
    expect(manifest.clips).toEqual([
      {
        file: 'clip-0001.wav',
        start: 0.05,
        end: 2,
        paddedStart: 0,
        paddedEnd: 2.2,
        duration: 2.2,
        frames: 35200,
        segments: [1, 2],
      },
      {
        file: 'clip-0002.wav',
        start: 4,
        end: 5.5,
        paddedStart: 3.8,
        paddedEnd: 5.7,
        duration: 1.9,
        frames: 30400,
        segments: [0],
      },
    ]);
    expect(result).toMatchObject({
      clips: 2,
      totalDuration: 4.1,
      sampleRate: 16000,
      channels: 1,
      sourceDuration: 6,
    });
    for (const clip of manifest.clips) {
      const wav = decodeWav(entries.get(clip.file) as Buffer);
      expect([wav.format.sampleRate, wav.format.channels, wav.frameCount]).toEqual([
        16000,
        1,
        clip.frames,
      ]);
      const from = Math.round(clip.paddedStart * 16000);
      expect(wav.samples).toEqual(mono.subarray(from, from + clip.frames));
    }
    expect(progress.at(-1)).toBe(1);
  });

  it('resamples 44.1 kHz to the requested rate, and reads a WAV that declares no length', async () => {
    const { interleaved } = stereoRamp(44100, 3);
    const encoded = encodeWav16(interleaved, 44100, 2);
    // A streamed WAV: sizes 0xFFFFFFFF, so the job counts the frames itself.
    const streamed = Buffer.concat([wav16Header(44100, 2), encoded.subarray(44)]);
    for (const bytes of [encoded, streamed]) {
      const { entries, manifest } = await run({
        uploadId: await upload(bytes),
        segments: [
          { start: 0.5, end: 1.2345 },
          { start: 2.9, end: 4 },
        ],
        options: { sampleRate: 16000, paddingMs: 10 },
      });
      expect(manifest.clips.map((c) => [c.paddedStart, c.paddedEnd])).toEqual([
        [0.49, 1.24449], // on the 44.1 kHz frame grid, to the microsecond
        [2.89, 3],
      ]);
      for (const clip of manifest.clips) {
        const sourceFrames =
          Math.round(clip.paddedEnd * 44100) - Math.round(clip.paddedStart * 44100);
        const wav = decodeWav(entries.get(clip.file) as Buffer);
        expect([wav.format.sampleRate, wav.format.channels]).toEqual([16000, 1]);
        expect(wav.frameCount).toBe(Math.ceil((sourceFrames * 16000) / 44100));
        expect(wav.frameCount).toBe(clip.frames);
      }
    }
  });

  it('gives a ZIP holding only the manifest when there are no segments', async () => {
    const uploadId = await upload(encodeWav16(new Float32Array(8000), 8000, 1));
    const { result, entries, manifest } = await run({ uploadId, segments: [] });
    expect([...entries.keys()]).toEqual(['manifest.json']);
    expect(manifest.clips).toEqual([]);
    expect(result).toMatchObject({
      clips: 0,
      totalDuration: 0,
      sampleRate: 8000,
      sourceDuration: 1,
    });
  });

  it('fails for good, leaving no blob, when a segment starts past the end of the audio', async () => {
    const uploadId = await upload(encodeWav16(new Float32Array(8000), 8000, 1));
    const jobId = newId();
    const ctx = {
      command: createCommand({
        jobId,
        jobType: 'processing.clips',
        tenant: 'acme',
        source: '/test',
        data: {
          input: {
            uploadId,
            segments: [
              { start: 0.2, end: 0.5 },
              { start: 1.5, end: 2 },
            ],
          },
        },
      }),
      jobType: 'processing.clips' as const,
      workerId: 'test',
      signal: new AbortController().signal,
      reportProgress: () => undefined,
    };
    const failure = handler.run(ctx);
    await expect(failure).rejects.toMatchObject({ code: 'SEGMENT_OUT_OF_RANGE', retryable: false });
    await expect(failure).rejects.toThrow(/segment 1 starts at 1.5 s/);
    expect(await blobs.stat(jobId)).toBeNull();
  });
});
