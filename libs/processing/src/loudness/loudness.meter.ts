import { assertAudioFormat, channelView, frameCount } from '../audio-block';
import type { AudioBlock } from '../audio-block';
import { InvalidAudioFormatError } from '../errors/invalid-audio-format.error';
import { StreamFinishedError } from '../errors/stream-finished.error';
import { GatingHistogram, powerToLufs, ABSOLUTE_GATE_LUFS } from './gating.histogram';
import { KWeightingFilter } from './k-weighting.filter';
import { TruePeakMeter } from './true-peak.meter';

/** Options of a loudness meter. */
export interface LoudnessMeterOptions {
  /** Estimate the true peak by 4x oversampling (costs ~160 multiply-adds per sample). */
  readonly truePeak?: boolean;
  /** BS.1770 channel weights G_i; default 1 for every channel (no layout is known). */
  readonly channelWeights?: readonly number[];
}

/** What a finished loudness measurement found. */
export interface LoudnessReport {
  /** Gated integrated loudness (LUFS), or null for silence (nothing above -70 LUFS). */
  readonly integratedLufs: number | null;
  /** Highest absolute sample value, in dBFS (-Infinity for digital silence). */
  readonly samplePeakDb: number;
  /** 4x-oversampled peak in dBTP, or null when the meter was built without it. */
  readonly truePeakDb: number | null;
  readonly frames: number;
}

const STEPS_PER_BLOCK = 4; // 400 ms blocks advanced by 100 ms steps: 75 % overlap
const STEPS_PER_SECOND = 10;

/** Decibels of a linear amplitude (-Infinity for 0). */
export const amplitudeToDb = (amplitude: number): number => 20 * Math.log10(amplitude);

/**
 * Streaming ITU-R BS.1770-4 loudness meter: K-weighting at the actual sample rate, 400 ms
 * gating blocks with 75 % overlap, absolute (-70 LUFS) and relative (-10 LU) gates, and the
 * sample and (optionally) true peak. Memory is constant in the duration. Inputs shorter than
 * one block are measured as one block of their own length, so short clips still get a value.
 */
export class LoudnessMeter {
  private readonly filters: KWeightingFilter[];
  private readonly weights: readonly number[];
  private readonly peaks: TruePeakMeter[] | null;
  private readonly histogram = new GatingHistogram();
  private readonly stepEnergy: Float64Array;
  private readonly recentEnergy = new Float64Array(STEPS_PER_BLOCK);
  private readonly recentFrames = new Float64Array(STEPS_PER_BLOCK);
  private scratch = new Float32Array(0);
  private frames = 0;
  private step = 0;
  private stepEnd: number;
  private samplePeak = 0;
  private report: LoudnessReport | null = null;

  constructor(
    readonly sampleRate: number,
    readonly channels: number,
    options: LoudnessMeterOptions = {},
  ) {
    assertAudioFormat(sampleRate, channels);
    this.weights = options.channelWeights ?? new Array<number>(channels).fill(1);
    if (this.weights.length !== channels) {
      throw new InvalidAudioFormatError(
        `${this.weights.length} channel weights for ${channels} channels`,
      );
    }
    this.filters = Array.from({ length: channels }, () => new KWeightingFilter(sampleRate));
    this.peaks = options.truePeak
      ? Array.from({ length: channels }, () => new TruePeakMeter(sampleRate))
      : null;
    this.stepEnergy = new Float64Array(channels);
    this.stepEnd = this.stepBoundary(1);
  }

  /** Feeds a block (planar or interleaved). */
  push(block: AudioBlock): void {
    if (this.report) throw new StreamFinishedError('loudness meter already finished');
    const frames = frameCount(block, this.channels);
    for (let c = 0; c < this.channels; c++) this.trackPeaks(block, c, frames);
    let done = 0;
    while (done < frames) {
      const span = Math.min(frames - done, this.stepEnd - this.frames);
      for (const [c, filter] of this.filters.entries()) {
        const { data, offset, stride } = channelView(block, this.channels, c);
        const energy = filter.sumSquares(data, offset + done * stride, stride, span);
        this.stepEnergy[c] = (this.stepEnergy[c] as number) + energy;
      }
      done += span;
      this.frames += span;
      if (this.frames === this.stepEnd) this.closeStep();
    }
  }

  /** Integrated loudness so far (LUFS), or null for silence. */
  integratedLufs(): number | null {
    if (this.histogram.blocks > 0) return this.histogram.integratedLufs();
    if (this.frames === 0) return null;
    let energy = this.weightedStepEnergy();
    for (let s = 0; s < this.step; s++) energy += this.recentEnergy[s] as number;
    const lufs = powerToLufs(energy / this.frames);
    return lufs > ABSOLUTE_GATE_LUFS ? lufs : null;
  }

  /** Ends the measurement (flushing the true-peak interpolators) and reports it; idempotent. */
  finish(): LoudnessReport {
    if (this.report) return this.report;
    const truePeak = this.peaks
      ? Math.max(this.samplePeak, ...this.peaks.map((meter) => meter.finish()))
      : null;
    this.report = {
      integratedLufs: this.integratedLufs(),
      samplePeakDb: amplitudeToDb(this.samplePeak),
      truePeakDb: truePeak === null ? null : amplitudeToDb(truePeak),
      frames: this.frames,
    };
    return this.report;
  }

  private trackPeaks(block: AudioBlock, c: number, frames: number): void {
    const { data, offset, stride } = channelView(block, this.channels, c);
    let peak = this.samplePeak;
    for (let k = 0, i = offset; k < frames; k++, i += stride) {
      const magnitude = Math.abs(data[i] as number);
      if (magnitude > peak) peak = magnitude;
    }
    this.samplePeak = peak;
    const meter = this.peaks?.[c];
    if (!meter) return;
    if (stride === 1 && offset === 0 && data.length === frames) {
      meter.push(data);
      return;
    }
    if (this.scratch.length !== frames) this.scratch = new Float32Array(frames);
    for (let k = 0, i = offset; k < frames; k++, i += stride) this.scratch[k] = data[i] as number;
    meter.push(this.scratch);
  }

  /** Step boundaries at floor(k * rate / 10), so 100 ms steps stay exact at rates like 11025. */
  private stepBoundary(k: number): number {
    return Math.floor((k * this.sampleRate) / STEPS_PER_SECOND);
  }

  private weightedStepEnergy(): number {
    let energy = 0;
    for (let c = 0; c < this.channels; c++)
      energy += (this.weights[c] as number) * (this.stepEnergy[c] as number);
    return energy;
  }

  private closeStep(): void {
    const slot = this.step % STEPS_PER_BLOCK;
    this.recentEnergy[slot] = this.weightedStepEnergy();
    this.recentFrames[slot] = this.stepEnd - this.stepBoundary(this.step);
    this.stepEnergy.fill(0);
    this.step++;
    this.stepEnd = this.stepBoundary(this.step + 1);
    if (this.step < STEPS_PER_BLOCK) return;
    let energy = 0;
    let frames = 0;
    for (let s = 0; s < STEPS_PER_BLOCK; s++) {
      energy += this.recentEnergy[s] as number;
      frames += this.recentFrames[s] as number;
    }
    this.histogram.add(energy / frames);
  }
}
