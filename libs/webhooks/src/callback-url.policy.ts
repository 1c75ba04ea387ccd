import { isIP } from 'node:net';
import { MAX_CALLBACK_URL_LENGTH } from '@jobmill/contracts';
import { isRefusedAddress } from './refused-address';

/** Hosts (names or IPs, lower case, IPv6 without brackets) exempt from the address rules. */
export type AllowedHosts = ReadonlySet<string>;

/** Why a callback URL is refused: a stable code and a sentence for people. */
export interface CallbackUrlRefusal {
  readonly code: 'WEBHOOK_URL_INVALID' | 'WEBHOOK_URL_REFUSED';
  readonly message: string;
}

/** A URL's host as WEBHOOK_ALLOWED_HOSTS names it: lower case, IPv6 without brackets. */
export const bareHost = (url: URL): string => url.hostname.toLowerCase().replace(/^\[|\]$/g, '');

/** Parses WEBHOOK_ALLOWED_HOSTS entries into the set the policy checks. */
export const allowedHostsOf = (entries: readonly string[]): AllowedHosts =>
  new Set(
    entries
      .map((e) =>
        e
          .trim()
          .toLowerCase()
          .replace(/^\[|\]$/g, ''),
      )
      .filter(Boolean),
  );

const LOCAL_NAMES = /(^|\.)(localhost|localdomain|local|internal)\.?$/;

/**
 * Checks a callback URL before it is accepted or used: https (http only for an allowed host),
 * no credentials, at most MAX_CALLBACK_URL_LENGTH characters, and no host that is plainly
 * private (an IP literal in a refused range, or a local name) unless it is allowed. Names are
 * resolved, and their addresses checked, only when a delivery connects.
 */
export function callbackUrlRefusal(
  raw: string,
  allowed: AllowedHosts,
): CallbackUrlRefusal | undefined {
  if (raw.length > MAX_CALLBACK_URL_LENGTH)
    return invalid(`callbackUrl is longer than ${MAX_CALLBACK_URL_LENGTH} characters.`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return invalid('callbackUrl is not an absolute URL.');
  }
  const host = bareHost(url);
  const isAllowed = allowed.has(host);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isAllowed))
    return invalid('callbackUrl must use https (http only for a host in WEBHOOK_ALLOWED_HOSTS).');
  if (url.username !== '' || url.password !== '')
    return invalid('callbackUrl must not carry credentials.');
  if (isAllowed) return undefined;
  if ((isIP(host) !== 0 && isRefusedAddress(host)) || LOCAL_NAMES.test(host))
    return {
      code: 'WEBHOOK_URL_REFUSED',
      message: `callbackUrl's host '${host}' is private, loopback or link-local and not in WEBHOOK_ALLOWED_HOSTS.`,
    };
  return undefined;
}

const invalid = (message: string): CallbackUrlRefusal => ({ code: 'WEBHOOK_URL_INVALID', message });
