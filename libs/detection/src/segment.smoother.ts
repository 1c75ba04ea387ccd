import type { SpeechSegment } from './detection-result';

/** Durations of the segment rules, in seconds. */
export interface SmoothingRules {
  readonly minSpeech: number;
  readonly minSilence: number;
  readonly padding: number;
  /** Voiced frames a segment needs: noise that merely changes level has none. */
  readonly minVoiced: number;
}

interface Pending {
  start: number;
  end: number;
  voiced: number;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * Segment post-processing, streaming: gaps shorter than `minSilence` are bridged, then segments
 * shorter than `minSpeech` or with too few voiced frames dropped, then each is padded and
 * overlaps merged. Only the segment
 * list grows; everything else is one pending segment.
 */
export class SegmentSmoother {
  private readonly done: SpeechSegment[] = [];
  private pending: Pending | undefined;

  constructor(private readonly rules: SmoothingRules) {}

  /** Adds a raw speech run (seconds) with its voiced frame count; runs arrive in time order. */
  add(start: number, end: number, voiced: number): void {
    const pending = this.pending;
    if (pending && start - pending.end < this.rules.minSilence) {
      pending.end = Math.max(pending.end, end);
      pending.voiced += voiced;
      return;
    }
    this.flush();
    this.pending = { start, end, voiced };
  }

  /** Final segments: clipped to [0, duration], rounded to ms, empty ones dropped. */
  finish(duration: number): SpeechSegment[] {
    this.flush();
    const out: SpeechSegment[] = [];
    for (const s of this.done) {
      const start = round3(Math.max(0, s.start));
      const end = round3(Math.min(duration, s.end));
      const last = out[out.length - 1];
      if (last && start <= last.end) last.end = Math.max(last.end, end);
      else if (end > start) out.push({ start, end });
    }
    return out;
  }

  private flush(): void {
    const segment = this.pending;
    this.pending = undefined;
    if (!segment || segment.end - segment.start < this.rules.minSpeech) return;
    if (segment.voiced < this.rules.minVoiced) return;
    const start = segment.start - this.rules.padding;
    const end = segment.end + this.rules.padding;
    const last = this.done[this.done.length - 1];
    if (last && start <= last.end) last.end = end;
    else this.done.push({ start, end });
  }
}
