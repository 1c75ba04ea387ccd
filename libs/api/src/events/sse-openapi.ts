/** OpenAPI content of a Server-Sent Events response: the wire format, with an example event. */
export const SSE_CONTENT = {
  'text/event-stream': {
    schema: {
      type: 'string',
      description:
        'Events `id: <event id>`, `event: <name>`, `data: <JSON: id, jobId, jobType, name, ' +
        'status (the state the event moves the job to), attempt, data, occurredAt>`, and ' +
        'heartbeat comments (`: heartbeat`) every SSE_HEARTBEAT_MS.',
      example:
        'id: 0b7a…\nevent: succeeded\ndata: {"id":"0b7a…","jobId":"5f1c…","jobType":"system.ping",' +
        '"name":"succeeded","status":"SUCCEEDED","attempt":1,"data":{…},"occurredAt":"2026-01-01T00:00:01.000Z"}\n\n',
    },
  },
} as const;

/** OpenAPI content of a job's history as JSON. */
export const HISTORY_CONTENT = {
  'application/json': {
    schema: {
      type: 'object',
      properties: {
        events: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              id: { type: 'string' },
              name: { type: 'string' },
              attempt: { type: 'integer' },
              data: { type: 'object' },
              occurredAt: { type: 'string', format: 'date-time' },
            },
          },
        },
      },
    },
  },
} as const;
