import fc from 'fast-check';
import { buildWav } from './testing/wav-bytes.builder';
import { isMalformedWavError } from './malformed-wav.error';
import { WavDecoder } from './wav-decoder';

/** Frames decoded from `bytes` fed `slice` bytes at a time, or 'refused' (MalformedWavError). */
function framesOf(bytes: Uint8Array, slice: number): number | 'refused' {
  const decoder = new WavDecoder();
  let frames = 0;
  try {
    for (let at = 0; at < bytes.length; at += slice)
      frames += decoder.push(bytes.subarray(at, at + slice))?.frameCount ?? 0;
    decoder.end();
  } catch (error) {
    if (isMalformedWavError(error)) return 'refused';
    throw error;
  }
  return frames;
}

const VALID = buildWav([0, 0.5, -0.5, 0.25], {
  encoding: 'pcm',
  bits: 16,
  channels: 2,
  sampleRate: 16000,
});

/** A valid file with a few bytes overwritten, cut short or extended: mostly-plausible input. */
const damagedWav = fc
  .tuple(
    fc.array(fc.tuple(fc.nat(VALID.length - 1), fc.integer({ min: 0, max: 255 })), {
      maxLength: 6,
    }),
    fc.nat(VALID.length + 8),
    fc.uint8Array({ maxLength: 16 }),
  )
  .map(([edits, cut, tail]) => {
    const bytes = Uint8Array.from([...VALID, ...tail]).subarray(0, cut);
    for (const [at, value] of edits) if (at < bytes.length) bytes[at] = value;
    return bytes;
  });

// The coverage-guided run (tools/fuzz/fuzz-wav-decoder.sh) explores far more; this keeps the
// same two properties checked on every CI run, in a second.
describe('WavDecoder on arbitrary bytes', () => {
  it.each([
    ['random bytes', fc.uint8Array({ maxLength: 128 })],
    ['damaged WAV files', damagedWav],
  ])('refuses %s only with MalformedWavError, whole or sliced alike', (_, input) => {
    fc.assert(
      fc.property(input, fc.integer({ min: 1, max: 61 }), (bytes, slice) => {
        expect(framesOf(bytes, slice)).toEqual(framesOf(bytes, Math.max(1, bytes.length)));
      }),
      { numRuns: 500 },
    );
  });
});
