/**
 * The user's public IPv4 address as Azure will see it, for the NSG rule that opens 22 and 6443
 * to this machine only. Detected through a well-known echo service, overridable by hand (a VPN
 * or proxy may make the detected one wrong). In the sandbox nothing leaves the machine: it
 * answers an address from a documentation range (RFC 5737), labelled as such.
 */
import type { PipelineRetryOptions } from '@azure/core-rest-pipeline';
import { parseIpv4 } from '../../../shared/domain/cidr';
import type { PublicIpInfo } from '../../../shared/ipc/channels/azure';
import { AppError } from '../errors';
import { httpGetText } from './http-json';

export const PUBLIC_IP_SERVICE = 'https://api.ipify.org';
/** TEST-NET-3 (RFC 5737): never routed, so it cannot open anything for anyone. */
export const SANDBOX_PUBLIC_IP = '203.0.113.10';

export function validPublicIpv4(ip: string): boolean {
  const n = parseIpv4(ip);
  if (n === undefined) return false;
  const [a, b] = ip.split('.').map(Number) as [number, number];
  // Private, loopback, link-local, CGNAT and unspecified addresses are never what Azure sees.
  return !(a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || a >= 224);
}

export interface PublicIpOptions {
  environment: 'sandbox' | 'azure';
  override?: string;
  /** Echo service URL (answers the address as plain text). */
  serviceUrl?: string;
  signal?: AbortSignal;
  retryOptions?: PipelineRetryOptions;
}

export async function detectPublicIp(opts: PublicIpOptions): Promise<PublicIpInfo> {
  if (opts.override !== undefined && opts.override.trim() !== '') {
    const ip = opts.override.trim();
    if (!validPublicIpv4(ip)) {
      throw new AppError('PUBLIC_IP_INVALID', `${ip} is not a public IPv4 address.`, { hint: 'Enter the address shown by a "what is my IP" page, e.g. 198.51.100.7.' });
    }
    return { ip, source: 'manual', detail: 'entered by you' };
  }
  if (opts.environment === 'sandbox') {
    return { ip: SANDBOX_PUBLIC_IP, source: 'sandbox', detail: 'sandbox: a documentation-range address (simulated; nothing was asked on the internet)' };
  }
  const url = opts.serviceUrl ?? PUBLIC_IP_SERVICE;
  let text: string;
  try {
    const res = await httpGetText(url, { timeoutMs: 8000, retryOptions: opts.retryOptions ?? { maxRetries: 2 }, ...(opts.signal ? { signal: opts.signal } : {}) });
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    text = res.text.trim();
  } catch (err) {
    opts.signal?.throwIfAborted();
    throw new AppError('PUBLIC_IP_UNKNOWN', `Could not detect your public IP address (${new URL(url).host}: ${(err as Error).message}).`, {
      hint: 'Enter it by hand: open a "what is my IP" page and copy the IPv4 address.',
    });
  }
  if (!validPublicIpv4(text)) {
    throw new AppError('PUBLIC_IP_UNKNOWN', `${new URL(url).host} did not answer a public IPv4 address.`, { hint: 'Enter your public IP address by hand.' });
  }
  return { ip: text, source: 'service', detail: `detected by ${new URL(url).host}` };
}
