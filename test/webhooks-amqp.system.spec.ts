import { verifySignature } from '@jobmill/webhooks';
import { AmqpPartner } from './support/amqp-partner';
import { partnerCommand } from './support/partner-command';
import { usePlatform } from './support/platform-fixture';
import { AMQP_URL } from './support/test-environment';
import { waitFor } from './support/wait-for';
import { WebhookReceiver } from './support/webhook-receiver';

const SECRET = 'whsec_amqp_0123456789abcdef';
const WEBHOOK_ENV = {
  WEBHOOK_SECRETS: `acme:${SECRET}`,
  WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  WEBHOOK_BACKOFF_BASE_MS: '100',
  WEBHOOK_POLL_MS: '100',
};

// A partner's AMQP command may carry data.callbackUrl: nothing checks it before the job runs,
// so the delivery applies the URL rules and records a refusal in the job's history.
describe('webhooks of commands published over AMQP (distributed)', () => {
  const user = AmqpPartner.newUserName();
  const tenantUsers = { AMQP_TENANT_USERS: `acme:${user}` };
  const platform = usePlatform({
    'detection-worker': tenantUsers,
    status: { ...tenantUsers, ...WEBHOOK_ENV },
  });
  const receiver = new WebhookReceiver();
  let partner: AmqpPartner | undefined;

  beforeAll(async () => {
    await receiver.start();
    partner = AmqpPartner.create(platform.env.topologyPrefix, user);
    await partner.connect(AMQP_URL, 'acme.system.ping.*');
  }, 30_000);

  afterAll(async () => {
    await partner?.dispose();
    await receiver.stop();
  });

  const publishWith = async (callbackUrl: string): Promise<string> => {
    const command = partnerCommand();
    await partner?.publish(
      { ...command, data: { ...command.data, callbackUrl } },
      'system.ping',
      command.correlationid,
    );
    return command.subject;
  };
  const webhookEntry = (id: string) =>
    waitFor(`a webhook entry of ${id}`, async () => {
      const events = await platform.api.events(id).catch(() => []);
      return events.find((e) => e.name.startsWith('webhook.'));
    });

  it('delivers the job of a command with a callbackUrl, signed', async () => {
    const id = await publishWith(receiver.url('/amqp'));
    expect(await webhookEntry(id)).toMatchObject({
      name: 'webhook.delivered',
      data: { statusCode: 200 },
    });
    const [hit] = receiver.at('/amqp');
    expect(JSON.parse(hit?.body ?? '{}')).toMatchObject({ id, status: 'SUCCEEDED' });
    expect(
      verifySignature(String(hit?.headers['jobmill-signature']), hit?.body ?? '', SECRET),
    ).toBe(true);
  });

  it('records a refused callbackUrl at delivery and never sends it', async () => {
    const id = await publishWith(`http://127.0.0.2:${receiver.port}/refused`);
    expect(await webhookEntry(id)).toMatchObject({
      name: 'webhook.failed',
      data: { error: { code: 'WEBHOOK_URL_INVALID' }, final: true },
    });
    expect(receiver.at('/refused')).toEqual([]);
  });
});
