import fc from 'fast-check';
import {
  startService,
  stopService,
  TEST_API_KEY,
  type RunningService,
} from './support/platform-processes';
import { createTestEnvironment, type TestEnvironment } from './support/test-environment';

const TYPES = ['system.ping', 'detection.vad', 'processing.normalize', 'processing.clips'];

/** Submissions near the contract: known and unknown types, odd inputs and options. */
const submission = fc.record(
  {
    type: fc.oneof(fc.constantFrom(...TYPES), fc.string(), fc.jsonValue()),
    input: fc.oneof(
      fc.record({ durationMs: fc.oneof(fc.integer(), fc.jsonValue()) }, { requiredKeys: [] }),
      fc.record({ uploadId: fc.oneof(fc.uuid(), fc.string()), options: fc.jsonValue() }),
      fc.jsonValue(),
    ),
    priority: fc.oneof(fc.constantFrom('high', 'normal', 'low'), fc.jsonValue()),
    maxAttempts: fc.oneof(fc.integer({ min: -5, max: 50 }), fc.jsonValue()),
    runAt: fc.oneof(
      fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'x' : d.toISOString())),
      fc.string(),
    ),
    delayMs: fc.oneof(fc.integer(), fc.double()),
    then: fc.oneof(
      fc.array(fc.record({ type: fc.constantFrom(...TYPES), input: fc.jsonValue() })),
      fc.jsonValue(),
    ),
    dedupKey: fc.oneof(fc.string(), fc.jsonValue()),
  },
  { requiredKeys: [] },
);

/** Valid submissions with at most one odd option, and uploads that do not exist (422). */
const nearlyValid = fc.oneof(
  fc
    .tuple(fc.nat(5), fc.option(submission, { nil: undefined, freq: 2 }))
    .map(([durationMs, odd]) => {
      const extra = odd === undefined ? {} : Object.fromEntries(Object.entries(odd).slice(0, 1));
      return { type: 'system.ping', input: { durationMs }, ...extra };
    }),
  fc.uuid().map((uploadId) => ({ type: 'detection.vad', input: { uploadId } })),
);

/** A request body: raw text, any JSON, or shaped submissions (one, or a batch of them). */
const body = (batch: boolean): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: fc.string({ maxLength: 40 }), weight: 1 },
    { arbitrary: fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'), weight: 1 },
    {
      arbitrary: (batch
        ? fc.oneof(
            fc.record({ jobs: fc.array(nearlyValid, { minLength: 1, maxLength: 4 }) }),
            fc.record({ jobs: fc.array(fc.oneof(submission, fc.jsonValue()), { maxLength: 4 }) }),
            fc.record({ jobs: fc.jsonValue() }),
          )
        : fc.oneof(nearlyValid, submission)
      ).map((v) => JSON.stringify(v)),
      weight: 4,
    },
  );

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  '',
);

// Whatever a client sends to the submission endpoints, the API answers in its own terms: a 202,
// or a 4xx problem+json naming its status and code. Never a 500, never another body.
describe('REST submission bodies, generated (fast-check)', () => {
  let env: TestEnvironment;
  let api: RunningService;
  const tally = new Map<number, number>();

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startService('api', env);
  }, 120_000);

  afterAll(async () => {
    if (api) await stopService(api);
    await env?.dispose();
    console.log(`[rest-bodies] answers by status: ${JSON.stringify(Object.fromEntries(tally))}`);
  }, 60_000);

  it.each([
    ['/v1/jobs', false],
    ['/v1/jobs/batch', true],
  ])(
    'POST %s: a 202 or a problem+json 4xx, for any body',
    async (path, batch) => {
      await fc.assert(
        fc.asyncProperty(body(batch), contentType, async (text, type) => {
          const res = await fetch(`http://127.0.0.1:${api.port}${path}`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${TEST_API_KEY}`,
              ...(type ? { 'content-type': type } : {}),
            },
            body: text,
          });
          tally.set(res.status, (tally.get(res.status) ?? 0) + 1);
          const answer = (await res.json()) as {
            status?: number;
            code?: string;
            id?: string;
            jobs?: unknown[];
          };
          if (res.status === 202) return typeof (batch ? answer.jobs : answer.id) !== 'undefined';
          return (
            res.status >= 400 &&
            res.status < 500 &&
            (res.headers.get('content-type') ?? '').startsWith('application/problem+json') &&
            answer.status === res.status &&
            typeof answer.code === 'string'
          );
        }),
        { numRuns: 500 },
      );
    },
    120_000,
  );
});
