import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header that carries a delivery's signature. */
export const SIGNATURE_HEADER = 'Jobmill-Signature';

/** How far a signature's timestamp may be from the receiver's clock, by default (replays). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** The hex HMAC-SHA256 of `<t>.<body>` under the tenant's secret. */
export function signatureOf(secret: string, t: number, body: string): string {
  return createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
}

/**
 * The `Jobmill-Signature` value of a body sent at unix second `t`: `t=<t>,v1=<hex>`, with one
 * `v1` per secret (during a rotation's grace the old secret signs too).
 */
export function signatureHeader(
  secrets: string | readonly string[],
  body: string,
  t: number,
): string {
  const each = typeof secrets === 'string' ? [secrets] : secrets;
  return [`t=${t}`, ...each.map((secret) => `v1=${signatureOf(secret, t, body)}`)].join(',');
}

/** Options of verifySignature: the receiver's clock and how much skew it accepts. */
export interface VerifyOptions {
  readonly nowSeconds?: number;
  readonly toleranceSeconds?: number;
}

/**
 * Whether `header` signs `body` under `secret` with a fresh timestamp: what a receiver checks
 * (constant-time comparison; any of several `v1` entries may match).
 */
export function verifySignature(
  header: string,
  body: string,
  secret: string,
  options: VerifyOptions = {},
): boolean {
  const parts = header.split(',').map((part) => part.trim().split('='));
  const t = Number(parts.find(([key]) => key === 't')?.[1]);
  if (!Number.isSafeInteger(t)) return false;
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - t) > (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return false;
  const expected = Buffer.from(signatureOf(secret, t, body), 'hex');
  return parts.some(([key, value]) => {
    if (key !== 'v1' || value === undefined || !/^[0-9a-f]{64}$/.test(value)) return false;
    return timingSafeEqual(Buffer.from(value, 'hex'), expected);
  });
}
