import type { ClaimedDelivery, JobView } from '@jobmill/persistence';
import { allowedHostsOf, verifySignature, type WebhookSettings } from '@jobmill/webhooks';
import { attemptDelivery, deliveryBody, deliveryHeaders } from './webhook-attempt';

const settings: WebhookSettings = {
  secrets: new Map(),
  allowedHosts: allowedHostsOf([]),
  timeoutMs: 1000,
  backoffBaseMs: 1000,
  pollMs: 1000,
};

const job = { id: 'j1', tenant: 'acme', status: 'SUCCEEDED', callbackUrl: 'x' } as JobView;
const delivery = (over: Partial<ClaimedDelivery> = {}): ClaimedDelivery => ({
  id: '7',
  jobId: 'j1',
  tenant: 'acme',
  jobAttempt: 1,
  jobStatus: 'SUCCEEDED',
  url: 'https://hooks.example.com/x',
  attempt: 1,
  body: null,
  createdAt: new Date().toISOString(),
  job,
  ...over,
});

describe('a webhook attempt', () => {
  it('sends the job as REST presents it, then the same body on every retry', () => {
    expect(JSON.parse(deliveryBody(delivery()))).toEqual({
      id: 'j1',
      status: 'SUCCEEDED',
      callbackUrl: 'x',
      links: { self: '/v1/jobs/j1', events: '/v1/jobs/j1/events' },
    });
    expect(deliveryBody(delivery({ body: '{"kept":true}', job: null }))).toBe('{"kept":true}');
    expect(JSON.parse(deliveryBody(delivery({ job: null })))).toEqual({
      id: 'j1',
      status: 'SUCCEEDED',
    });
  });

  it('signs the body with each secret at the given second', () => {
    const secrets = ['whsec_0123456789abcdef', 'whsec_the-replaced-one'];
    const headers = deliveryHeaders(delivery(), '{}', secrets, 1700000000);
    expect(headers).toMatchObject({ 'jobmill-delivery': '7', 'jobmill-event': 'job.succeeded' });
    const signature = headers['jobmill-signature'] ?? '';
    expect(
      verifySignature(signature, '{}', 'whsec_0123456789abcdef', { nowSeconds: 1700000000 }),
    ).toBe(true);
    expect(
      verifySignature(signature, '{}', 'whsec_the-replaced-one', { nowSeconds: 1700000000 }),
    ).toBe(true);
  });

  it('gives up at once, unsent, on a URL the rules refuse or without a secret', async () => {
    await expect(
      attemptDelivery(
        delivery({ url: 'http://127.0.0.1:1/' }),
        ['whsec_0123456789abcdef'],
        settings,
      ),
    ).resolves.toMatchObject({
      delivered: false,
      nextAttemptAt: null,
      code: 'WEBHOOK_URL_INVALID',
    });
    for (const none of [undefined, []])
      await expect(attemptDelivery(delivery(), none, settings)).resolves.toMatchObject({
        delivered: false,
        nextAttemptAt: null,
        code: 'WEBHOOK_SECRET_MISSING',
      });
  });
});
