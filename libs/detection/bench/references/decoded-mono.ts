import { mixToMono, WavDecoder } from '@jobmill/audio';

/** Mono blocks of a WAV held in memory, decoded in 64 KiB slices as a file stream would be. */
export function* monoBlocks(bytes: Uint8Array): Generator<{ samples: Float32Array; rate: number }> {
  const decoder = new WavDecoder();
  for (let at = 0; at < bytes.length; at += 65536) {
    const block = decoder.push(bytes.subarray(at, at + 65536));
    if (block) {
      const { channels, sampleRate } = block.format;
      yield { samples: mixToMono(block.samples, channels), rate: sampleRate };
    }
  }
  decoder.end();
}

/** Header facts of a WAV in memory (throws MalformedWavError like the decoder). */
export function wavRate(bytes: Uint8Array): number {
  const decoder = new WavDecoder();
  decoder.push(bytes.subarray(0, Math.min(bytes.length, 65536)));
  const format = decoder.format;
  if (!format) decoder.end();
  return format?.sampleRate ?? 0;
}

/** Collects per-frame flags into segments, bridging gaps shorter than `bridgeFrames`. */
export class FrameRuns {
  readonly segments: { start: number; end: number }[] = [];
  private index = 0;

  constructor(
    private readonly frameSeconds: number,
    private readonly bridgeFrames: number,
  ) {}

  /** Takes the next frame's decision. */
  push(speech: boolean): void {
    const f = this.index++;
    if (!speech) return;
    const start = f * this.frameSeconds;
    const last = this.segments[this.segments.length - 1];
    if (last && start - last.end < this.bridgeFrames * this.frameSeconds - 1e-9) {
      last.end = start + this.frameSeconds;
    } else {
      this.segments.push({ start, end: start + this.frameSeconds });
    }
  }
}
