import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import { checkSysextPin, sysextArch, type SysextPin } from '../render/sysext';
import type { SysextSource } from '../sysext/bakery';

/** The recorded pin when it is for this spec's image, else one resolved from the bakery. */
export async function sysextPinFor(spec: ClusterSpec, recorded: SysextPin | undefined, source: SysextSource, signal?: AbortSignal): Promise<SysextPin> {
  const arch = sysextArch(spec.architecture);
  if (recorded) {
    try {
      return checkSysextPin(recorded, spec.kubernetesVersion, arch);
    } catch {
      // The spec changed version or architecture since: resolve afresh.
    }
  }
  return source.resolve(spec.kubernetesVersion, arch, signal);
}
