/**
 * Averages interleaved channels into one. Mono input is returned as is (no copy); otherwise the
 * result goes into `out` when given (it must hold `samples.length / channels` values).
 */
export function mixToMono(
  samples: Float32Array,
  channels: number,
  out?: Float32Array,
): Float32Array {
  if (channels === 1) return samples;
  const frames = Math.floor(samples.length / channels);
  const mono = out ?? new Float32Array(frames);
  const scale = 1 / channels;
  if (channels === 2) {
    for (let i = 0, j = 0; i < frames; i++, j += 2) {
      mono[i] = ((samples[j] as number) + (samples[j + 1] as number)) * 0.5;
    }
    return mono;
  }
  for (let i = 0, j = 0; i < frames; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++, j++) sum += samples[j] as number;
    mono[i] = sum * scale;
  }
  return mono;
}

/** Splits interleaved samples into one array per channel. */
export function deinterleave(samples: Float32Array, channels: number): Float32Array[] {
  const frames = Math.floor(samples.length / channels);
  const planes: Float32Array[] = [];
  for (let c = 0; c < channels; c++) {
    const plane = new Float32Array(frames);
    for (let i = 0, j = c; i < frames; i++, j += channels) plane[i] = samples[j] as number;
    planes.push(plane);
  }
  return planes;
}

/** Interleaves per-channel arrays of equal length into one array. */
export function interleave(planes: readonly Float32Array[]): Float32Array {
  const channels = planes.length;
  const frames = planes[0]?.length ?? 0;
  const out = new Float32Array(frames * channels);
  planes.forEach((plane, c) => {
    for (let i = 0, j = c; i < frames; i++, j += channels) out[j] = plane[i] as number;
  });
  return out;
}
