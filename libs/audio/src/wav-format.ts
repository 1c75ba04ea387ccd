/** How the samples of a data chunk are stored. */
export type WavEncoding = 'pcm' | 'float' | 'alaw' | 'mulaw';

/** The decoded `fmt ` chunk plus what the `data` chunk header says about the length. */
export interface WavFormat {
  readonly encoding: WavEncoding;
  /** Effective format tag: the sub-format when the file uses WAVE_FORMAT_EXTENSIBLE. */
  readonly formatTag: number;
  readonly extensible: boolean;
  readonly sampleRate: number;
  readonly channels: number;
  /** Container size of one sample in bits (8, 16, 24, 32 or 64). */
  readonly bitsPerSample: number;
  /** Bytes per frame (one sample of every channel). */
  readonly blockAlign: number;
  /** Declared size of the data chunk, or undefined when the writer streamed it (0 or 0xFFFFFFFF). */
  readonly dataBytes: number | undefined;
  /** Whole frames the data chunk declares, or undefined when its size is unknown. */
  readonly totalFrames: number | undefined;
}

/** WAVE format tags this library decodes. */
export const WAVE_FORMAT = {
  PCM: 0x0001,
  IEEE_FLOAT: 0x0003,
  ALAW: 0x0006,
  MULAW: 0x0007,
  EXTENSIBLE: 0xfffe,
} as const;

/** Limits enforced on every decoded header. */
export const WAV_LIMITS = { maxChannels: 8, maxSampleRate: 384_000 } as const;
