import { InvalidAudioFormatError } from '../errors/invalid-audio-format.error';
import { StreamFinishedError } from '../errors/stream-finished.error';
import { DEFAULT_LOWPASS, gcd, polyphaseBank } from './polyphase-bank';
import type { LowpassSpec, PolyphaseBank } from './polyphase-bank';

/**
 * Streaming rational resampler (ratio up/down, e.g. 44100 -> 16000 = 160/441) with a
 * Kaiser-windowed sinc low-pass. Output n sits at input time n*down/up exactly (no delay);
 * the filter looks `halfWidth` input samples ahead, which `finish()` flushes with zeros.
 * Every output is computed by the same arithmetic whatever the block sizes, so chunked and
 * whole input give bit-identical output.
 */
export class PolyphaseResampler {
  /** Output samples per `down` input samples (reduced fraction). */
  readonly up: number;
  /** Input samples per `up` output samples (reduced fraction). */
  readonly down: number;
  private readonly bank: PolyphaseBank | null;
  private readonly halfWidth: number;
  private buffer: Float32Array;
  /** Absolute input index of buffer[0]; negative at first (the zero history). */
  private bufferStart: number;
  private bufferLength: number;
  /** Base input index and phase (0..up-1) of the next output: its time is base + phase/up. */
  private base = 0;
  private phase = 0;
  private inputCount = 0;
  private outputCount = 0;
  private finished = false;

  constructor(
    readonly inputRate: number,
    readonly outputRate: number,
    spec: LowpassSpec = DEFAULT_LOWPASS,
  ) {
    if (!Number.isInteger(inputRate) || !Number.isInteger(outputRate)) {
      throw new InvalidAudioFormatError(`rates must be integers (${inputRate} -> ${outputRate})`);
    }
    if (inputRate <= 0 || outputRate <= 0) {
      throw new InvalidAudioFormatError(`rates must be positive (${inputRate} -> ${outputRate})`);
    }
    const divisor = gcd(inputRate, outputRate);
    this.up = outputRate / divisor;
    this.down = inputRate / divisor;
    this.bank = this.up === this.down ? null : polyphaseBank(inputRate, this.up, this.down, spec);
    this.halfWidth = this.bank?.halfWidth ?? 0;
    this.buffer = new Float32Array(4 * this.halfWidth + 1024);
    this.bufferStart = -this.halfWidth;
    this.bufferLength = this.halfWidth;
  }

  /** Input samples the filter reads past an output's instant (its lookahead). */
  get lookahead(): number {
    return this.halfWidth;
  }

  /** Outputs that `inputFrames` input samples make in total, once finished. */
  outputLength(inputFrames: number): number {
    return Math.ceil((inputFrames * this.up) / this.down);
  }

  /** Feeds a block; returns the outputs it completes (a new array, possibly empty). */
  push(input: Float32Array): Float32Array {
    if (this.finished) throw new StreamFinishedError('resampler already finished');
    if (!this.bank) {
      this.inputCount += input.length;
      this.outputCount += input.length;
      return input.slice();
    }
    this.append(input);
    this.inputCount += input.length;
    const ready = Math.max(0, this.inputCount - this.halfWidth);
    return this.produce(this.outputLength(ready) - this.outputCount);
  }

  /** Flushes the lookahead; returns the last outputs. Total output = ceil(input * up/down). */
  finish(): Float32Array {
    if (this.finished) throw new StreamFinishedError('resampler already finished');
    this.finished = true;
    if (!this.bank) return new Float32Array(0);
    this.append(new Float32Array(this.halfWidth + 1));
    return this.produce(this.outputLength(this.inputCount) - this.outputCount);
  }

  /** Appends input after dropping history that no future output reads. */
  private append(input: Float32Array): void {
    const keepFrom = Math.min(this.base - this.halfWidth - this.bufferStart, this.bufferLength);
    const keep = this.bufferLength - keepFrom;
    const needed = keep + input.length;
    if (needed > this.buffer.length) {
      const grown = new Float32Array(Math.max(needed, 2 * this.buffer.length));
      grown.set(this.buffer.subarray(keepFrom, this.bufferLength));
      this.buffer = grown;
    } else if (keepFrom > 0) {
      this.buffer.copyWithin(0, keepFrom, this.bufferLength);
    }
    this.bufferStart += keepFrom;
    this.buffer.set(input, keep);
    this.bufferLength = keep + input.length;
  }

  /** Computes the next `count` outputs from the buffered history. */
  private produce(count: number): Float32Array {
    const out = new Float32Array(Math.max(0, count));
    const bank = this.bank;
    if (out.length === 0 || !bank) return out;
    if (bank.exact) this.produceExact(bank, out);
    else this.produceInterpolated(bank, out);
    this.outputCount += out.length;
    return out;
  }

  private produceExact(bank: PolyphaseBank, out: Float32Array): void {
    const { coefficients, taps } = bank;
    const buffer = this.buffer;
    const { up, down } = this;
    const baseStep = Math.floor(down / up);
    const phaseStep = down % up;
    let base = this.base;
    let phase = this.phase;
    for (let n = 0; n < out.length; n++) {
      const start = base - this.halfWidth - this.bufferStart;
      out[n] = dot(coefficients, phase * taps, buffer, start, taps);
      base += baseStep;
      phase += phaseStep;
      if (phase >= up) {
        phase -= up;
        base += 1;
      }
    }
    this.base = base;
    this.phase = phase;
  }

  /** For ratios too fine to tabulate every phase: blend the two nearest tabulated phases. */
  private produceInterpolated(bank: PolyphaseBank, out: Float32Array): void {
    const { coefficients, taps, phases } = bank;
    const buffer = this.buffer;
    const { up, down } = this;
    const baseStep = Math.floor(down / up);
    const phaseStep = down % up;
    let base = this.base;
    let phase = this.phase;
    for (let n = 0; n < out.length; n++) {
      const start = base - this.halfWidth - this.bufferStart;
      const position = (phase * phases) / up;
      const lower = Math.floor(position);
      const fraction = position - lower;
      const row0 = lower * taps;
      const row1 = row0 + taps;
      const acc0 = dot(coefficients, row0, buffer, start, taps);
      const acc1 = dot(coefficients, row1, buffer, start, taps);
      out[n] = acc0 + fraction * (acc1 - acc0);
      base += baseStep;
      phase += phaseStep;
      if (phase >= up) {
        phase -= up;
        base += 1;
      }
    }
    this.base = base;
    this.phase = phase;
  }
}

/**
 * Sum of a[aFrom + i] * b[bFrom + i] over `length` terms, in four independent sums: the hot
 * loop of the resampler, and four chains keep the FPU busy where one waits on each add.
 */
function dot(
  a: Float32Array,
  aFrom: number,
  b: Float32Array,
  bFrom: number,
  length: number,
): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < length; i += 4) {
    s0 += (a[aFrom + i] as number) * (b[bFrom + i] as number);
    s1 += (a[aFrom + i + 1] as number) * (b[bFrom + i + 1] as number);
    s2 += (a[aFrom + i + 2] as number) * (b[bFrom + i + 2] as number);
    s3 += (a[aFrom + i + 3] as number) * (b[bFrom + i + 3] as number);
  }
  for (; i < length; i++) s0 += (a[aFrom + i] as number) * (b[bFrom + i] as number);
  return s0 + s1 + (s2 + s3);
}
