/**
 * Does a Kubernetes release exist where the nodes will fetch it? Two HEAD probes: the kubeadm
 * checksum on dl.k8s.io (the release exists) and the Flatcar sysext image on
 * extensions.flatcar.org (BOOTSTRAP.md: check the sysext before offering a version). HEAD, never
 * GET: a sysext image is ~100 MB. The probe is injected (tests, offline machines).
 */
import { httpGetText } from '../azure/http-json';
import { sysextArch, sysextUrl } from '../cluster/render/sysext-pins';

export type ProbeResult = 'exists' | 'missing' | 'unreachable';
export type UrlProbe = (url: string, signal?: AbortSignal) => Promise<ProbeResult>;

export function kubeadmChecksumUrl(version: string, architecture: 'x64' | 'Arm64'): string {
  return `https://dl.k8s.io/release/v${version}/bin/linux/${architecture === 'Arm64' ? 'arm64' : 'amd64'}/kubeadm.sha256`;
}

export function kubernetesSysextUrl(version: string, architecture: 'x64' | 'Arm64'): string {
  return sysextUrl(version, sysextArch(architecture));
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
  sysext: ProbeResult;
  releaseUrl: string;
  sysextUrl: string;
}

export async function checkKubernetesRelease(version: string, architecture: 'x64' | 'Arm64', probe: UrlProbe, signal?: AbortSignal): Promise<ReleaseCheck> {
  const releaseUrl = kubeadmChecksumUrl(version, architecture);
  const sysext = kubernetesSysextUrl(version, architecture);
  const [r, s] = await Promise.all([probe(releaseUrl, signal), probe(sysext, signal)]);
  return { release: r, sysext: s, releaseUrl, sysextUrl: sysext };
}
