/**
 * Chat-robot URLs are typed in by admins and posted to by the server: without a check, a channel
 * pointed at 127.0.0.1, the cloud metadata address or an intranet host turns "Send test message"
 * into a probe of the server's own network. Every address the host resolves to must be public,
 * unless TENURE_ALLOW_PRIVATE_WEBHOOKS opts in (an on-premises robot, tests). The check runs right
 * before each post and redirects are not followed; a DNS answer that changes between the check
 * and the connection is not caught (Node's fetch takes no per-request resolver).
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const internal = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  internal.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const)
  internal.addSubnet(network, prefix, 'ipv6');

/** True for loopback, private, link-local, shared, multicast and reserved addresses (IPv4-mapped IPv6 included). */
export function isInternalAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return internal.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 4) return internal.check(address, 'ipv4');
  if (family === 6) return internal.check(address, 'ipv6');
  return true;
}

export class InternalAddressError extends Error {
  constructor(readonly host: string) {
    super(`webhook host ${host} resolves to an internal address`);
  }
}

/** Throws InternalAddressError when the URL's host is, or resolves to, an internal address. */
export async function assertPublicUrl(url: string): Promise<void> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  if (!addresses.length || addresses.some(isInternalAddress)) throw new InternalAddressError(host);
}
