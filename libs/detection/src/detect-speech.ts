import { WavMeanDecoder } from '@jobmill/audio';
import { planAnalysis } from './analysis-plan';
import type { DetectionResult } from './detection-result';
import type { ProgressListener } from './progress.reporter';
import type { VadOptions } from './vad-options';
import { VadDetector } from './vad.detector';

/**
 * Detects speech in a WAV byte stream (e.g. a file read stream): decodes and detects block by
 * block in constant memory, mixing channels down on the way. Throws MalformedWavError (code
 * MALFORMED_WAV) for input that is not a decodable WAV, InvalidVadOptionsError (code
 * INVALID_VAD_OPTIONS) for options out of range.
 */
export async function detectSpeech(
  source: AsyncIterable<Uint8Array>,
  options: VadOptions = {},
  onProgress?: ProgressListener,
): Promise<DetectionResult> {
  // The decoder mixes down and decimates as it decodes: one pass over the bytes instead of
  // decoding to floats and averaging those. Each block is consumed before the next push, so
  // one buffer serves the whole file.
  const decoder = new WavMeanDecoder((format) => planAnalysis(format.sampleRate).decimation, {
    reuseBuffer: true,
  });
  let detector: VadDetector | undefined;
  for await (const chunk of source) {
    const block = decoder.push(chunk);
    const format = decoder.format;
    if (!detector && format) {
      const { sampleRate, channels, totalFrames } = format;
      detector = new VadDetector(sampleRate, options, { channels, totalFrames, onProgress });
    }
    if (block) (detector as VadDetector).pushMeans(block.means, block.frameCount);
  }
  decoder.end();
  if (!detector) throw new Error('unreachable: WavDecoder.end() accepted a file without header');
  return detector.finish(decoder.framesSeen);
}

/** Synchronous core on samples already in memory (interleaved when `channels` > 1). */
export function detectSpeechInSamples(
  samples: Float32Array,
  sampleRate: number,
  options: VadOptions = {},
  channels = 1,
): DetectionResult {
  const detector = new VadDetector(sampleRate, options, { channels });
  detector.push(samples);
  return detector.finish();
}
