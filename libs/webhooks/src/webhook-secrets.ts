import { TENANT_PATTERN } from '@jobmill/contracts';
import { ConfigError } from '@jobmill/platform';

/** The shortest secret WEBHOOK_SECRETS accepts: an HMAC key must not be guessable. */
export const MIN_WEBHOOK_SECRET_LENGTH = 16;

/** Parses WEBHOOK_SECRETS (`tenant:secret` pairs) into tenant -> secret; a bad entry fails start-up. */
export function parseWebhookSecrets(pairs: readonly string[]): Map<string, string> {
  const secrets = new Map<string, string>();
  for (const pair of pairs) {
    const at = pair.indexOf(':');
    const tenant = pair.slice(0, Math.max(0, at));
    const secret = pair.slice(at + 1);
    if (at < 1 || secret.length < MIN_WEBHOOK_SECRET_LENGTH || !TENANT_PATTERN.test(tenant)) {
      throw new ConfigError(
        // The secret is not echoed: name the entry by its tenant part only.
        `WEBHOOK_SECRETS entries must be tenant:secret with a slug tenant and a secret of ${MIN_WEBHOOK_SECRET_LENGTH}+ characters (entry for '${tenant}')`,
        'WEBHOOK_SECRETS',
      );
    }
    secrets.set(tenant, secret);
  }
  return secrets;
}
