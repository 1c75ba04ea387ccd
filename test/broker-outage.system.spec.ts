import { ApiClient } from './support/api-client';
import {
  startService,
  stopService,
  TEST_API_KEY,
  type RunningService,
} from './support/platform-processes';
import { makeSpeechFixture } from './support/speech-fixture';
import { createTestEnvironment, type TestEnvironment } from './support/test-environment';

describe('API without a broker', () => {
  let env: TestEnvironment;
  let api: RunningService;
  let client: ApiClient;

  beforeAll(async () => {
    env = await createTestEnvironment();
    // Nothing listens on port 1: every publish must fail fast, never hang.
    api = await startService(
      'api',
      env,
      { AMQP_URL: 'amqp://guest:guest@127.0.0.1:1', PUBLISH_TIMEOUT_MS: '1500' },
      'live',
    );
    client = new ApiClient(`http://127.0.0.1:${api.port}`, TEST_API_KEY);
  }, 120_000);

  afterAll(async () => {
    if (api) await stopService(api);
    await env?.dispose();
  }, 60_000);

  it('reports not ready, naming RabbitMQ', async () => {
    const res = await fetch(`${client.baseUrl}/health/ready`);
    expect(res.status).toBe(503);
    expect(JSON.stringify(await res.json())).toContain('rabbitmq');
  });

  it('answers 503 with Retry-After within the publish timeout, and accepts nothing', async () => {
    const fixture = makeSpeechFixture(env.workDir, ['No broker today.'], [0.2, 0.2]);
    const uploadId = await client.upload(fixture.file);
    const started = Date.now();
    const res = await client.request('POST', '/v1/jobs', {
      type: 'detection.vad',
      input: { uploadId },
    });
    const elapsed = Date.now() - started;
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect(elapsed).toBeLessThan(10_000);
    const list = (await (await client.request('GET', '/v1/jobs')).json()) as { items: unknown[] };
    expect(list.items).toHaveLength(0);
  });
});
