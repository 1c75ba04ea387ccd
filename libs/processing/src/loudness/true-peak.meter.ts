import { PolyphaseResampler } from '../resampling/polyphase-resampler';
import type { LowpassSpec } from '../resampling/polyphase-bank';

/** Oversampling factor of the true-peak estimate, as in BS.1770-4 Annex 2. */
export const TRUE_PEAK_OVERSAMPLING = 4;

// The interpolator only has to place inter-sample peaks, not reject aliases: a short filter
// (passband 0.9, images from 1.1 x Nyquist down by 60 dB) is plenty and costs 37 taps.
const INTERPOLATOR: LowpassSpec = Object.freeze({
  passband: 0.9,
  stopband: 1.1,
  attenuationDb: 60,
});

/** Streaming true-peak estimate of one channel: the peak of the 4x oversampled signal. */
export class TruePeakMeter {
  private readonly interpolator: PolyphaseResampler;
  private peak = 0;

  constructor(readonly sampleRate: number) {
    this.interpolator = new PolyphaseResampler(
      sampleRate,
      sampleRate * TRUE_PEAK_OVERSAMPLING,
      INTERPOLATOR,
    );
  }

  /** Feeds contiguous samples of the channel. */
  push(samples: Float32Array): void {
    this.track(samples);
    this.track(this.interpolator.push(samples));
  }

  /** Flushes the interpolator's lookahead; returns the linear true peak (>= the sample peak). */
  finish(): number {
    this.track(this.interpolator.finish());
    return this.peak;
  }

  private track(samples: Float32Array): void {
    let peak = this.peak;
    for (let i = 0; i < samples.length; i++) {
      const magnitude = Math.abs(samples[i] as number);
      if (magnitude > peak) peak = magnitude;
    }
    this.peak = peak;
  }
}
