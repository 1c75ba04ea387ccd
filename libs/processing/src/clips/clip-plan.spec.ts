import { thrownCode } from '../testing/test-signals';
import { InvalidClipsOptionsError } from '../errors/invalid-clips-options.error';
import { SegmentOutOfRangeError } from '../errors/segment-out-of-range.error';
import { clipFileName, clipManifest } from './clip-manifest';
import { planClips } from './clip-plan';
import { resolveClipsOptions } from './clips-options';

const source = { sampleRate: 16000, frames: 16000 * 10 }; // 10 s at 16 kHz
const frames = (clips: ReturnType<typeof planClips>) =>
  clips.map((c) => [c.startFrame, c.endFrame]);

describe('planning clips', () => {
  it('pads each segment and orders the clips by time, whatever the input order', () => {
    const clips = planClips(
      [
        { start: 5, end: 6 },
        { start: 1, end: 2.5 },
      ],
      100,
      source,
    );
    expect(frames(clips)).toEqual([
      [14400, 41600],
      [78400, 97600],
    ]);
    expect(clips.map((c) => [c.index, c.segments])).toEqual([
      [0, [1]],
      [1, [0]],
    ]);
    expect([clips[0]?.speechStartFrame, clips[0]?.speechEndFrame]).toEqual([16000, 40000]);
  });

  it("cuts the padding at the audio's start and end, and a segment past the end at the end", () => {
    const clips = planClips(
      [
        { start: 0.05, end: 1 },
        { start: 9.5, end: 12 },
      ],
      200,
      source,
    );
    expect(frames(clips)).toEqual([
      [0, 19200],
      [148800, 160000],
    ]);
    expect(clips[1]?.speechEndFrame).toBe(160000);
  });

  it('refuses a segment that starts at or after the end of the audio', () => {
    expect(() => planClips([{ start: 10, end: 11 }], 0, source)).toThrow(SegmentOutOfRangeError);
    expect(thrownCode(() => planClips([{ start: 10.5, end: 11 }], 0, source))).toBe(
      'SEGMENT_OUT_OF_RANGE',
    );
    expect(frames(planClips([{ start: 9.9999, end: 11 }], 0, source))).toEqual([[159998, 160000]]);
  });

  it('merges segments that overlap or touch once padded, and keeps apart those that do not', () => {
    const segments = [
      { start: 1, end: 2 },
      { start: 2.4, end: 3 }, // 400 ms gap: 2 x 200 ms of padding touch exactly
      { start: 2.5, end: 2.7 }, // inside the previous one
      { start: 3.41, end: 4 }, // 410 ms gap: stays apart
    ];
    const clips = planClips(segments, 200, source);
    expect(frames(clips)).toEqual([
      [12800, 51200],
      [51360, 67200],
    ]);
    expect(clips.map((c) => c.segments)).toEqual([[0, 1, 2], [3]]);
    expect([clips[0]?.speechStartFrame, clips[0]?.speechEndFrame]).toEqual([16000, 48000]);
    // Without padding nothing overlaps: four segments, three clips (the nested one merges).
    expect(planClips(segments, 0, source).map((c) => c.segments)).toEqual([[0], [1, 2], [3]]);
  });

  it('gives a segment shorter than a frame one frame, and no segments no clips', () => {
    expect(frames(planClips([{ start: 1, end: 1.00001 }], 0, source))).toEqual([[16000, 16001]]);
    expect(planClips([], 500, source)).toEqual([]);
  });

  it("defaults to no padding and the source's rate, and refuses options out of range", () => {
    expect(resolveClipsOptions({}, 44100)).toEqual({ paddingMs: 0, sampleRate: 44100 });
    expect(resolveClipsOptions({ paddingMs: 250, sampleRate: 16000 }, 44100)).toEqual({
      paddingMs: 250,
      sampleRate: 16000,
    });
    for (const bad of [{ paddingMs: -1 }, { paddingMs: 10_001 }, { sampleRate: 7999 }]) {
      expect(() => resolveClipsOptions(bad, 16000)).toThrow(InvalidClipsOptionsError);
    }
  });

  it('describes the clips in seconds for manifest.json, files numbered in audio order', () => {
    const clips = planClips(
      [
        { start: 0.3, end: 0.6 },
        { start: 2, end: 2.5 },
      ],
      100,
      source,
    );
    const manifest = clipManifest(clips, {
      uploadId: 'u',
      sourceRate: 16000,
      sourceFrames: source.frames,
      outputRate: 8000,
      paddingMs: 100,
      outputFrames: (c) => (c.endFrame - c.startFrame) / 2,
    });
    expect(manifest.clips[0]).toEqual({
      file: 'clip-0001.wav',
      start: 0.3,
      end: 0.6,
      paddedStart: 0.2,
      paddedEnd: 0.7,
      duration: 0.5,
      frames: 4000,
      segments: [0],
    });
    expect(manifest.clips[1]?.file).toBe('clip-0002.wav');
    expect([manifest.totalDuration, manifest.sourceDuration, manifest.sampleRate]).toEqual([
      1.2, 10, 8000,
    ]);
    expect(clipFileName(41, 10_000)).toBe('clip-00042.wav');
  });
});
