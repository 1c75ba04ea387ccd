import { uuidSchema } from './common.schema';

/** Tuning of the voice-activity detector; every field is optional with a benchmarked default. */
export const vadOptionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    sensitivity: {
      type: 'number',
      minimum: 0,
      maximum: 1,
      description:
        'Higher finds quieter speech at the cost of more false alarms (default 0.9, chosen by the detection benchmark).',
    },
    minSpeechMs: {
      type: 'integer',
      minimum: 0,
      maximum: 10000,
      description: 'Shortest speech segment kept (default 250).',
    },
    minSilenceMs: {
      type: 'integer',
      minimum: 0,
      maximum: 10000,
      description: 'Shorter gaps are bridged (default 300).',
    },
    paddingMs: {
      type: 'integer',
      minimum: 0,
      maximum: 2000,
      description: 'Added before and after each segment (default 10).',
    },
  },
} as const;

export const detectionInputSchema = {
  type: 'object',
  required: ['uploadId'],
  additionalProperties: false,
  properties: { uploadId: uuidSchema, options: vadOptionsSchema },
} as const;

export const speechSegmentSchema = {
  type: 'object',
  required: ['start', 'end'],
  additionalProperties: false,
  properties: { start: { type: 'number', minimum: 0 }, end: { type: 'number', minimum: 0 } },
} as const;

/** Result of `detection.vad`: speech segments in seconds, share of speech, audio duration. */
export const detectionResultSchema = {
  type: 'object',
  required: ['segments', 'speechRatio', 'duration', 'sampleRate', 'channels'],
  additionalProperties: false,
  properties: {
    segments: { type: 'array', items: speechSegmentSchema },
    speechRatio: { type: 'number', minimum: 0, maximum: 1 },
    duration: { type: 'number', minimum: 0 },
    sampleRate: { type: 'integer', minimum: 1 },
    channels: { type: 'integer', minimum: 1 },
  },
} as const;
