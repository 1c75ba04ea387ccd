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
