import { decodeWav } from './wav-decoder';
import { encodeWav16, Wav16StreamEncoder, WAV16_HEADER_BYTES, wav16Header } from './wav-encoder';

describe('encodeWav16', () => {
  it('writes a canonical header and round-trips 16-bit values exactly', () => {
    const samples = Float32Array.from([0, 0.5, -0.5, -1, 32767 / 32768, 1 / 32768, -1 / 32768]);
    const wav = encodeWav16(samples, 16000);
    expect(wav.length).toBe(WAV16_HEADER_BYTES + samples.length * 2);
    expect(wav.toString('latin1', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    expect(wav.toString('latin1', 8, 16)).toBe('WAVEfmt ');
    expect(wav.readUInt32LE(28)).toBe(32000);
    expect(wav.readUInt32LE(40)).toBe(samples.length * 2);
    const decoded = decodeWav(wav);
    expect(decoded.format).toMatchObject({
      sampleRate: 16000,
      channels: 1,
      bitsPerSample: 16,
      encoding: 'pcm',
    });
    expect(decoded.samples).toEqual(samples);
  });

  it('rounds to nearest, clips out-of-range values and writes NaN as silence', () => {
    const samples = Float32Array.from([
      1.5,
      -2,
      1,
      0.4 / 32768,
      0.6 / 32768,
      -0.6 / 32768,
      Number.NaN,
    ]);
    const wav = encodeWav16(samples, 8000);
    const ints = Array.from({ length: samples.length }, (_, i) =>
      wav.readInt16LE(WAV16_HEADER_BYTES + i * 2),
    );
    expect(ints).toEqual([32767, -32768, 32767, 0, 1, -1, 0]);
  });

  it('encodes interleaved stereo', () => {
    const samples = Float32Array.from([0.25, -0.25, 0.5, -0.5]);
    const decoded = decodeWav(encodeWav16(samples, 48000, 2));
    expect(decoded.format.channels).toBe(2);
    expect(decoded.format.blockAlign).toBe(4);
    expect(decoded.frameCount).toBe(2);
    expect(decoded.samples).toEqual(samples);
  });

  it('rejects a bad layout', () => {
    expect(() => encodeWav16(new Float32Array(3), 8000, 2)).toThrow(RangeError);
    expect(() => encodeWav16(new Float32Array(2), 0)).toThrow(/sampleRate/);
    expect(() => encodeWav16(new Float32Array(2), 8000, 0)).toThrow(/channels/);
    expect(() => wav16Header(8000, 1, 2 ** 32)).toThrow(/does not fit/);
  });
});

describe('Wav16StreamEncoder', () => {
  it('writes a placeholder header, blocks, and a final header to patch at offset 0', () => {
    const encoder = new Wav16StreamEncoder(22050, 2);
    const blocks = [Float32Array.from([0.1, -0.1, 0.2, -0.2]), Float32Array.from([0.3, -0.3])];
    const parts = [encoder.header(), ...blocks.map((b) => encoder.encode(b))];
    const streamed = Buffer.concat(parts);
    expect(streamed.readUInt32LE(40)).toBe(0xffffffff);
    // A reader sees the unfinished file as "read to the end".
    expect(decodeWav(streamed).frameCount).toBe(3);

    expect(encoder.dataBytes).toBe(12);
    encoder.finalHeader().copy(streamed, 0);
    const all = Float32Array.from([0.1, -0.1, 0.2, -0.2, 0.3, -0.3]);
    expect(streamed).toEqual(encodeWav16(all, 22050, 2));
  });

  it('rejects blocks that are not whole frames', () => {
    expect(() => new Wav16StreamEncoder(8000, 2).encode(new Float32Array(3))).toThrow(RangeError);
  });
});
