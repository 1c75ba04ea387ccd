import type { PlannedClip } from './clip-plan';

/** One clip as manifest.json describes it; times in seconds from the start of the source. */
export interface ClipManifestEntry {
  readonly file: string;
  /** The speech the clip holds (merged segments: the first start and the last end). */
  readonly start: number;
  readonly end: number;
  /** What was cut, padding included (cut at the audio's start and end). */
  readonly paddedStart: number;
  readonly paddedEnd: number;
  /** Length of the WAV file in seconds, at the output rate. */
  readonly duration: number;
  readonly frames: number;
  /** Indexes of the input segments the clip holds (several where padding made them overlap). */
  readonly segments: readonly number[];
}

/** manifest.json of a clips ZIP: the source, the settings and every clip. */
export interface ClipManifest {
  readonly uploadId: string;
  readonly sampleRate: number;
  readonly channels: 1;
  readonly paddingMs: number;
  readonly sourceSampleRate: number;
  readonly sourceDuration: number;
  readonly totalDuration: number;
  readonly clips: readonly ClipManifestEntry[];
}

/** Rounds seconds to the microsecond: no float noise like 0.30000000000000004 in the manifest. */
const seconds = (frames: number, rate: number): number => Math.round((frames / rate) * 1e6) / 1e6;

/** The WAV file name of a clip: numbered in audio order, padded so that names sort. */
export function clipFileName(index: number, count: number): string {
  const width = Math.max(4, String(count).length);
  return `clip-${String(index + 1).padStart(width, '0')}.wav`;
}

/** What the manifest needs besides the clips. */
export interface ManifestSource {
  readonly uploadId: string;
  readonly sourceRate: number;
  readonly sourceFrames: number;
  readonly outputRate: number;
  readonly paddingMs: number;
  /** Output frames of a clip (the cutter's count). */
  readonly outputFrames: (clip: PlannedClip) => number;
}

/** Describes the clips of a plan, for manifest.json and the job's result. */
export function clipManifest(clips: readonly PlannedClip[], source: ManifestSource): ClipManifest {
  const rate = source.sourceRate;
  const entries = clips.map((clip) => {
    const frames = source.outputFrames(clip);
    return {
      file: clipFileName(clip.index, clips.length),
      start: seconds(clip.speechStartFrame, rate),
      end: seconds(clip.speechEndFrame, rate),
      paddedStart: seconds(clip.startFrame, rate),
      paddedEnd: seconds(clip.endFrame, rate),
      duration: seconds(frames, source.outputRate),
      frames,
      segments: clip.segments,
    };
  });
  const totalFrames = entries.reduce((sum, clip) => sum + clip.frames, 0);
  return {
    uploadId: source.uploadId,
    sampleRate: source.outputRate,
    channels: 1,
    paddingMs: source.paddingMs,
    sourceSampleRate: rate,
    sourceDuration: seconds(source.sourceFrames, rate),
    totalDuration: seconds(totalFrames, source.outputRate),
    clips: entries,
  };
}
