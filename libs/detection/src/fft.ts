/**
 * Radix-2^2 FFT of a real frame, computed as a complex FFT of half the size plus a split step.
 * Two radix-2 stages run per pass (half the memory traffic of plain radix-2), the window and
 * the bit-reversal permutation are folded into the first pass, and tables are built once per
 * size, so a transform allocates nothing.
 */
export class RealFft {
  /** Real input length N: a power of two, at least 8. */
  readonly size: number;
  private readonly half: number;
  private readonly reversed: Uint32Array;
  private readonly window: Float64Array;
  private readonly twRe: Float64Array;
  private readonly twIm: Float64Array;
  private readonly splitRe: Float64Array;
  private readonly splitIm: Float64Array;
  private readonly zr: Float64Array;
  private readonly zi: Float64Array;

  /** `window` (length N) multiplies the input on the way in; none means rectangular. */
  constructor(size: number, window?: Float64Array) {
    if (size < 8 || (size & (size - 1)) !== 0) {
      throw new RangeError(`FFT size must be a power of two >= 8, got ${size}`);
    }
    this.size = size;
    const half = size >> 1;
    this.half = half;
    this.reversed = bitReversal(half);
    this.window = window ?? new Float64Array(size).fill(1);
    [this.twRe, this.twIm] = unitRoots(half, half >> 1);
    [this.splitRe, this.splitIm] = unitRoots(size, half + 1);
    this.zr = new Float64Array(half);
    this.zi = new Float64Array(half);
  }

  /** Writes |X[k]|^2 of the windowed `input` (length N) into `out[k]`, k in [from, to] <= N/2. */
  power(input: Float64Array, out: Float64Array, from = 0, to = this.half): void {
    this.loadFirstStages(input);
    let span = 8;
    for (; span * 2 <= this.half; span *= 4) this.doubleStage(span);
    if (span <= this.half) this.singleStage(span);
    const half = this.half;
    // X[k] and X[N/2 - k] are split from the same two points Z[k] and Z[N/2 - k]: done in pairs.
    for (let k = from; k <= to; k++) {
      const partner = half - k;
      if (k === 0 || partner <= 0 || partner === k) this.splitOne(k, out);
      else if (partner > k) this.splitPair(k, out, partner <= to);
      else if (partner < from) this.splitOne(k, out);
    }
  }

  /** X[k] = (A + B*)/2 - i W^k (A - B*)/2, with A = Z[k] and B = Z[N/2 - k]. */
  private splitOne(k: number, out: Float64Array): void {
    const { zr, zi, splitRe, splitIm, half } = this;
    const a = k === half ? 0 : k;
    const b = k === 0 ? 0 : half - k;
    const ar = zr[a] as number;
    const ai = zi[a] as number;
    const br = zr[b] as number;
    const bi = zi[b] as number;
    const dr = 0.5 * (ar - br);
    const di = 0.5 * (ai + bi);
    const wr = splitRe[k] as number;
    const wi = splitIm[k] as number;
    const xr = 0.5 * (ar + br) + (wr * di + wi * dr);
    const xi = 0.5 * (ai - bi) - (wr * dr - wi * di);
    out[k] = xr * xr + xi * xi;
  }

  /**
   * X[k] (0 < k < N/4) and, when `both`, X[N/2 - k], for which A and B swap roles: the half
   * differences change sign and the half sums do not, so both come from one set of loads, in
   * exactly the values splitOne() would compute.
   */
  private splitPair(k: number, out: Float64Array, both: boolean): void {
    const { zr, zi, splitRe, splitIm, half } = this;
    const j = half - k;
    const ar = zr[k] as number;
    const ai = zi[k] as number;
    const br = zr[j] as number;
    const bi = zi[j] as number;
    const dr = 0.5 * (ar - br);
    const di = 0.5 * (ai + bi);
    const sr = 0.5 * (ar + br);
    const si = 0.5 * (ai - bi);
    let wr = splitRe[k] as number;
    let wi = splitIm[k] as number;
    let xr = sr + (wr * di + wi * dr);
    let xi = si - (wr * dr - wi * di);
    out[k] = xr * xr + xi * xi;
    if (!both) return;
    wr = splitRe[j] as number;
    wi = splitIm[j] as number;
    xr = sr + (wr * di + wi * -dr);
    xi = -si - (wr * -dr - wi * di);
    out[j] = xr * xr + xi * xi;
  }

