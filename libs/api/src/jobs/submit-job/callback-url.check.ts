import type { JobSubmission } from '@jobmill/contracts';
import type { WebhookSecretStore } from '@jobmill/persistence';
import { callbackUrlRefusal, type WebhookSettings } from '@jobmill/webhooks';
import { ProblemError } from '../../problems/problem.error';

/**
 * Checks the callbackUrl of submissions before anything is recorded: the URL rules (400
 * WEBHOOK_URL_INVALID / WEBHOOK_URL_REFUSED) and a secret to sign with (400
 * WEBHOOK_SECRET_MISSING: an unsigned webhook could not be trusted by its receiver).
 */
export class CallbackUrlCheck {
  constructor(
    private readonly settings: WebhookSettings,
    private readonly secrets: WebhookSecretStore,
  ) {}

  /** Throws the problem of the first submission whose callbackUrl cannot be accepted. */
  async check(
    tenant: string,
    submissions: readonly JobSubmission[],
    pathOf: (index: number) => string = () => '',
  ): Promise<void> {
    let withCallback = false;
    for (const [i, s] of submissions.entries()) {
      if (s.callbackUrl === undefined) continue;
      withCallback = true;
      const refusal = callbackUrlRefusal(s.callbackUrl, this.settings.allowedHosts);
      const path = `${pathOf(i)}/callbackUrl`;
      if (refusal)
        throw new ProblemError(400, refusal.code, 'Invalid job', refusal.message, [
          { path, message: refusal.message },
        ]);
    }
    if (!withCallback || this.settings.secrets.has(tenant)) return;
    if ((await this.secrets.signing([tenant])).has(tenant)) return;
    throw new ProblemError(
      400,
      'WEBHOOK_SECRET_MISSING',
      'Invalid job',
      `Tenant '${tenant}' has no webhook secret to sign deliveries with: ask an administrator to ` +
        'rotate one (POST /v1/admin/webhook-secrets/{tenant}/rotate).',
      [{ path: '/callbackUrl', message: 'no webhook secret for this tenant' }],
    );
  }
}
