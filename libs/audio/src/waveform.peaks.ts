import { WavMeanDecoder } from './wav-mean.decoder';
import type { WavFormat } from './wav-format';

/** A waveform for drawing: per bucket of frames, the lowest and highest mono sample in [-1, 1]. */
export interface Waveform {
  readonly sampleRate: number;
  readonly durationSeconds: number;
  /** Buckets: as asked for, or fewer when the audio has fewer frames. */
  readonly points: number;
  readonly min: number[];
  readonly max: number[];
}

const round = (value: number): number => Math.round(Math.max(-1, Math.min(1, value)) * 1e4) / 1e4;

/**
 * Peaks of a WAV file streamed in slices, in one pass and constant memory besides the buckets:
 * channels mixed to mono, frames split into `points` equal buckets. When the data chunk does
 * not declare its length (a streamed writer), `fileBytes` estimates it: frames past the estimate
 * fall into the last bucket. Throws MalformedWavError for a file that is not a decodable WAV.
 */
export async function waveformOf(
  slices: AsyncIterable<Uint8Array>,
  points: number,
  fileBytes: number,
): Promise<Waveform> {
  const decoder = new WavMeanDecoder(() => 1, { reuseBuffer: true });
  let min = new Float64Array(0);
  let max = new Float64Array(0);
  let perFrame = 0;
  let buckets = 0;
  let started = false;
  const start = (format: WavFormat): void => {
    started = true;
    const frames =
      format.totalFrames ?? Math.floor(Math.max(0, fileBytes - 44) / format.blockAlign);
    buckets = Math.max(0, Math.min(points, frames));
    perFrame = frames > 0 ? buckets / frames : 0;
    min = new Float64Array(buckets).fill(Infinity);
    max = new Float64Array(buckets).fill(-Infinity);
  };
  for await (const slice of slices) {
    const block = decoder.push(slice);
    if (!block) continue;
    if (!started) start(block.format);
    const last = buckets - 1;
    for (let i = 0; i < block.means.length; i++) {
      const b = Math.min(last, Math.floor((block.startFrame + i) * perFrame));
      const v = block.means[i] as number;
      if (v < (min[b] as number)) min[b] = v;
      if (v > (max[b] as number)) max[b] = v;
    }
  }
  decoder.end();
  const format = decoder.format as WavFormat;
  const seen = decoder.framesSeen;
  // Buckets the audio never reached (a shorter file than declared) are silence.
  const fix = (v: number): number => (Number.isFinite(v) ? round(v) : 0);
  return {
    sampleRate: format.sampleRate,
    durationSeconds: seen / format.sampleRate,
    points: buckets,
    min: Array.from(min, fix),
    max: Array.from(max, fix),
  };
}
