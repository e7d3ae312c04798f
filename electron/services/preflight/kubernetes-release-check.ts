/**
 * Is a Kubernetes version an upstream release? A HEAD probe of the kubeadm checksum on dl.k8s.io.
 * (Whether the Flatcar sysext exists is answered by the bakery's SHA256SUMS: sysext-checksums.ts.)
 * The probe is injected (tests, offline machines).
 */
import { httpGetText } from '../azure/http-json';

export type ProbeResult = 'exists' | 'missing' | 'unreachable';
export type UrlProbe = (url: string, signal?: AbortSignal) => Promise<ProbeResult>;

export function kubeadmChecksumUrl(version: string, architecture: 'x64' | 'Arm64'): string {
  return `https://dl.k8s.io/release/v${version}/bin/linux/${architecture === 'Arm64' ? 'arm64' : 'amd64'}/kubeadm.sha256`;
}

/** The default probe over HTTPS (follows dl.k8s.io's redirect to its CDN). */
export const httpsHeadProbe: UrlProbe = async (url, signal) => {
  try {
    const res = await httpGetText(url, { method: 'HEAD', timeoutMs: 10_000, retryOptions: { maxRetries: 1 }, ...(signal ? { signal } : {}) });
    if (res.status >= 200 && res.status < 300) return 'exists';
    if (res.status === 404 || res.status === 403) return 'missing';
    return 'unreachable';
  } catch {
    signal?.throwIfAborted();
    return 'unreachable';
  }
};

export interface ReleaseCheck {
  release: ProbeResult;
  releaseUrl: string;
}

export async function checkKubernetesRelease(version: string, architecture: 'x64' | 'Arm64', probe: UrlProbe, signal?: AbortSignal): Promise<ReleaseCheck> {
  const releaseUrl = kubeadmChecksumUrl(version, architecture);
  return { release: await probe(releaseUrl, signal), releaseUrl };
}
