import { presentJob, type ClaimedDelivery, type DeliveryAttemptRecord } from '@jobmill/persistence';
import {
  callbackUrlRefusal,
  nextWebhookAttemptAt,
  sendWebhook,
  signatureHeader,
  SIGNATURE_HEADER,
  type WebhookSettings,
} from '@jobmill/webhooks';

/** The body of a delivery: the first attempt's (retries resend it), else the job as GET shows it. */
export function deliveryBody(delivery: ClaimedDelivery): string {
  if (delivery.body !== null) return delivery.body;
  if (delivery.job) return JSON.stringify(presentJob(delivery.job));
  // The job row is gone (retention): say at least which job reached which state.
  return JSON.stringify({ id: delivery.jobId, status: delivery.jobStatus });
}

/** The headers of one POST: the signature of this body at this second, and what it is about. */
export function deliveryHeaders(
  delivery: ClaimedDelivery,
  body: string,
  secrets: readonly string[],
  nowSeconds: number,
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'jobmill-webhooks/1',
    [SIGNATURE_HEADER.toLowerCase()]: signatureHeader(secrets, body, nowSeconds),
    'jobmill-delivery': delivery.id,
    'jobmill-event': `job.${delivery.jobStatus.toLowerCase()}`,
  };
}

/** Makes one attempt of a claimed delivery and says what to record (never throws). */
export async function attemptDelivery(
  delivery: ClaimedDelivery,
  secrets: readonly string[] | undefined,
  settings: WebhookSettings,
): Promise<DeliveryAttemptRecord> {
  const body = deliveryBody(delivery);
  // Commands published over AMQP reach here unchecked: the URL rules apply at delivery too.
  const refusal = callbackUrlRefusal(delivery.url, settings.allowedHosts);
  if (refusal) return { delivery, body, delivered: false, nextAttemptAt: null, ...refusal };
  if (secrets === undefined || secrets.length === 0) {
    const message = `tenant '${delivery.tenant}' has no webhook secret`;
    return {
      delivery,
      body,
      delivered: false,
      nextAttemptAt: null,
      code: 'WEBHOOK_SECRET_MISSING',
      message,
    };
  }
  const now = Date.now();
  const result = await sendWebhook({
    url: delivery.url,
    body,
    headers: deliveryHeaders(delivery, body, secrets, Math.floor(now / 1000)),
    timeoutMs: settings.timeoutMs,
    allowedHosts: settings.allowedHosts,
  });
  if (result.ok)
    return { delivery, body, delivered: true, nextAttemptAt: null, statusCode: result.statusCode };
  const next = result.retryable
    ? nextWebhookAttemptAt(
        delivery.attempt,
        settings.backoffBaseMs,
        Date.parse(delivery.createdAt),
        Date.now(),
      )
    : null;
  return {
    delivery,
    body,
    delivered: false,
    nextAttemptAt: next === null ? null : new Date(next).toISOString(),
    code: result.code,
    message: result.message,
    ...(result.statusCode === undefined ? {} : { statusCode: result.statusCode }),
  };
}
