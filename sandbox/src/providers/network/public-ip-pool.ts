/**
 * Fake public addresses for sandbox public IPs: documentation ranges that are never routed
 * (RFC 5737 TEST-NET-3 203.0.113.0/24, then TEST-NET-2 198.51.100.0/24), so nothing can ever reach
 * a real host through them. The sandbox maps them to loopback endpoints (`GET /_sandbox/nodes`).
 * An address is unique across the whole sandbox (all subscriptions), lowest free first.
 */
const POOLS = ['203.0.113.', '198.51.100.'];

export function allocatePublicAddress(inUse: Set<string>): string | undefined {
  for (const prefix of POOLS) {
    for (let host = 1; host <= 254; host++) {
      const ip = `${prefix}${host}`;
      if (!inUse.has(ip)) return ip;
    }
  }
  return undefined;
}
