import { ConfigError } from '@jobmill/platform';
import { parseWebhookSecrets } from './webhook-secrets';

describe('parseWebhookSecrets', () => {
  it('maps tenants to secrets', () => {
    expect(parseWebhookSecrets(['acme:0123456789abcdef', 'globex:s3cr3t:with:colons!'])).toEqual(
      new Map([
        ['acme', '0123456789abcdef'],
        ['globex', 's3cr3t:with:colons!'],
      ]),
    );
  });

  it.each(['acme', ':0123456789abcdef', 'acme:short', 'Not A Tenant:0123456789abcdef'])(
    'fails start-up on %s, naming the variable but not the secret',
    (entry) => {
      const thrown = (() => {
        try {
          parseWebhookSecrets([entry]);
        } catch (error) {
          return error;
        }
        return undefined;
      })();
      expect(thrown).toBeInstanceOf(ConfigError);
      expect((thrown as Error).message).toContain('WEBHOOK_SECRETS');
      expect((thrown as Error).message).not.toContain('0123456789abcdef');
    },
  );
});
