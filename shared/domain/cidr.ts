/**
 * Pure IPv4 CIDR helpers for validating cluster networks (VNet, subnet, pods, services) and for
 * deriving deterministic node addresses. IPv4 only: Azure VNets, kubeadm defaults and every CNI
 * we offer are configured IPv4 here; dual-stack is out of scope.
 */

export interface Cidr {
  /** Network address as an unsigned 32-bit integer (host bits cleared). */
  network: number;
  prefix: number;
  /** The canonical text, e.g. "10.0.0.0/16". */
  text: string;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parses dotted IPv4 to an unsigned 32-bit integer; undefined when malformed. */
export function parseIpv4(ip: string): number | undefined {
  const m = IPV4.exec(ip.trim());
  if (!m) return undefined;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const part = m[i] as string;
    // Leading zeros are ambiguous (octal in some tools), so refuse them like Azure does.
    if (part.length > 1 && part.startsWith('0')) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff - (2 ** (32 - prefix) - 1)) >>> 0;
}

export type CidrParseResult = { ok: true; cidr: Cidr } | { ok: false; error: string };

/**
 * Parses "a.b.c.d/n". Host bits must be zero (Azure rejects "10.0.1.5/24" as an address prefix,
 * and a silent fix-up would hide a typo from the user).
 */
export function parseCidr(text: string): CidrParseResult {
  const [ip, prefixText, ...rest] = text.trim().split('/');
  if (ip === undefined || prefixText === undefined || rest.length > 0) {
    return { ok: false, error: `"${text}" is not in CIDR form a.b.c.d/n` };
  }
  const address = parseIpv4(ip);
  if (address === undefined) return { ok: false, error: `"${ip}" is not an IPv4 address` };
  if (!/^\d{1,2}$/.test(prefixText) || Number(prefixText) > 32) {
    return { ok: false, error: `prefix "/${prefixText}" must be 0-32` };
  }
  const prefix = Number(prefixText);
  const network = (address & maskOf(prefix)) >>> 0;
  if (network !== address) {
    return {
      ok: false,
      error: `host bits are set: did you mean ${formatIpv4(network)}/${prefix}?`,
    };
  }
  return { ok: true, cidr: { network, prefix, text: `${formatIpv4(network)}/${prefix}` } };
}

/** Like parseCidr but throws; for values already validated by the spec schema. */
export function mustParseCidr(text: string): Cidr {
  const r = parseCidr(text);
  if (!r.ok) throw new Error(r.error);
  return r.cidr;
}

export function cidrSize(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

/** Last address (broadcast) of the block as an integer. */
export function cidrLast(c: Cidr): number {
  return c.network + cidrSize(c) - 1;
}

/** True when `inner` lies entirely within `outer` (equal blocks count as contained). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.network >= outer.network && cidrLast(inner) <= cidrLast(outer);
}

/** True when the blocks share at least one address. */
export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  return a.network <= cidrLast(b) && b.network <= cidrLast(a);
}

export function ipInCidr(ip: number, c: Cidr): boolean {
  return ip >= c.network && ip <= cidrLast(c);
}

/** The address at `offset` from the network address, or undefined outside the block. */
export function hostAt(c: Cidr, offset: number): string | undefined {
  if (!Number.isInteger(offset) || offset < 0 || offset >= cidrSize(c)) return undefined;
  return formatIpv4(c.network + offset);
}
