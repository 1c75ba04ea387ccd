import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { wavHeaderGate } from './wav-header.gate';

/** A 16-bit mono WAV with `frames` frames. */
function wav(frames: number): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + frames * 2, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(frames * 2, 40);
  return Buffer.concat([header, Buffer.alloc(frames * 2, 1)]);
}

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
