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
