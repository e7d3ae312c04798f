/** The sandbox's simulated internet with every site it carries (see internet.ts). */
import { SandboxInternet } from './internet';
import { sandboxBakery } from './sysext-bakery';
import { cniArtifacts } from './cni-artifacts';

/** `corrupt`: asked for every successful download (the sandbox's `download-corrupted` fault rules). */
export function createSandboxInternet(opts: { origin: string; corrupt?: (url: URL) => boolean }): SandboxInternet {
  return new SandboxInternet([sandboxBakery({ origin: opts.origin }), cniArtifacts()], { selfOrigin: opts.origin, ...(opts.corrupt ? { corrupt: opts.corrupt } : {}) });
}

export { SandboxInternet } from './internet';
export type { UpstreamFile, UpstreamProvider, UpstreamResult } from './internet';
