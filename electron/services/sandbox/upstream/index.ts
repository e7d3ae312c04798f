/** The sandbox's simulated internet with every site it carries (see internet.ts). */
import { SandboxInternet } from './internet';
import { sandboxBakery } from './sysext-bakery';
import { cniArtifacts } from './cni-artifacts';

export function createSandboxInternet(opts: { origin: string }): SandboxInternet {
  return new SandboxInternet([sandboxBakery({ origin: opts.origin }), cniArtifacts()]);
}

export { SandboxInternet } from './internet';
export type { UpstreamFile, UpstreamProvider, UpstreamResult } from './internet';
