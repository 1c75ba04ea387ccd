import { InvalidAudioFormatError } from '../errors/invalid-audio-format.error';
import { StreamFinishedError } from '../errors/stream-finished.error';
import { gcd } from '../resampling/polyphase-bank';
import { PolyphaseResampler } from '../resampling/polyphase-resampler';
import type { PlannedClip } from './clip-plan';

/** Samples of one clip at the output rate; `last` marks the clip's final piece. */
export interface ClipPiece {
  readonly clip: PlannedClip;
  readonly samples: Float32Array;
  readonly last: boolean;
}

/**
 * Cuts planned clips out of a mono stream, resampling each on its own (so no CPU goes into
 * the audio between clips). Feed the source in blocks of any size; each `push` returns the
 * pieces it completed, in clip order. Memory holds a block and one resampler's history.
 */
export class ClipCutter {
  private position = 0;
  private next = 0;
  private resampler: PolyphaseResampler | undefined;
  private finished = false;
  private readonly up: number;
  private readonly down: number;

  constructor(
    private readonly clips: readonly PlannedClip[],
    readonly sourceRate: number,
    readonly outputRate: number,
  ) {
    const divisor = gcd(sourceRate, outputRate);
    this.up = outputRate / divisor;
    this.down = sourceRate / divisor;
  }

  /** Output frames of a clip once cut, known before it is: what its WAV header declares. */
  outputFrames(clip: PlannedClip): number {
    // The resampler's own arithmetic (reduced ratio), so the count is exact, not a float guess.
    return Math.ceil(((clip.endFrame - clip.startFrame) * this.up) / this.down);
  }

  /** Feeds the next mono block of the source; returns the clip pieces it completes. */
  push(block: Float32Array): ClipPiece[] {
    if (this.finished) throw new StreamFinishedError('clip cutter already finished');
    const pieces: ClipPiece[] = [];
    const blockStart = this.position;
    const blockEnd = blockStart + block.length;
    let at = blockStart;
    for (let clip = this.clips[this.next]; clip && at < blockEnd; clip = this.clips[this.next]) {
      if (at < clip.startFrame) at = Math.min(blockEnd, clip.startFrame);
      if (at >= blockEnd) break;
      const until = Math.min(blockEnd, clip.endFrame);
      const resampler = (this.resampler ??= new PolyphaseResampler(
        this.sourceRate,
        this.outputRate,
      ));
      const samples = resampler.push(block.subarray(at - blockStart, until - blockStart));
      at = until;
      const last = until === clip.endFrame;
      if (!last) {
        if (samples.length > 0) pieces.push({ clip, samples, last });
        break;
      }
      pieces.push({ clip, samples: joined(samples, resampler.finish()), last });
      this.resampler = undefined;
      this.next++;
    }
    this.position = blockEnd;
    return pieces;
  }

  /** Ends the stream; throws if it ended before the last clip did (the source was shorter). */
  finish(): void {
    if (this.finished) throw new StreamFinishedError('clip cutter already finished');
    this.finished = true;
    const pending = this.clips[this.next];
    if (pending) {
      throw new InvalidAudioFormatError(
        `the audio ended at frame ${this.position}, before clip ${pending.index} (frames ${pending.startFrame}..${pending.endFrame})`,
      );
    }
  }
}

function joined(head: Float32Array, tail: Float32Array): Float32Array {
  if (tail.length === 0) return head;
  const out = new Float32Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}
