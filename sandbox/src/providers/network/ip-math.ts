/** IPv4 arithmetic for subnets and private address assignment (no dependency needed for /8../32). */

export interface Cidr {
  base: number;
  prefix: number;
}

export function ipToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** `10.0.1.0/24` -> {base, prefix}; undefined when malformed or host bits are set. */
export function parseCidr(cidr: string): Cidr | undefined {
  const m = /^([\d.]+)\/(\d{1,2})$/.exec(cidr.trim());
  if (!m) return undefined;
  const base = ipToInt(m[1]!);
  const prefix = Number(m[2]);
  if (base === undefined || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  if (base % size !== 0) return undefined;
  return { base, prefix };
}

export function cidrSize(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

/** Whether `inner` lies entirely inside `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return inner.base >= outer.base && inner.base + cidrSize(inner) <= outer.base + cidrSize(outer);
}

export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + cidrSize(b) && b.base < a.base + cidrSize(a);
}

export function ipInCidr(ip: string, c: Cidr): boolean {
  const n = ipToInt(ip);
  return n !== undefined && n >= c.base && n < c.base + cidrSize(c);
}

/**
 * The first free host address of a subnet, as Azure assigns them: Azure reserves the network
 * address, .1 (gateway), .2 and .3 (DNS) and the broadcast address, so the first VM gets .4.
 */
export function firstFreeAddress(subnet: Cidr, used: Set<string>): string | undefined {
  const last = subnet.base + cidrSize(subnet) - 2; // exclude broadcast
  for (let n = subnet.base + 4; n <= last; n++) {
    const ip = intToIp(n);
    if (!used.has(ip)) return ip;
  }
  return undefined;
}

/** Whether `ip` is an address Azure would hand out in the subnet (not reserved). */
export function isAssignableAddress(ip: string, subnet: Cidr): boolean {
  const n = ipToInt(ip);
  return n !== undefined && n >= subnet.base + 4 && n <= subnet.base + cidrSize(subnet) - 2;
}
