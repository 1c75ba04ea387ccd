/** A labelled interval, in seconds. */
export interface Segment {
  readonly start: number;
  readonly end: number;
}

/** Labelling frame, the scorer's grid. */
export const LABEL_FRAME_SECONDS = 0.01;
/** A frame is speech when within this many dB of the utterance's loudest frame. */
const RELATIVE_THRESHOLD_DB = 40;
/** Pauses shorter than this inside an utterance (stop closures) stay speech, as an annotator would. */
const BRIDGE_SECONDS = 0.2;

/**
 * Speech segments of one clean utterance (espeak output: digital silence around it), relative to
 * its start: 10 ms frames within 40 dB of the loudest frame, pauses under 200 ms bridged.
 */
export function utteranceSegments(clean: Float32Array, rate: number): Segment[] {
  const size = Math.round(rate * LABEL_FRAME_SECONDS);
  const frames = Math.floor(clean.length / size);
  const energy = new Float64Array(frames);
  let peak = 0;
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let i = f * size; i < (f + 1) * size; i++) sum += (clean[i] as number) ** 2;
    energy[f] = sum / size;
    peak = Math.max(peak, sum / size);
  }
  const threshold = peak * 10 ** (-RELATIVE_THRESHOLD_DB / 10);
  const bridge = Math.round(BRIDGE_SECONDS / LABEL_FRAME_SECONDS);
  const segments: Segment[] = [];
  let first = -1;
  let last = -1;
  for (let f = 0; f < frames; f++) {
    if ((energy[f] as number) <= threshold || peak === 0) continue;
    if (first >= 0 && f - last - 1 >= bridge) {
      segments.push({ start: first * LABEL_FRAME_SECONDS, end: (last + 1) * LABEL_FRAME_SECONDS });
      first = f;
    }
    if (first < 0) first = f;
    last = f;
  }
  if (first >= 0) {
    segments.push({ start: first * LABEL_FRAME_SECONDS, end: (last + 1) * LABEL_FRAME_SECONDS });
  }
  return segments;
}
