import { isMalformedWavError, MalformedWavError } from './malformed-wav.error';
import { WavDecoder } from './wav-decoder';
import {
  buildWav,
  fmtBody,
  riffFile,
  sampleBytes,
  slices,
  type FmtFields,
} from './testing/wav-bytes.builder';

const PCM16 = {
  encoding: 'pcm',
  bits: 16,
  channels: 1,
  sampleRate: 16000,
} as const satisfies FmtFields;
const DATA = sampleBytes([0.1, 0.2, 0.3, 0.4], 'pcm', 16);

/** Decodes `bytes` fed in 1-byte and 7-byte slices; returns the error both runs threw. */
function failure(bytes: Uint8Array): MalformedWavError {
  const errors = [[1], [7], [bytes.length || 1]].map((sizes) => {
    const decoder = new WavDecoder();
    try {
      for (const piece of slices(bytes, sizes)) decoder.push(piece);
      decoder.end();
    } catch (error) {
      return error as MalformedWavError;
    }
    throw new Error('decoding succeeded but should have failed');
  });
  expect(new Set(errors.map((e) => e.message)).size).toBe(1);
  return errors[0] as MalformedWavError;
}

function withFmt(fmt: Partial<FmtFields>): Uint8Array {
  return riffFile([
    { id: 'fmt ', body: fmtBody({ ...PCM16, ...fmt }) },
    { id: 'data', body: DATA },
  ]);
}

const CASES: ReadonlyArray<readonly [string, () => Uint8Array, RegExp]> = [
  [
    'headerless PCM',
    () =>
      sampleBytes(
        Array.from({ length: 64 }, (_, i) => Math.sin(i)),
        'pcm',
        16,
      ),
    /not a RIFF\/WAVE file/,
  ],
  ['an empty file', () => new Uint8Array(0), /truncated header: the file is only 0 bytes/],
  [
    'a file cut inside the RIFF header',
    () => buildWav([0.1], PCM16).subarray(0, 10),
    /truncated header/,
  ],
  [
    'a file cut inside a chunk header',
    () => buildWav([0.1], PCM16).subarray(0, 15),
    /inside a chunk header/,
  ],
  [
    'a file cut inside fmt',
    () => buildWav([0.1], PCM16).subarray(0, 30),
    /'fmt ' chunk is larger than the rest/,
  ],
  [
    'a file that ends before any chunk',
    () => buildWav([0.1], PCM16).subarray(0, 12),
    /no fmt or data chunk/,
  ],
  [
    'a file without a data chunk',
    () => riffFile([{ id: 'fmt ', body: fmtBody(PCM16) }]),
    /no data chunk/,
  ],
  [
    'a RIFF of another form type',
    () => riffFile([], { formType: 'AVI ' }),
    /not a RIFF\/WAVE file/,
  ],
  ['big-endian RIFX', () => riffFile([], { magic: 'RIFX' }), /RIFX/],
  [
    'data before fmt',
    () =>
      riffFile([
        { id: 'data', body: DATA },
        { id: 'fmt ', body: fmtBody(PCM16) },
      ]),
    /fmt chunk missing before data/,
  ],
  [
    'a LIST chunk larger than the file',
    () => riffFile([{ id: 'LIST', body: new Uint8Array(10), size: 5000 }]),
    /'LIST' chunk is larger than the rest of the file/,
  ],
  ['zero channels', () => withFmt({ channels: 0, blockAlign: 2 }), /channel count is zero/],
  ['nine channels', () => withFmt({ channels: 9 }), /unsupported channel count 9/],
  ['zero bits per sample', () => withFmt({ bits: 0, blockAlign: 2 }), /bits per sample is zero/],
  ['sample rate zero', () => withFmt({ sampleRate: 0 }), /unsupported sample rate 0 Hz/],
  [
    'sample rate above 384 kHz',
    () => withFmt({ sampleRate: 400_000 }),
    /unsupported sample rate 400000 Hz/,
  ],
  [
    'a blockAlign mismatch',
    () => withFmt({ blockAlign: 3 }),
    /blockAlign 3 does not match 1 channel\(s\) of 16-bit samples/,
  ],
  ['MPEG audio', () => withFmt({ tag: 0x0055 }), /unsupported format tag 0x0055 \(MPEG\)/],
  ['MS ADPCM', () => withFmt({ tag: 0x0002 }), /unsupported format tag 0x0002 \(Microsoft ADPCM\)/],
  ['an unknown tag', () => withFmt({ tag: 0x1234 }), /unsupported format tag 0x1234$/],
  ['12-bit PCM', () => withFmt({ bits: 12 }), /unsupported 12-bit pcm samples/],
  [
    '16-bit float',
    () => withFmt({ encoding: 'float', bits: 16 }),
    /unsupported 16-bit float samples/,
  ],
  [
    'extensible MPEG',
    () => withFmt({ extensible: true, tag: 0x0055 }),
    /unsupported format tag 0x0055/,
  ],
  [
    'extensible valid bits above the container',
    () => withFmt({ extensible: true, validBits: 20 }),
    /valid bits per sample 20 exceed the container size 16/,
  ],
  [
    'extensible with a foreign GUID',
    () => {
      const body = fmtBody({ ...PCM16, extensible: true });
      body[30] = 0x99;
      return riffFile([
        { id: 'fmt ', body },
        { id: 'data', body: DATA },
      ]);
    },
    /sub-format GUID/,
  ],
  [
    'an extensible fmt chunk cut short',
    () =>
      riffFile([
        { id: 'fmt ', body: fmtBody({ ...PCM16, extensible: true }).subarray(0, 24) },
        { id: 'data', body: DATA },
      ]),
    /EXTENSIBLE fmt chunk too small \(24 bytes/,
  ],
  [
    'a fmt chunk under 16 bytes',
    () => riffFile([{ id: 'fmt ', body: new Uint8Array(14) }]),
    /'fmt ' chunk size 14 is out of range/,
  ],
  [
    'a huge fmt chunk',
    () => riffFile([{ id: 'fmt ', body: new Uint8Array(16), size: 1 << 20 }]),
    /'fmt ' chunk size 1048576 is out of range/,
  ],
  [
    'a data size larger than the file',
    () =>
      riffFile([
        { id: 'fmt ', body: fmtBody(PCM16) },
        { id: 'data', body: DATA, size: 1000 },
      ]),
    /data chunk size larger than the file \(declares 1000 bytes, the file holds 8\)/,
  ],
];

describe('malformed WAV input', () => {
  it.each(CASES)('rejects %s', (_name, build, message) => {
    const error = failure(build());
    expect(error).toBeInstanceOf(MalformedWavError);
    expect(error).toMatchObject({
      name: 'MalformedWavError',
      code: 'MALFORMED_WAV',
      kind: 'permanent',
      retryable: false,
    });
    expect(error.message).toMatch(message);
  });

  it('classifies by code, also for a structured clone', () => {
    const clone = structuredClone({ ...failure(new Uint8Array(3)), code: 'MALFORMED_WAV' });
    expect(isMalformedWavError(clone)).toBe(true);
    expect(isMalformedWavError(new Error('x'))).toBe(false);
    expect(isMalformedWavError(undefined)).toBe(false);
  });
});
