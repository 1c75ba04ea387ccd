import { assertAudioFormat } from '../audio-block';
import type { AudioBlock } from '../audio-block';
import { StreamFinishedError } from '../errors/stream-finished.error';
import { chooseGain } from '../gain/gain';
import { LoudnessMeter } from '../loudness/loudness.meter';
import { PolyphaseResampler } from '../resampling/polyphase-resampler';
import { MonoMixer } from './mono-mixer';
import { resolveNormalizeOptions } from './normalize-options';
import type { NormalizeOptions } from './normalize-options';

/** What pass 1 measured and decided; pass 2 applies `gainDb` to the kept mono output. */
export interface NormalizeAnalysis {
  /** The options in force (defaults filled in). */
  readonly options: NormalizeOptions;
  /** Loudness of the original input, all channels at weight 1 (LUFS; null for silence). */
  readonly inputLufs: number | null;
  /** Sample peak of the original input, dBFS. */
  readonly inputSamplePeakDb: number;
  /** Loudness of the resampled mono mix before gain (what the gain corrects). */
  readonly mixLufs: number | null;
  /** 4x-oversampled peak of the resampled mono mix before gain, dBTP. */
  readonly mixTruePeakDb: number;
  /** Gain for pass 2: min(target - mixLufs, ceiling - mixTruePeakDb); 0 for silence. */
  readonly gainDb: number;
  /** True when the peak ceiling, not the loudness target, set the gain. */
  readonly limitedByPeak: boolean;
  /** mixLufs + gainDb: the output's loudness (gating may move it by a few hundredths). */
  readonly expectedOutputLufs: number | null;
  readonly inputRate: number;
  readonly inputChannels: number;
  readonly inputFrames: number;
  /** Output rate (= options.sampleRate); the output is mono. */
  readonly sampleRate: number;
  readonly outputFrames: number;
  /** Output duration in seconds. */
  readonly duration: number;
}

/** Pass 1 of the normalize job: mix to mono and resample while measuring. */
export interface Normalizer {
  readonly outputRate: number;
  /** Feeds decoded input (planar per channel, or interleaved); returns resampled mono output. */
  push(block: AudioBlock): Float32Array;
  /** Ends pass 1: the last output samples and the analysis that fixes the gain. */
  finish(): NormalizeAnalysis & { readonly tail: Float32Array };
}

/** Starts pass 1 for an input of `inputRate` Hz and `channels` channels. */
export function createNormalizer(
  inputRate: number,
  channels: number,
  options: Partial<NormalizeOptions> = {},
): Normalizer {
  return new StreamingNormalizer(inputRate, channels, resolveNormalizeOptions(options));
}

class StreamingNormalizer implements Normalizer {
  readonly outputRate: number;
  private readonly mixer: MonoMixer;
  private readonly resampler: PolyphaseResampler;
  private readonly inputMeter: LoudnessMeter;
  private readonly mixMeter: LoudnessMeter;
  private outputFrames = 0;
  private finished = false;

  constructor(
    private readonly inputRate: number,
    private readonly channels: number,
    private readonly options: NormalizeOptions,
  ) {
    assertAudioFormat(inputRate, channels);
    this.outputRate = options.sampleRate;
    this.mixer = new MonoMixer(channels);
    this.resampler = new PolyphaseResampler(inputRate, this.outputRate);
    this.inputMeter = new LoudnessMeter(inputRate, channels);
    this.mixMeter = new LoudnessMeter(this.outputRate, 1, { truePeak: true });
  }

  push(block: AudioBlock): Float32Array {
    if (this.finished) throw new StreamFinishedError('normalizer already finished');
    const mono = this.mixer.mix(block);
    this.inputMeter.push(block);
    return this.emit(this.resampler.push(mono));
  }

  finish(): NormalizeAnalysis & { readonly tail: Float32Array } {
    if (this.finished) throw new StreamFinishedError('normalizer already finished');
    this.finished = true;
    const tail = this.emit(this.resampler.finish());
    const input = this.inputMeter.finish();
    const mix = this.mixMeter.finish();
    const mixTruePeakDb = mix.truePeakDb ?? mix.samplePeakDb;
    const { gainDb, limitedByPeak } = chooseGain(
      { lufs: mix.integratedLufs, peakDb: mixTruePeakDb },
      this.options,
    );
    return {
      tail,
      options: this.options,
      inputLufs: input.integratedLufs,
      inputSamplePeakDb: input.samplePeakDb,
      mixLufs: mix.integratedLufs,
      mixTruePeakDb,
      gainDb,
      limitedByPeak,
      expectedOutputLufs: mix.integratedLufs === null ? null : mix.integratedLufs + gainDb,
      inputRate: this.inputRate,
      inputChannels: this.channels,
      inputFrames: input.frames,
      sampleRate: this.outputRate,
      outputFrames: this.outputFrames,
      duration: this.outputFrames / this.outputRate,
    };
  }

  private emit(output: Float32Array): Float32Array {
    this.mixMeter.push(output);
    this.outputFrames += output.length;
    return output;
  }
}
