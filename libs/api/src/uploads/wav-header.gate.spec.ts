import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { encodeWav16 } from '@jobmill/audio';
import { wavHeaderGate } from './wav-header.gate';

/** A 16-bit mono WAV with `frames` frames. */
const wav = (frames: number): Buffer => encodeWav16(new Float32Array(frames).fill(0.25), 8000);

/** Streams `bytes` through the gate in `size`-byte chunks. */
const through = (bytes: Buffer, size: number) => {
  const chunks = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return buffer(Readable.from(chunks).pipe(wavHeaderGate()));
};

describe('wavHeaderGate', () => {
  it.each([1, 7, 44, 4096])('passes a WAV through unchanged in %i-byte chunks', async (size) => {
    const file = wav(500);
    expect((await through(file, size)).equals(file)).toBe(true);
  });

  it.each([
    ['text', Buffer.from('plain text, not audio, long enough to fill a header')],
    ['a header cut short', wav(10).subarray(0, 40)],
    ['an empty body', Buffer.alloc(0)],
  ])('fails %s with a 422 MALFORMED_WAV problem', async (_, bytes) => {
    const stream = Readable.from(bytes.length ? [bytes] : []).pipe(wavHeaderGate());
    await expect(buffer(stream)).rejects.toMatchObject({ status: 422, code: 'MALFORMED_WAV' });
  });
});
