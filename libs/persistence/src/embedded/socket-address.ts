import { basename, dirname, join } from 'node:path';
import { SOCKET_FILE } from './data-dir-layout';

/** Where the wire-protocol server listens: a Unix socket file, or a loopback TCP port. */
export type ListenAddress = { readonly path: string } | { readonly host: string; readonly port: 0 };

// sun_path holds 108 bytes on Linux and 104 on macOS, with the terminating NUL.
const MAX_SOCKET_PATH = 103;

/**
 * A Unix socket inside the data directory when the path fits (no port to collide, nothing
 * reachable from the network); otherwise 127.0.0.1 on a port the OS picks.
 */
export function listenAddressFor(dataDir: string, platform = process.platform): ListenAddress {
  const path = join(dataDir, SOCKET_FILE);
  if (platform !== 'win32' && Buffer.byteLength(path) <= MAX_SOCKET_PATH) return { path };
  return { host: '127.0.0.1', port: 0 };
}

/**
 * The URL pg connects with. PGlite has one database and one user whatever the client asks
 * for, so they are named as they are. A socket directory goes in the host, percent-encoded.
 * Port and sslmode are spelled out: pg would otherwise take them from a PGPORT or PGSSLMODE
 * meant for some other server.
 */
export function connectionUrl(address: ListenAddress, boundPort: number): string {
  if ('path' in address) {
    const port = basename(address.path).slice(SOCKET_PREFIX.length);
    const host = encodeURIComponent(dirname(address.path));
    return `postgres://postgres@${host}:${port}/postgres?sslmode=disable`;
  }
  return `postgres://postgres@${address.host}:${boundPort}/postgres?sslmode=disable`;
}

const SOCKET_PREFIX = '.s.PGSQL.';
