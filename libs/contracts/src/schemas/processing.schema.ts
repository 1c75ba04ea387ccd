import { uuidSchema } from './common.schema';

/** Options of `processing.normalize`: resample (anti-aliased), mix to mono, normalise loudness. */
export const normalizeOptionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    sampleRate: {
      type: 'integer',
      enum: [8000, 16000, 22050, 24000, 32000, 44100, 48000],
      description: 'Output sample rate in Hz (default 16000).',
    },
    targetLufs: {
      type: 'number',
      minimum: -70,
      maximum: -5,
      description: 'Integrated loudness target, ITU-R BS.1770 (default -23 LUFS).',
    },
    truePeakDb: {
      type: 'number',
      minimum: -20,
      maximum: 0,
      description: 'Peak ceiling in dBFS that the gain never exceeds (default -1).',
    },
  },
} as const;

export const processingInputSchema = {
  type: 'object',
  required: ['uploadId'],
  additionalProperties: false,
  properties: { uploadId: uuidSchema, options: normalizeOptionsSchema },
} as const;

export const blobRefSchema = {
  type: 'object',
  required: ['blobId', 'size', 'sha256', 'contentType'],
  additionalProperties: false,
  properties: {
    blobId: uuidSchema,
    size: { type: 'integer', minimum: 0 },
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    contentType: { type: 'string' },
  },
} as const;

/** Result of `processing.normalize`: the output blob and what was done to reach it. */
export const normalizeResultSchema = {
  type: 'object',
  required: ['output', 'sampleRate', 'channels', 'duration', 'inputLufs', 'outputLufs', 'gainDb'],
  additionalProperties: false,
  properties: {
    output: blobRefSchema,
    sampleRate: { type: 'integer' },
    channels: { type: 'integer' },
    duration: { type: 'number' },
    inputLufs: { type: ['number', 'null'], description: 'null for digital silence.' },
    outputLufs: { type: ['number', 'null'] },
    gainDb: { type: 'number' },
  },
} as const;

/** Bounds of a `processing.clips` input: room for any detection result, cheap to check. */
export const CLIPS_LIMITS = {
  maxSegments: 10_000,
  /** One week of audio, in seconds: far past any WAV a 4 GiB RIFF file can hold at speech rates. */
  maxSeconds: 604_800,
  maxPaddingMs: 10_000,
} as const;

/** One span of speech to cut, in seconds from the start of the audio; `start < end`. */
export const clipSegmentSchema = {
  type: 'object',
  required: ['start', 'end'],
  additionalProperties: false,
  properties: {
    start: { type: 'number', minimum: 0, maximum: CLIPS_LIMITS.maxSeconds },
    end: {
      type: 'number',
      exclusiveMinimum: 0,
      maximum: CLIPS_LIMITS.maxSeconds,
      description: 'Greater than start; past the end of the audio it is cut at the end.',
    },
  },
} as const;

/** Options of `processing.clips`: padding around each segment and the clips' sample rate. */
export const clipsOptionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    paddingMs: {
      type: 'integer',
      minimum: 0,
      maximum: CLIPS_LIMITS.maxPaddingMs,
      description:
        'Audio kept before and after each segment (default 0); segments that overlap once padded become one clip.',
    },
    sampleRate: {
      type: 'integer',
      enum: [8000, 16000, 22050, 24000, 32000, 44100, 48000],
      description: "Clips' sample rate in Hz (default: the source's rate, no resampling).",
    },
  },
} as const;

/** Input of `processing.clips`: the audio and the speech segments to cut out of it (a detection result's). */
export const clipsInputSchema = {
  type: 'object',
  required: ['uploadId', 'segments'],
  additionalProperties: false,
  properties: {
    uploadId: uuidSchema,
    segments: {
      type: 'array',
      maxItems: CLIPS_LIMITS.maxSegments,
      items: clipSegmentSchema,
      description: 'In any order; an empty list gives a ZIP holding only the manifest.',
    },
    options: clipsOptionsSchema,
  },
} as const;

/** Result of `processing.clips`: the ZIP of WAV clips (with manifest.json) and what is in it. */
export const clipsResultSchema = {
  type: 'object',
  required: ['output', 'clips', 'totalDuration', 'sampleRate', 'channels', 'sourceDuration'],
  additionalProperties: false,
  properties: {
    output: blobRefSchema,
    clips: { type: 'integer', minimum: 0, description: 'WAV files in the ZIP.' },
    totalDuration: { type: 'number', minimum: 0, description: 'Seconds of audio in all clips.' },
    sampleRate: { type: 'integer' },
    channels: { type: 'integer', description: 'Always 1: clips are mixed to mono.' },
    sourceDuration: { type: 'number', minimum: 0, description: 'Seconds of the source audio.' },
  },
} as const;
