/** Small CIDR predicates over the ip-address library. */
import { Address4 } from 'ip-address';

/** True when two CIDRs share any address. */
export function overlaps(a: string, b: string): boolean {
  const x = new Address4(a);
  const y = new Address4(b);
  return x.startAddress().bigInt() <= y.endAddress().bigInt() && y.startAddress().bigInt() <= x.endAddress().bigInt();
}

/** True when `inner` lies entirely inside `outer`. */
export function contains(outer: string, inner: string): boolean {
  const o = new Address4(outer);
  const i = new Address4(inner);
  return o.startAddress().bigInt() <= i.startAddress().bigInt() && i.endAddress().bigInt() <= o.endAddress().bigInt();
}

/** True when the CIDR's address is its network address. */
export function isNetworkAddress(cidr: string): boolean {
  const a = new Address4(cidr);
  return a.startAddress().correctForm() === a.addressMinusSuffix;
}

export function addressCount(cidr: string): number {
  return 2 ** (32 - new Address4(cidr).subnetMask);
}

/** First octets of the /8 blocks that are not public address space (this network, RFC 1918's 10/8, loopback, multicast and reserved). */
const NON_PUBLIC_OCTETS = new Set([0, 10, 127, ...Array.from({ length: 32 }, (_, i) => 224 + i)]);

/**
 * The first public /8 block the union of `cidrs` covers whole, or undefined.
 * Parses the ranges rather than matching text: 0.0.0.0/1 + 128.0.0.0/1 is the
 * whole internet as surely as 0.0.0.0/0 is.
 */
export function widePublicBlock(cidrs: readonly string[]): string | undefined {
  const ranges = cidrs
    .map((c) => new Address4(c))
    .map((a) => [a.startAddress().bigInt(), a.endAddress().bigInt()] as const)
    .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  // Merge touching and overlapping ranges into their union.
  const union: Array<[bigint, bigint]> = [];
  for (const [start, end] of ranges) {
    const last = union.at(-1);
    if (last && start <= last[1] + 1n) last[1] = end > last[1] ? end : last[1];
    else union.push([start, end]);
  }
  const block = 1n << 24n;
  for (const [start, end] of union) {
    for (let octet = Number((start + block - 1n) / block); BigInt(octet + 1) * block - 1n <= end && octet < 256; octet++) {
      if (!NON_PUBLIC_OCTETS.has(octet)) return `${octet}.0.0.0/8`;
    }
  }
  return undefined;
}
