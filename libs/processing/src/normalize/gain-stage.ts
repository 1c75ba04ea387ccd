import { StreamFinishedError } from '../errors/stream-finished.error';
import { applyGain } from '../gain/gain';
import { LoudnessMeter } from '../loudness/loudness.meter';
import type { LoudnessReport } from '../loudness/loudness.meter';

/**
 * Pass 2 of the normalize job: scales the mono output kept from pass 1 and measures the
 * result, so the job reports the output's real loudness and peak rather than a prediction.
 */
export class GainStage {
  private readonly meter: LoudnessMeter;
  private finished = false;

  constructor(
    readonly gainDb: number,
    readonly sampleRate: number,
  ) {
    this.meter = new LoudnessMeter(sampleRate, 1, { truePeak: true });
  }

  /** Returns a scaled copy of a mono block (the input is left untouched). */
  push(block: Float32Array): Float32Array {
    if (this.finished) throw new StreamFinishedError('gain stage already finished');
    const out = applyGain(block, this.gainDb);
    this.meter.push(out);
    return out;
  }

  /** The output's loudness, sample peak and true peak. */
  finish(): LoudnessReport {
    if (this.finished) throw new StreamFinishedError('gain stage already finished');
    this.finished = true;
    return this.meter.finish();
  }
}
