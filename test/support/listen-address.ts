import { readFile } from 'node:fs/promises';

/** IPv4 address from /proc/net/tcp's little-endian hex, e.g. 0100007F -> 127.0.0.1. */
const ipv4 = (hex: string): string =>
  [6, 4, 2, 0].map((at) => parseInt(hex.slice(at, at + 2), 16)).join('.');

/** IPv6 address from /proc/net/tcp6's hex (four little-endian words), in full form. */
function ipv6(hex: string): string {
  const words = [0, 8, 16, 24].map((at) => {
    const w = hex.slice(at, at + 8);
    return [6, 4, 2, 0].map((i) => w.slice(i, i + 2)).join('');
  });
  const groups = words.join('').match(/.{4}/g) ?? [];
  return groups.map((g) => g.replace(/^0+(?=.)/, '')).join(':');
}

/**
 * The local addresses with a socket listening on `port`, read from the kernel (/proc/net/tcp,
 * tcp6): what a process really bound, whatever it printed. Linux only.
 */
export async function listeningAddresses(port: number): Promise<string[]> {
  const found: string[] = [];
  for (const [file, decode] of [
    ['/proc/net/tcp', ipv4],
    ['/proc/net/tcp6', ipv6],
  ] as const) {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      const [addr, hexPort] = (local ?? '').split(':');
      // 0A is TCP_LISTEN.
      if (state === '0A' && addr && parseInt(hexPort ?? '', 16) === port) found.push(decode(addr));
    }
  }
  return found;
}
