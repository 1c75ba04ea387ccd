import { BlockList, isIP } from 'node:net';

// Node's BlockList also matches IPv4-mapped IPv6 (::ffff:a.b.c.d) against the IPv4 rules.
const IPV4_RANGES: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8], // unspecified, "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT (shared address space)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata services live here)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and 255.255.255.255 broadcast
];

const IPV6_RANGES: readonly (readonly [string, number])[] = [
  ['::', 96], // unspecified, loopback (::1) and the deprecated IPv4-compatible form
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still private)
  ['fc00::', 7], // unique local
  ['ff00::', 8], // multicast
];

const refused = new BlockList();
for (const [network, prefix] of IPV4_RANGES) refused.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of IPV6_RANGES) refused.addSubnet(network, prefix, 'ipv6');

/**
 * Whether a webhook may not be sent to this address: private, loopback, link-local, unique-local,
 * multicast, unspecified or reserved, IPv4 or IPv6 (IPv4-mapped included). Not an IP: refused.
 */
export function isRefusedAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 0) return true;
  return refused.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}
