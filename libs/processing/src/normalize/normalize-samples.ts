import type { AudioBlock } from '../audio-block';
import type { LoudnessReport } from '../loudness/loudness.meter';
import { GainStage } from './gain-stage';
import { createNormalizer } from './normalizer';
import type { NormalizeAnalysis } from './normalizer';
import type { NormalizeOptions } from './normalize-options';

/** Result of normalising audio held in memory. */
export interface NormalizedSamples {
  /** Mono output at `analysis.sampleRate`, gain applied. */
  readonly samples: Float32Array;
  readonly analysis: NormalizeAnalysis;
  /** Measured loudness and peaks of `samples`. */
  readonly output: LoudnessReport;
}

/** Both passes over audio that fits in memory (short files, tests); streams use the parts. */
export function normalizeSamples(
  input: AudioBlock,
  inputRate: number,
  channels: number,
  options: Partial<NormalizeOptions> = {},
): NormalizedSamples {
  const normalizer = createNormalizer(inputRate, channels, options);
  const head = normalizer.push(input);
  const { tail, ...analysis } = normalizer.finish();
  const mono = new Float32Array(head.length + tail.length);
  mono.set(head);
  mono.set(tail, head.length);
  const stage = new GainStage(analysis.gainDb, analysis.sampleRate);
  const samples = stage.push(mono);
  return { samples, analysis, output: stage.finish() };
}
