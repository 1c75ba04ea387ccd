/** The longest a `system.ping` may hold its worker slot: a canary, not a way to park workers. */
export const MAX_PING_DURATION_MS = 600_000;

/** Input of `system.ping`: how long to hold the worker slot (default 0). */
export const pingInputSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    durationMs: {
      type: 'integer',
      minimum: 0,
      maximum: MAX_PING_DURATION_MS,
      description: 'How long the job holds its worker slot, in ms (default 0, at most 600000).',
    },
  },
} as const;

/** Result of `system.ping`: how long it held its slot, and which worker ran it. */
export const pingResultSchema = {
  type: 'object',
  required: ['durationMs', 'worker'],
  additionalProperties: false,
  properties: {
    durationMs: { type: 'integer', minimum: 0 },
    worker: { type: 'string', description: 'The worker that ran it: service@host:pid.' },
  },
} as const;
