// Name resolution on a simulated node, in the order glibc's default `hosts: files dns` takes:
// /etc/hosts first (CAPZ's hairpin workaround writes `127.0.0.1 <API endpoint name>` there on
// control planes: kubernetes-sigs/cluster-api-provider-azure
// templates/flavors/private/patches/apiserver-host-dns.yaml), then Azure's resolver for the
// public `<label>.<region>.cloudapp.azure.com` names of public IPs (NodeNetwork.lookup). Azure's
// own resolver address (168.63.129.16) is what a failed lookup names, as Go's resolver prints it
// (https://learn.microsoft.com/azure/virtual-network/what-is-ip-address-168-63-129-16).
import { isIP } from 'node:net';
import type { NodeDirectory } from '../command-types';
import type { SimNode } from '../sim-node';

export const AZURE_DNS = '168.63.129.16';

/** The addresses /etc/hosts gives a name (first match wins, as in glibc), if any. */
export function hostsLookup(node: SimNode, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const raw of (node.fs.readText('/etc/hosts') ?? '').split('\n')) {
    const [addr, ...names] = raw.replace(/#.*/, '').trim().split(/\s+/);
    if (addr && isIP(addr) && names.some((n) => n.toLowerCase() === wanted)) return addr;
  }
  return undefined;
}

/** An IP literal as it is; else /etc/hosts, `localhost`, then Azure DNS. Undefined: no such host. */
export function resolveHost(node: SimNode, dir: NodeDirectory, host: string): string | undefined {
  if (isIP(host)) return host;
  const fromFile = hostsLookup(node, host);
  if (fromFile) return fromFile;
  if (host.toLowerCase() === 'localhost') return '127.0.0.1';
  return dir.network?.lookup(host);
}

/** Go's net error text for a failed lookup (what kubeadm and kubectl print). */
export function noSuchHost(host: string): string {
  return `dial tcp: lookup ${host} on ${AZURE_DNS}:53: no such host`;
}
