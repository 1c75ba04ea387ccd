import type { AnalysisPlan } from './analysis-plan';

/** Receives each full analysis frame; the buffer is reused, so copy what must be kept. */
export type FrameSink = (frame: Float64Array) => void;

/**
 * Cuts a stream of interleaved samples into overlapping mono analysis frames. Each analysis
 * sample is the mean of `decimation` consecutive frames of every channel, i.e. of one contiguous
 * run of `decimation * channels` interleaved samples: mixing down and decimating in one cheap
 * step. State carries across pushes of any size, and memory is one frame.
 */
export class AnalysisFramer {
  private readonly frame: Float64Array;
  private readonly keep: number;
  private readonly decimation: number;
  private readonly inverse: number;
  private filled = 0;
  private sum = 0;
  private summed = 0;

  constructor(
    plan: AnalysisPlan,
    channels: number,
    private readonly sink: FrameSink,
  ) {
    this.frame = new Float64Array(plan.fftSize);
    this.keep = plan.fftSize - plan.hop;
    this.decimation = plan.decimation * channels;
    this.inverse = 1 / this.decimation;
  }

  /** Appends interleaved samples, emitting every frame they complete. */
  push(samples: Float32Array): void {
    if (this.decimation === 1) this.pushDirect(samples);
    else this.pushDecimated(samples);
  }

  /**
   * Appends analysis samples that are already mono and decimated (means of `decimation` frames
   * over every channel, as WavMeanDecoder yields them), emitting every frame they complete.
   */
  pushMeans(means: Float64Array): void {
    const frame = this.frame;
    const size = frame.length;
    let i = 0;
    while (i < means.length) {
      const n = Math.min(size - this.filled, means.length - i);
      frame.set(means.subarray(i, i + n), this.filled);
      this.filled += n;
      i += n;
      if (this.filled === size) this.emit();
    }
  }

  private pushDirect(samples: Float32Array): void {
    const frame = this.frame;
    const size = frame.length;
    let i = 0;
    while (i < samples.length) {
      const n = Math.min(size - this.filled, samples.length - i);
      for (let j = 0; j < n; j++) frame[this.filled + j] = samples[i + j] as number;
      this.filled += n;
      i += n;
      if (this.filled === size) this.emit();
    }
  }

  private pushDecimated(samples: Float32Array): void {
    const { frame, decimation, inverse } = this;
    const size = frame.length;
    const length = samples.length;
    let i = 0;
    // Finish an average that the previous push left open.
    while (this.summed > 0 && i < length) {
      this.sum += samples[i++] as number;
      if (++this.summed === decimation) this.store(this.sum * inverse);
    }
    while (i < length) {
      const outputs = Math.min(size - this.filled, Math.floor((length - i) / decimation));
      if (outputs === 0) break;
      let at = this.filled;
      const stop = at + outputs;
      if (decimation === 2) {
        // 16 kHz mono, the common case: a pair average without the inner loop.
        for (; at < stop; at++, i += 2) {
          frame[at] = ((samples[i] as number) + (samples[i + 1] as number)) * 0.5;
        }
      } else {
        for (; at < stop; at++) {
          let sum = 0;
          for (let d = 0; d < decimation; d++) sum += samples[i++] as number;
          frame[at] = sum * inverse;
        }
      }
      this.filled = at;
      if (at === size) this.emit();
    }
    for (; i < length; i++, this.summed++) this.sum += samples[i] as number;
  }

  private store(value: number): void {
    this.sum = 0;
    this.summed = 0;
    this.frame[this.filled++] = value;
    if (this.filled === this.frame.length) this.emit();
  }

  private emit(): void {
    this.sink(this.frame);
    this.frame.copyWithin(0, this.frame.length - this.keep);
    this.filled = this.keep;
  }
}
