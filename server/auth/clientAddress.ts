import { isIP } from 'node:net';

/**
 * The address a request came from, as the login throttle counts it. `X-Forwarded-For` is used only when the operator
 * says that `trustedProxyHops` reverse proxies stand in front (TRUSTED_PROXY_HOPS): then the entry appended by the
 * outermost trusted proxy is the client, and anything a client wrote further left is ignored. Without trusted proxies
 * the header is anyone's to forge, so only the socket's address counts.
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | undefined, trustedProxyHops: number): string {
  let address = socketAddress;
  if (trustedProxyHops > 0 && forwardedFor) {
    const entries = forwardedFor.split(',').map((entry) => entry.trim()).filter(Boolean);
    const entry = entries[Math.max(0, entries.length - trustedProxyHops)];
    if (entry && isIP(entry)) address = entry;
  }
  return address ? normalizeAddress(address) : 'unknown';
}

/** IPv4-mapped IPv6 as plain IPv4; other IPv6 addresses as their /64, which one subscriber usually holds whole. */
function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (isIP(address) !== 6) return address;
  const [head, tail] = address.replace(/%.*$/, '').toLowerCase().split('::');
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  // An embedded IPv4 tail (a.b.c.d) takes the place of two groups.
  const width = (parts: string[]) => parts.reduce((n, p) => n + (p.includes('.') ? 2 : 1), 0);
  const left = groups(head);
  const right = groups(tail);
  const full = tail === undefined ? left : [...left, ...Array<string>(8 - width(left) - width(right)).fill('0'), ...right];
  return `${full.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}
