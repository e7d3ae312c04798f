/**
 * DNS names of public IPs: `dnsSettings.domainNameLabel: dnslbl` gives
 * `fqdn: dnslbl.<region>.cloudapp.azure.com` (Azure/azure-rest-api-specs:
 * specification/network/resource-manager/Microsoft.Network/stable/2025-03-01/examples/PublicIpAddressCreateDns.json).
 * A label is unique per region across all of Azure: a second public IP asking for it gets
 * `DnsRecordInUse` "DNS record <fqdn> is already used by another public IP." (real answer quoted
 * in https://github.com/Azure/azure-quickstart-templates/issues/4978 and
 * https://github.com/scarolan/azure-terraform-beginners/issues/20). The sandbox's resolver
 * answers these names with the fake public address (lookupPublicFqdn: the simulated nodes use it).
 */
import { ArmError, type ArmResource, type ResourceStore } from '../../arm/types';

export const PUBLIC_DNS_SUFFIX = 'cloudapp.azure.com';

/**
 * Label rule from the public IP docs (https://learn.microsoft.com/azure/virtual-network/ip-services/public-ip-addresses#dns-name-label):
 * lower-case letters, digits and hyphens, starting with a letter, ending with a letter or digit,
 * 3-63 characters. Error code and wording: UNCONFIRMED (no recorded Azure answer found).
 */
const LABEL = /^[a-z][a-z0-9-]{1,61}[a-z0-9]$/;

function isPublicIp(r: ArmResource): boolean {
  return r.type.toLowerCase() === 'microsoft.network/publicipaddresses';
}

function fqdnOf(r: ArmResource): string | undefined {
  const f = (r.properties?.dnsSettings as { fqdn?: unknown } | undefined)?.fqdn;
  return typeof f === 'string' ? f.toLowerCase() : undefined;
}

/** The dnsSettings to store for a public IP PUT (undefined: none asked for). */
export function dnsSettingsFor(store: ResourceStore, pipId: string, location: string, requested: unknown): Record<string, string> | undefined {
  const d = requested && typeof requested === 'object' ? (requested as Record<string, unknown>) : undefined;
  const label = typeof d?.domainNameLabel === 'string' ? d.domainNameLabel : undefined;
  if (!label) return undefined;
  if (!LABEL.test(label)) {
    throw new ArmError(400, 'InvalidDomainNameLabel', `The domain name label ${label} is invalid. It must conform to the following regular expression: ^[a-z][a-z0-9-]{1,61}[a-z0-9]$.`);
  }
  const fqdn = `${label}.${location}.${PUBLIC_DNS_SUFFIX}`;
  const taken = store.listResources((r) => isPublicIp(r) && r.id.toLowerCase() !== pipId.toLowerCase() && fqdnOf(r) === fqdn);
  if (taken.length > 0) throw new ArmError(400, 'DnsRecordInUse', `DNS record ${fqdn} is already used by another public IP.`);
  return {
    domainNameLabel: label,
    fqdn,
    ...(typeof d?.reverseFqdn === 'string' && d.reverseFqdn ? { reverseFqdn: d.reverseFqdn } : {}),
  };
}

/** The fake address Azure DNS would answer for `<label>.<region>.cloudapp.azure.com`, if any. */
export function lookupPublicFqdn(store: ResourceStore, name: string): string | undefined {
  const wanted = name.toLowerCase().replace(/\.$/, '');
  if (!wanted.endsWith(`.${PUBLIC_DNS_SUFFIX}`)) return undefined;
  const pip = store.listResources((r) => isPublicIp(r) && fqdnOf(r) === wanted)[0];
  const ip = pip?.properties?.ipAddress;
  return typeof ip === 'string' ? ip : undefined;
}
