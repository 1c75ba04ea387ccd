import { hostname } from 'node:os';
import { lookup } from 'node:dns/promises';
import { verifySignature } from '@jobmill/webhooks';
import { ApiClient } from './support/api-client';
import { PLATFORM_MODE, usePlatform } from './support/platform-fixture';
import { startService, stopService } from './support/platform-processes';
import type { TestEnvironment } from './support/test-environment';
import { waitFor } from './support/wait-for';
import { WebhookReceiver } from './support/webhook-receiver';

const SECRET = 'whsec_test_0123456789abcdef';
const ADMIN_KEY = 'admin-key-0123456789';
const WEBHOOK_ENV = {
  WEBHOOK_SECRETS: `acme:${SECRET}`,
  WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  WEBHOOK_BACKOFF_BASE_MS: '100',
  WEBHOOK_POLL_MS: '100',
  WEBHOOK_TIMEOUT_MS: '2000',
};

// Deliveries to a real local receiver (allowed through WEBHOOK_ALLOWED_HOSTS), signed, retried,
// recorded in the job's history; refused targets never reached.
describe(`webhooks (${PLATFORM_MODE})`, () => {
  const platform = usePlatform({
    api: { ...WEBHOOK_ENV, ADMIN_API_KEYS: ADMIN_KEY },
    status: WEBHOOK_ENV,
  });
  const receiver = new WebhookReceiver();
  const other = new WebhookReceiver();
  const admin = () => new ApiClient(platform.api.baseUrl, ADMIN_KEY);

  beforeAll(async () => {
    await receiver.start();
    await other.start();
  });
  afterAll(async () => {
    await receiver.stop();
    await other.stop();
  });

  const submit = async (path: string, callbackUrl = receiver.url(path)) => {
    const res = await platform.api.request('POST', '/v1/jobs', {
      type: 'system.ping',
      input: {},
      callbackUrl,
    });
    expect(res.status).toBe(202);
    return ((await res.json()) as { id: string }).id;
  };
  const webhookHistory = async (id: string) =>
    (await platform.api.events(id)).filter((e) => e.name.startsWith('webhook.'));
  const waitForHistory = (id: string, what: string, done: (names: string[]) => boolean) =>
    waitFor(
      what,
      async () => {
        const entries = await webhookHistory(id);
        return done(entries.map((e) => e.name)) ? entries : undefined;
      },
      30_000,
      100,
    );

  it('POSTs the job as GET /v1/jobs/:id shows it, signed with the tenant secret', async () => {
    receiver.answer = () => ({ status: 200 });
    const id = await submit('/signed');
    const [entry] = await waitForHistory(id, 'the delivery', (n) =>
      n.includes('webhook.delivered'),
    );
    const [hit] = receiver.at('/signed');
    expect(hit).toBeDefined();
    const signature = String(hit?.headers['jobmill-signature']);
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(signature, hit?.body ?? '', SECRET)).toBe(true);
    expect(verifySignature(signature, hit?.body ?? '', 'whsec_another_0123456789')).toBe(false);
    expect(hit?.headers['content-type']).toBe('application/json');
    expect(hit?.headers['jobmill-event']).toBe('job.succeeded');
    const job = await platform.api.job(id);
    expect(JSON.parse(hit?.body ?? '{}')).toEqual({
      ...job,
      updatedAt: expect.any(String) as unknown,
    });
    expect(job).toMatchObject({ status: 'SUCCEEDED', callbackUrl: receiver.url('/signed') });
    expect(entry).toMatchObject({
      name: 'webhook.delivered',
      data: { deliveryAttempt: 1, statusCode: 200, jobStatus: 'SUCCEEDED' },
    });
  });

  it('retries a receiver that answers 500 twice, recording all three attempts', async () => {
    receiver.answer = (hit) => ({ status: receiver.at(hit.path).length <= 2 ? 500 : 204 });
    const id = await submit('/flaky');
    const entries = await waitForHistory(id, 'three attempts', (n) =>
      n.includes('webhook.delivered'),
    );
    expect(
      entries.map((e) => [e.name, (e.data as { deliveryAttempt: number }).deliveryAttempt]),
    ).toEqual([
      ['webhook.failed', 1],
      ['webhook.failed', 2],
      ['webhook.delivered', 3],
    ]);
    expect(entries[0]).toMatchObject({ data: { statusCode: 500, final: false } });
    const hits = receiver.at('/flaky');
    expect(hits).toHaveLength(3);
    // Every retry resends the same body, freshly signed.
    expect(new Set(hits.map((h) => h.body)).size).toBe(1);
    for (const hit of hits)
      expect(verifySignature(String(hit.headers['jobmill-signature']), hit.body, SECRET)).toBe(
        true,
      );
  });

  it('follows no redirect to a private address: the 3xx is a failed attempt', async () => {
    receiver.answer = (hit) =>
      receiver.at(hit.path).length === 1
        ? { status: 302, headers: { location: other.url('/stolen', 'localhost') } }
        : { status: 200 };
    const id = await submit('/redirect');
    const entries = await waitForHistory(id, 'the delivery after a redirect', (n) =>
      n.includes('webhook.delivered'),
    );
    expect(entries[0]).toMatchObject({
      name: 'webhook.failed',
      data: { statusCode: 302, error: { code: 'WEBHOOK_REDIRECT' } },
    });
    expect(other.received).toEqual([]);
  });

  it('refuses callbackUrls that are private, not https, carry credentials or lack a secret', async () => {
    const refused = async (body: Record<string, unknown>, code: string, key?: ApiClient) => {
      const res = await (key ?? platform.api).request('POST', '/v1/jobs', {
        type: 'system.ping',
        input: {},
        ...body,
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({ code, errors: [{ path: '/callbackUrl' }] });
    };
    await refused({ callbackUrl: `https://localhost:${other.port}/x` }, 'WEBHOOK_URL_REFUSED');
    await refused({ callbackUrl: other.url('/x', 'localhost') }, 'WEBHOOK_URL_INVALID');
    await refused({ callbackUrl: 'https://127.0.0.2/x' }, 'WEBHOOK_URL_REFUSED');
    await refused({ callbackUrl: 'https://169.254.169.254/latest' }, 'WEBHOOK_URL_REFUSED');
    await refused({ callbackUrl: 'http://hooks.example.com/x' }, 'WEBHOOK_URL_INVALID');
    await refused({ callbackUrl: 'https://u:p@hooks.example.com/x' }, 'WEBHOOK_URL_INVALID');
    await refused({ callbackUrl: `https://hooks.example.com/${'a'.repeat(2100)}` }, 'INVALID_DATA');
    const globex = new ApiClient(platform.api.baseUrl, 'other-key-0123456789');
    await refused({ callbackUrl: 'https://hooks.example.com/x' }, 'WEBHOOK_SECRET_MISSING', globex);
    expect(other.received).toEqual([]);
  });

  it('refuses at delivery a name that resolves to a loopback address, and records it', async () => {
    const name = hostname();
    const resolved = await lookup(name);
    expect(['127.0.0.1', '127.0.1.1', '::1']).toContain(resolved.address);
    const id = await submit('/by-name', `https://${name}:${receiver.port}/by-name`);
    const [entry] = await waitForHistory(id, 'the refusal', (n) => n.includes('webhook.failed'));
    expect(entry).toMatchObject({
      data: { error: { code: 'WEBHOOK_ADDRESS_REFUSED' }, final: true },
    });
    expect(receiver.at('/by-name')).toEqual([]);
  });

  it('signs with a secret rotated through the admin API from then on', async () => {
    const res = await admin().request('POST', '/v1/admin/webhook-secrets/acme/rotate');
    expect(res.status).toBe(201);
    const { secret } = (await res.json()) as { secret: string };
    expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(
      (await platform.api.request('POST', '/v1/admin/webhook-secrets/acme/rotate')).status,
    ).toBe(403);
    receiver.answer = () => ({ status: 200 });
    const id = await submit('/rotated');
    await waitForHistory(id, 'the delivery', (n) => n.includes('webhook.delivered'));
    const [hit] = receiver.at('/rotated');
    const signature = String(hit?.headers['jobmill-signature']);
    expect(verifySignature(signature, hit?.body ?? '', secret)).toBe(true);
    expect(verifySignature(signature, hit?.body ?? '', SECRET)).toBe(false);

    // With a grace period the replaced secret signs beside the new one.
    const graced = await admin().request('POST', '/v1/admin/webhook-secrets/acme/rotate', {
      graceSeconds: 3600,
    });
    expect(graced.status).toBe(201);
    const next = (await graced.json()) as { secret: string; previousSignsUntil: string };
    expect(Date.parse(next.previousSignsUntil)).toBeGreaterThan(Date.now() + 3_500_000);
    const second = await submit('/rotated-with-grace');
    await waitForHistory(second, 'the delivery', (n) => n.includes('webhook.delivered'));
    const [graceHit] = receiver.at('/rotated-with-grace');
    const both = String(graceHit?.headers['jobmill-signature']);
    expect(both.match(/v1=/g)).toHaveLength(2);
    for (const each of [next.secret, secret])
      expect(verifySignature(both, graceHit?.body ?? '', each)).toBe(true);
    const refused = await admin().request('POST', '/v1/admin/webhook-secrets/acme/rotate', {
      graceSeconds: -1,
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: 'INVALID_GRACE' });
  });

  it('documents callbackUrl and the rotation endpoint in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${platform.api.baseUrl}/docs-json`)).json()) as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    expect(Object.keys(doc.paths)).toContain('/v1/admin/webhook-secrets/{tenant}/rotate');
    expect(JSON.stringify(doc.paths['/v1/jobs']?.['post']?.requestBody)).toContain('callbackUrl');
  });

  (PLATFORM_MODE === 'distributed' ? it : it.skip)(
    'keeps pending deliveries across a restart of the status service',
    async () => {
      let up = false;
      receiver.answer = () => ({ status: up ? 200 : 503 });
      const id = await submit('/restart');
      await waitForHistory(id, 'a failed attempt', (n) => n.includes('webhook.failed'));
      await stopService(platform.services.status);
      up = true;
      const before = receiver.at('/restart').length;
      platform.services.status = await startService(
        'status',
        platform.env as TestEnvironment,
        WEBHOOK_ENV,
      );
      await waitForHistory(id, 'the delivery after the restart', (n) =>
        n.includes('webhook.delivered'),
      );
      expect(receiver.at('/restart').length).toBeGreaterThan(before);
    },
  );
});
