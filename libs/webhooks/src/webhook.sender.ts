import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type Socket } from 'node:net';
import { bareHost, type AllowedHosts } from './callback-url.policy';
import { isRefusedAddress } from './refused-address';

/** One POST of a delivery: where, what, with which headers, how long to wait. */
export interface WebhookRequest {
  readonly url: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly allowedHosts: AllowedHosts;
}

/** What one attempt came to: delivered (2xx), or failed with a code and maybe a status. */
export type WebhookAttemptResult =
  | { readonly ok: true; readonly statusCode: number }
  | {
      readonly ok: false;
      readonly code: string;
      readonly message: string;
      readonly statusCode?: number;
      /** False when trying again cannot help (the target's address is refused). */
      readonly retryable: boolean;
    };

/** The target resolved to, or connected to, an address webhooks may not reach. */
class RefusedAddressError extends Error {
  override readonly name = 'RefusedAddressError';
  readonly code = 'WEBHOOK_ADDRESS_REFUSED';

  constructor(host: string, address: string) {
    super(`${host} resolves to ${address}, a private, loopback or link-local address`);
  }
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** dns.lookup that fails when any address it found is refused: the socket connects to what it checked. */
function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options }, (error, address, family) => {
    if (error) return callback(error, address, family);
    const found: LookupAddress[] = Array.isArray(address)
      ? address
      : [{ address, family: family ?? 4 }];
    const bad = found.find((a) => isRefusedAddress(a.address));
    if (bad) return callback(new RefusedAddressError(hostname, bad.address), '', 4);
    callback(null, address, family);
  });
}

/**
 * POSTs one delivery: follows no redirect (a 3xx is a failed attempt), gives up after the
 * timeout, and unless the host is allowed refuses any target whose resolved or connected
 * address is private, loopback, link-local, unique-local, multicast or unspecified.
 */
export function sendWebhook(request: WebhookRequest): Promise<WebhookAttemptResult> {
  const url = new URL(request.url);
  const host = bareHost(url);
  const guarded = !request.allowedHosts.has(host);
  if (guarded && isIP(host) !== 0 && isRefusedAddress(host)) {
    return Promise.resolve(failure(new RefusedAddressError(host, host)));
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = send(url, {
      method: 'POST',
      agent: false,
      headers: { ...request.headers, 'content-length': Buffer.byteLength(request.body) },
      signal: AbortSignal.timeout(request.timeoutMs),
      ...(guarded ? { lookup: guardedLookup } : {}),
    });
    if (guarded)
      req.on('socket', (socket: Socket) =>
        checkConnected(socket, host, (error) => req.destroy(error)),
      );
    req.on('response', (res: IncomingMessage) => {
      const statusCode = res.statusCode ?? 0;
      // The answer's body is not needed: drain it and close.
      res.resume();
      res.on('end', () => resolve(resultOf(statusCode)));
      res.on('error', () => resolve(resultOf(statusCode)));
    });
    req.on('error', (error) => resolve(failure(error)));
    req.end(request.body);
  });
}

function checkConnected(socket: Socket, host: string, destroy: (error: Error) => void): void {
  socket.once('connect', () => {
    const address = socket.remoteAddress ?? '';
    if (isRefusedAddress(address)) destroy(new RefusedAddressError(host, address));
  });
}

function resultOf(statusCode: number): WebhookAttemptResult {
  if (statusCode >= 200 && statusCode < 300) return { ok: true, statusCode };
  return {
    ok: false,
    statusCode,
    retryable: true,
    code: statusCode >= 300 && statusCode < 400 ? 'WEBHOOK_REDIRECT' : 'WEBHOOK_HTTP_STATUS',
    message:
      statusCode >= 300 && statusCode < 400
        ? `answered ${statusCode}: redirects are not followed`
        : `answered ${statusCode}`,
  };
}

function failure(error: Error & { code?: unknown }): WebhookAttemptResult {
  if (error instanceof RefusedAddressError)
    return { ok: false, code: error.code, message: error.message, retryable: false };
  const timedOut = error.name === 'TimeoutError' || error.name === 'AbortError';
  return {
    ok: false,
    retryable: true,
    code: timedOut ? 'WEBHOOK_TIMEOUT' : 'WEBHOOK_UNREACHABLE',
    message: timedOut
      ? 'no answer within the timeout'
      : `${typeof error.code === 'string' ? `${error.code}: ` : ''}${error.message}`,
  };
}
