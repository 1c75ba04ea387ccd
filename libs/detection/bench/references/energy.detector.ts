import { FrameRuns, monoBlocks } from './decoded-mono';

/** Frame energy this far above the tracked floor is speech. */
const THRESHOLD_DB = 9;
/** The floor falls at once to a quieter frame and creeps up this fast otherwise. */
const FLOOR_RISE_DB_PER_SECOND = 1;
const FRAME_SECONDS = 0.01;
/** Gaps under 300 ms bridged, as every detector in the table does. */
const BRIDGE_FRAMES = 30;

/**
 * Reference: the plain energy detector most systems start with. 10 ms frames; energy in dB
 * against an adaptive floor that drops to any quieter frame and rises slowly; speech when
 * 9 dB above it.
 */
export function energyDetect(bytes: Uint8Array): { start: number; end: number }[] {
  const runs = new FrameRuns(FRAME_SECONDS, BRIDGE_FRAMES);
  let floor = Number.POSITIVE_INFINITY;
  let sum = 0;
  let filled = 0;
  for (const { samples, rate } of monoBlocks(bytes)) {
    const size = Math.round(rate * FRAME_SECONDS);
    const rise = FLOOR_RISE_DB_PER_SECOND * FRAME_SECONDS;
    for (let i = 0; i < samples.length; i++) {
      const v = samples[i] as number;
      sum += v * v;
      if (++filled < size) continue;
      const db = 10 * Math.log10(sum / size + 1e-10);
      floor = db < floor ? db : floor + rise;
      runs.push(db > floor + THRESHOLD_DB);
      sum = 0;
      filled = 0;
    }
  }
  return runs.segments;
}
