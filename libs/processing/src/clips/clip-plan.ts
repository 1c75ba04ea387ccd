import { SegmentOutOfRangeError } from '../errors/segment-out-of-range.error';

/** A span of speech in seconds from the start of the audio, as a detection result gives it. */
export interface SpeechSpan {
  readonly start: number;
  readonly end: number;
}

/** One clip to cut: source frames `[startFrame, endFrame)`, padding included. */
export interface PlannedClip {
  /** 0-based, in the order of the audio. */
  readonly index: number;
  /** Indexes (into the input list) of the segments this clip holds: several once merged. */
  readonly segments: readonly number[];
  /** First and past-the-last source frame of the speech itself (no padding). */
  readonly speechStartFrame: number;
  readonly speechEndFrame: number;
  /** First and past-the-last source frame cut, padding included. */
  readonly startFrame: number;
  readonly endFrame: number;
}

/** What the plan needs to know of the source audio. */
export interface ClipSource {
  readonly sampleRate: number;
  /** Frames in the source: segments are cut at its end. */
  readonly frames: number;
}

/** A clip while segments are still being merged into it. */
type Draft = { -readonly [K in keyof PlannedClip]: PlannedClip[K] } & { segments: number[] };

/**
 * Turns segments (any order) into the clips to cut, in audio order. A segment is padded by
 * `paddingMs` either side and cut at the audio's start and end; one that starts at or after
 * the end is refused (SegmentOutOfRangeError). Clips that overlap or touch once padded are
 * merged into one, so the clips never repeat a moment of audio.
 */
export function planClips(
  segments: readonly SpeechSpan[],
  paddingMs: number,
  source: ClipSource,
): PlannedClip[] {
  const { sampleRate: rate, frames } = source;
  const pad = (paddingMs / 1000) * rate;
  const spans = segments.map((segment, i) => {
    const speechStart = Math.round(segment.start * rate);
    if (speechStart >= frames) {
      throw new SegmentOutOfRangeError(
        `segment ${i} starts at ${segment.start} s, at or past the end of the audio (${frames / rate} s)`,
      );
    }
    // At least one frame, so that a segment shorter than a frame still gives a clip.
    const speechEnd = Math.min(frames, Math.max(Math.round(segment.end * rate), speechStart + 1));
    const start = Math.max(0, Math.round(speechStart - pad));
    const end = Math.min(frames, Math.round(speechEnd + pad));
    return { i, speechStart, speechEnd, start, end };
  });
  spans.sort((a, b) => a.start - b.start || a.i - b.i);
  const clips: Draft[] = [];
  for (const span of spans) {
    const last = clips[clips.length - 1];
    if (last && span.start <= last.endFrame) {
      last.endFrame = Math.max(last.endFrame, span.end);
      last.speechStartFrame = Math.min(last.speechStartFrame, span.speechStart);
      last.speechEndFrame = Math.max(last.speechEndFrame, span.speechEnd);
      last.segments.push(span.i);
    } else {
      clips.push({
        index: clips.length,
        segments: [span.i],
        speechStartFrame: span.speechStart,
        speechEndFrame: span.speechEnd,
        startFrame: span.start,
        endFrame: span.end,
      });
    }
  }
  return clips;
}
