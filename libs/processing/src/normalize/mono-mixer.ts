import { channelView, frameCount } from '../audio-block';
import type { AudioBlock } from '../audio-block';
import { InvalidAudioFormatError } from '../errors/invalid-audio-format.error';

/**
 * Mixes blocks down to mono by averaging the channels (keeps the level of content common to
 * all channels and cannot clip), into a scratch buffer reused between calls. Rejects NaN and
 * infinite samples, which would otherwise poison every filter state downstream.
 */
export class MonoMixer {
  private scratch = new Float32Array(0);
  private framesSeen = 0;

  constructor(readonly channels: number) {}

  /** The mono mix of `block`; valid until the next call (it is the reused scratch buffer). */
  mix(block: AudioBlock): Float32Array {
    const frames = frameCount(block, this.channels);
    if (this.scratch.length < frames) this.scratch = new Float32Array(frames);
    const out = this.scratch.subarray(0, frames);
    if (this.channels === 1) {
      out.set(channelView(block, 1, 0).data.subarray(0, frames));
    } else {
      this.average(block, out);
    }
    this.assertFinite(out);
    this.framesSeen += frames;
    return out;
  }

  private average(block: AudioBlock, out: Float32Array): void {
    const scale = 1 / this.channels;
    out.fill(0);
    for (let c = 0; c < this.channels; c++) {
      const { data, offset, stride } = channelView(block, this.channels, c);
      for (let k = 0, i = offset; k < out.length; k++, i += stride)
        out[k] = (out[k] as number) + (data[i] as number);
    }
    for (let k = 0; k < out.length; k++) out[k] = (out[k] as number) * scale;
  }

  private assertFinite(out: Float32Array): void {
    let sum = 0;
    for (let k = 0; k < out.length; k++) sum += out[k] as number;
    if (Number.isFinite(sum)) return;
    const bad = out.findIndex((x) => !Number.isFinite(x));
    throw new InvalidAudioFormatError(`non-finite sample at frame ${this.framesSeen + bad}`);
  }
}
