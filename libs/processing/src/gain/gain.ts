/** Linear amplitude factor of a gain in dB. */
export function dbToLinear(db: number): number {
  return 10 ** (db / 20);
}

/** What the gain decision is based on: the loudness and peak of the signal to be scaled. */
export interface GainMeasurement {
  /** Integrated loudness in LUFS, or null for silence. */
  readonly lufs: number | null;
  /** Peak in dBFS (true peak when known); -Infinity for digital silence. */
  readonly peakDb: number;
}

/** Where the gain should take the signal. */
export interface GainTarget {
  readonly targetLufs: number;
  /** Peak ceiling in dBFS that the scaled signal's peak must not exceed. */
  readonly truePeakDb: number;
}

/** The chosen gain and whether the peak ceiling, not the loudness target, decided it. */
export interface GainDecision {
  readonly gainDb: number;
  readonly limitedByPeak: boolean;
}

/**
 * gain = min(target - loudness, ceiling - peak). Silence gets 0 dB: there is no loudness to
 * correct, and amplifying a noise floor that sits under the -70 LUFS gate would be wrong.
 */
export function chooseGain(measured: GainMeasurement, target: GainTarget): GainDecision {
  if (measured.lufs === null) return { gainDb: 0, limitedByPeak: false };
  const loudnessGain = target.targetLufs - measured.lufs;
  const peakGain = target.truePeakDb - measured.peakDb;
  return peakGain < loudnessGain
    ? { gainDb: peakGain, limitedByPeak: true }
    : { gainDb: loudnessGain, limitedByPeak: false };
}

/** Returns a scaled copy of `block`. */
export function applyGain(block: Float32Array, gainDb: number): Float32Array {
  const out = new Float32Array(block.length);
  const factor = dbToLinear(gainDb);
  for (let i = 0; i < block.length; i++) out[i] = (block[i] as number) * factor;
  return out;
}

/** Scales `block` where it lies (for callers that own the buffer and want no copy). */
export function applyGainInPlace(block: Float32Array, gainDb: number): Float32Array {
  const factor = dbToLinear(gainDb);
  for (let i = 0; i < block.length; i++) block[i] = (block[i] as number) * factor;
  return block;
}
