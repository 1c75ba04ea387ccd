import { isIP } from 'node:net';
import { env } from './env.reader';

/** The default listen address: this machine only, until HOST says otherwise. */
export const LOOPBACK_HOST = '127.0.0.1';

/** HOST: the address every service listens on (`0.0.0.0` or `::` for every interface). */
export const listenHost = (): string => env.string('HOST', LOOPBACK_HOST);

/** True when only this machine can reach `host` (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  // An IPv4-mapped IPv6 loopback (::ffff:127.x.y.z) is loopback too.
  return /^::ffff:127\./.test(bare);
}
