// Bound once: in Jest's vm contexts a global lookup (Math) per call is ~50x slower.
const { imul } = Math;

/** Uniform [0, 1) generator. */
export type Random = () => number;

/** mulberry32: a tiny, fast, well-distributed seeded PRNG, so test signals are reproducible. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = imul(a ^ (a >>> 15), a | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
