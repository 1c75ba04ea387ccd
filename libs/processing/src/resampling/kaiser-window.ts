/** Modified Bessel function of the first kind, order 0, by its power series (exact to ~1e-16). */
export function besselI0(x: number): number {
  const quarterSquare = (x * x) / 4;
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 1000; k++) {
    term *= quarterSquare / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/** Kaiser's beta for a wanted stopband attenuation in dB (Kaiser's empirical fit). */
export function kaiserBeta(attenuationDb: number): number {
  if (attenuationDb > 50) return 0.1102 * (attenuationDb - 8.7);
  if (attenuationDb >= 21) {
    const excess = attenuationDb - 21;
    return 0.5842 * excess ** 0.4 + 0.07886 * excess;
  }
  return 0;
}

/**
 * Kaiser's estimate of the filter length (in samples) that reaches `attenuationDb` with a
 * transition band of `transitionWidth` cycles per sample.
 */
export function kaiserLength(attenuationDb: number, transitionWidth: number): number {
  return (attenuationDb - 7.95) / (2.285 * 2 * Math.PI * transitionWidth);
}

/** A Kaiser window over [-halfWidth, halfWidth] (0 outside), with I0(beta) computed once. */
export class KaiserWindow {
  private readonly i0Beta: number;

  constructor(
    readonly halfWidth: number,
    readonly beta: number,
  ) {
    this.i0Beta = besselI0(beta);
  }

  /** Window value at offset `t` from the centre. */
  at(t: number): number {
    const ratio = t / this.halfWidth;
    if (ratio < -1 || ratio > 1) return 0;
    return besselI0(this.beta * Math.sqrt(1 - ratio * ratio)) / this.i0Beta;
  }
}

/** sin(pi x) / (pi x), with sinc(0) = 1. */
export function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}
