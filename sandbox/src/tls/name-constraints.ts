/**
 * The name constraints of the sandbox CA: it may vouch for the loopback addresses and localhost
 * only, the names the sandbox's own server certificate carries. A user who trusts the CA more
 * widely than Flatkube does (imports it system-wide, into a browser) then trusts nothing else
 * through it: a leaf for any other name, made with a stolen CA key, fails verification.
 *
 * node-forge parses the extension but cannot build it, so its DER value is built here with
 * forge.asn1. The structure (RFC 5280 §4.2.1.10, id-ce-nameConstraints 2.5.29.30, in a module
 * with IMPLICIT tags):
 *
 *   NameConstraints ::= SEQUENCE {
 *        permittedSubtrees       [0]     GeneralSubtrees OPTIONAL,
 *        excludedSubtrees        [1]     GeneralSubtrees OPTIONAL }
 *   GeneralSubtrees ::= SEQUENCE SIZE (1..MAX) OF GeneralSubtree
 *   GeneralSubtree ::= SEQUENCE {
 *        base                    GeneralName,
 *        minimum         [0]     BaseDistance DEFAULT 0,
 *        maximum         [1]     BaseDistance OPTIONAL }
 *
 * with GeneralName's dNSName [2] IA5String and iPAddress [7] OCTET STRING, which in a constraint
 * holds the address followed by its mask (8 octets for IPv4, 32 for IPv6). minimum and maximum
 * are left out (RFC 5280: minimum MUST be zero, maximum absent). No excludedSubtrees: the
 * permitted list alone shuts out everything else, for each name type it lists (DNS and IP here;
 * the CA signs server certificates only, which name no e-mail or URI).
 */
import forge from 'node-forge';

const { asn1 } = forge;

/** The DNS names the CA may vouch for (RFC 5280: "localhost" also covers its subdomains). */
export const SANDBOX_DNS_NAMES = ['localhost'];
/** The address ranges it may vouch for: IPv4 loopback and the IPv6 loopback address. */
export const SANDBOX_IP_RANGES: readonly { address: string; prefix: number }[] = [
  { address: '127.0.0.0', prefix: 8 },
  { address: '::1', prefix: 128 },
];

const NAME_CONSTRAINTS_OID = '2.5.29.30';

/** forge.util.bytesFromIP (IPv4 or IPv6 to network-order bytes): in forge, missing from @types/node-forge. */
const bytesFromIP = (forge.util as unknown as { bytesFromIP(ip: string): string | null }).bytesFromIP;

/** `prefix` leading one bits in `bytes` octets, as a byte string (the mask of an address range). */
function mask(bytes: number, prefix: number): string {
  let out = '';
  for (let i = 0; i < bytes; i++) {
    const bits = Math.max(0, Math.min(8, prefix - i * 8));
    out += String.fromCharCode((0xff00 >> bits) & 0xff);
  }
  return out;
}

function subtree(base: forge.asn1.Asn1): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [base]);
}

/** The NameConstraints value (ASN.1) permitting the sandbox's names only. */
export function sandboxNameConstraints(): forge.asn1.Asn1 {
  const dns = SANDBOX_DNS_NAMES.map((name) => subtree(asn1.create(asn1.Class.CONTEXT_SPECIFIC, 2, false, name)));
  const ips = SANDBOX_IP_RANGES.map(({ address, prefix }) => {
    const addr = bytesFromIP(address);
    if (!addr) throw new Error(`not an IP address: ${address}`);
    return subtree(asn1.create(asn1.Class.CONTEXT_SPECIFIC, 7, false, addr + mask(addr.length, prefix)));
  });
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [...ips, ...dns])]);
}

/** The extension for forge's setExtensions: critical, so a verifier that cannot read it refuses the chain. */
export function nameConstraintsExtension(): { id: string; critical: true; value: forge.asn1.Asn1 } {
  return { id: NAME_CONSTRAINTS_OID, critical: true, value: sandboxNameConstraints() };
}

/** Whether `cert` carries exactly these constraints, critical (a CA from before them does not). */
export function hasSandboxNameConstraints(cert: forge.pki.Certificate): boolean {
  const ext = cert.extensions.find((e: { id?: string }) => e.id === NAME_CONSTRAINTS_OID) as { critical?: boolean; value?: unknown } | undefined;
  if (!ext?.critical || typeof ext.value !== 'string') return false;
  return ext.value === asn1.toDer(sandboxNameConstraints()).getBytes();
}