  /** Windowing, the bit-reversed load of even/odd samples, and the two trivial stages. */
  private loadFirstStages(input: Float64Array): void {
    const { zr, zi, reversed, window: w, half } = this;
    for (let i = 0; i < half; i += 4) {
      const p0 = 2 * (reversed[i] as number);
      const p1 = 2 * (reversed[i + 1] as number);
      const p2 = 2 * (reversed[i + 2] as number);
      const p3 = 2 * (reversed[i + 3] as number);
      const a0r = (input[p0] as number) * (w[p0] as number);
      const a0i = (input[p0 + 1] as number) * (w[p0 + 1] as number);
      const a1r = (input[p1] as number) * (w[p1] as number);
      const a1i = (input[p1 + 1] as number) * (w[p1 + 1] as number);
      const a2r = (input[p2] as number) * (w[p2] as number);
      const a2i = (input[p2 + 1] as number) * (w[p2 + 1] as number);
      const a3r = (input[p3] as number) * (w[p3] as number);
      const a3i = (input[p3 + 1] as number) * (w[p3 + 1] as number);
      const b0r = a0r + a1r;
      const b0i = a0i + a1i;
      const b1r = a0r - a1r;
      const b1i = a0i - a1i;
      const b2r = a2r + a3r;
      const b2i = a2i + a3i;
      const b3r = a2r - a3r;
      const b3i = a2i - a3i;
      zr[i] = b0r + b2r;
      zi[i] = b0i + b2i;
      zr[i + 2] = b0r - b2r;
      zi[i + 2] = b0i - b2i;
      // The second stage's odd butterfly twiddle is -i.
      zr[i + 1] = b1r + b3i;
      zi[i + 1] = b1i - b3r;
      zr[i + 3] = b1r - b3i;
      zi[i + 3] = b1i + b3r;
    }
  }

  /** Stages of span m and 2m in one pass over groups of four points. */
  private doubleStage(m: number): void {
    const { zr, zi, twRe, twIm, half } = this;
    const h = m >> 1;
    const s1 = half / m;
    const s2 = s1 >> 1;
    for (let j = 0; j < h; j++) {
      const w1r = twRe[j * s1] as number;
      const w1i = twIm[j * s1] as number;
      const w2r = twRe[j * s2] as number;
      const w2i = twIm[j * s2] as number;
      for (let i0 = j; i0 < half; i0 += 2 * m) {
        const i1 = i0 + h;
        const i2 = i0 + m;
        const i3 = i2 + h;
        const x1r = zr[i1] as number;
        const x1i = zi[i1] as number;
        const x3r = zr[i3] as number;
        const x3i = zi[i3] as number;
        const t1r = w1r * x1r - w1i * x1i;
        const t1i = w1r * x1i + w1i * x1r;
        const t3r = w1r * x3r - w1i * x3i;
        const t3i = w1r * x3i + w1i * x3r;
        const x0r = zr[i0] as number;
        const x0i = zi[i0] as number;
        const x2r = zr[i2] as number;
        const x2i = zi[i2] as number;
        const b0r = x0r + t1r;
        const b0i = x0i + t1i;
        const b1r = x0r - t1r;
        const b1i = x0i - t1i;
        const b2r = x2r + t3r;
        const b2i = x2i + t3i;
        const b3r = x2r - t3r;
        const b3i = x2i - t3i;
        const u2r = w2r * b2r - w2i * b2i;
        const u2i = w2r * b2i + w2i * b2r;
        const u3r = w2r * b3r - w2i * b3i;
        const u3i = w2r * b3i + w2i * b3r;
        zr[i0] = b0r + u2r;
        zi[i0] = b0i + u2i;
        zr[i2] = b0r - u2r;
        zi[i2] = b0i - u2i;
        // -i * u3 = (u3i, -u3r): the twiddle of the odd half is W^(j + m/2) = -i W^j.
        zr[i1] = b1r + u3i;
        zi[i1] = b1i - u3r;
        zr[i3] = b1r - u3i;
        zi[i3] = b1i + u3r;
      }
    }
  }

  /** A last radix-2 stage when the stage count is odd. */
  private singleStage(m: number): void {
    const { zr, zi, twRe, twIm, half } = this;
    const h = m >> 1;
    const step = half / m;
    for (let j = 0; j < h; j++) {
      const wr = twRe[j * step] as number;
      const wi = twIm[j * step] as number;
      for (let p = j; p < half; p += m) {
        const q = p + h;
        const qr = zr[q] as number;
        const qi = zi[q] as number;
        const tr = wr * qr - wi * qi;
        const ti = wr * qi + wi * qr;
        const pr = zr[p] as number;
        const pi = zi[p] as number;
        zr[q] = pr - tr;
        zi[q] = pi - ti;
        zr[p] = pr + tr;
        zi[p] = pi + ti;
      }
    }
  }
}

/** e^(-2 pi i k / n) for k < count, as (cos, sin) tables. */
function unitRoots(n: number, count: number): [Float64Array, Float64Array] {
  const re = new Float64Array(count);
  const im = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    re[k] = Math.cos((-2 * Math.PI * k) / n);
    im[k] = Math.sin((-2 * Math.PI * k) / n);
  }
  return [re, im];
}

function bitReversal(n: number): Uint32Array {
  const table = new Uint32Array(n);
  const bits = Math.log2(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    table[i] = r;
  }
  return table;
}
