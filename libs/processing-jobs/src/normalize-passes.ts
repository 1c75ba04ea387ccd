import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { decodeWavStream, wav16Header, Wav16StreamEncoder } from '@jobmill/audio';
import {
  createNormalizer,
  GainStage,
  type NormalizeAnalysis,
  type NormalizeOptions,
} from '@jobmill/processing';

const asBytes = (samples: Float32Array): Uint8Array =>
  new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);

/**
 * Pass 1: decodes the input, mixes it to mono and resamples it while measuring loudness;
 * the resampled floats go to `scratch` so memory does not grow with the file's length.
 */
export async function analyse(
  inputPath: string,
  scratch: FileHandle,
  options: Partial<NormalizeOptions>,
  onProgress: (fraction: number) => void,
): Promise<NormalizeAnalysis> {
  let normalizer: ReturnType<typeof createNormalizer> | undefined;
  const source = createReadStream(inputPath, { highWaterMark: 1 << 16 });
  for await (const block of decodeWavStream(source)) {
    normalizer ??= createNormalizer(block.format.sampleRate, block.format.channels, options);
    await scratch.write(asBytes(normalizer.push(block.samples)));
    const total = block.format.totalFrames;
    if (total) onProgress(Math.min(1, (block.startFrame + block.frameCount) / total));
  }
  if (!normalizer) {
    throw Object.assign(new Error('The WAV file has no audio frames.'), {
      code: 'EMPTY_AUDIO',
      kind: 'permanent',
      retryable: false,
    });
  }
  const { tail, ...analysis } = normalizer.finish();
  await scratch.write(asBytes(tail));
  return analysis;
}

/** Pass 2: applies the gain to the scratch floats and writes a 16-bit mono WAV; returns the measured output loudness. */
export async function render(
  scratchPath: string,
  analysis: NormalizeAnalysis,
  out: Writable,
  onProgress: (fraction: number) => void,
): Promise<number | null> {
  const gain = new GainStage(analysis.gainDb, analysis.sampleRate);
  const encoder = new Wav16StreamEncoder(analysis.sampleRate, 1);
  await write(out, wav16Header(analysis.sampleRate, 1, analysis.outputFrames * 2));
  let done = 0;
  for await (const chunk of createReadStream(scratchPath, { highWaterMark: 1 << 18 })) {
    const bytes = chunk as Buffer;
    // Chunks of a file read stream start at multiples of highWaterMark: always 4-byte aligned.
    const floats = new Float32Array(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    );
    await write(out, encoder.encode(gain.push(floats)));
    done += floats.length;
    onProgress(analysis.outputFrames > 0 ? done / analysis.outputFrames : 1);
  }
  return gain.finish().integratedLufs;
}

async function write(out: Writable, bytes: Uint8Array): Promise<void> {
  if (!out.write(bytes)) await once(out, 'drain');
}
