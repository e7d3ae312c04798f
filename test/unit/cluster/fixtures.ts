import { createHash } from 'node:crypto';
import { clusterSpecSchema, type ClusterSpec, type ClusterSpecInput } from '../../../shared/domain/cluster-spec';
import { minimalSpecInput } from '../domain/spec-fixture';
import { FLATCAR_SYSEXT_BAKERY } from '../../../electron/services/azure/environment';
import { sysextArch, sysextFileName, type SysextPin } from '../../../electron/services/cluster/render/sysext';

export function makeSpec(overrides: Partial<ClusterSpecInput> = {}): ClusterSpec {
  return clusterSpecSchema.parse(minimalSpecInput(overrides));
}

export function makeArmSpec(overrides: Partial<ClusterSpecInput> = {}): ClusterSpec {
  return makeSpec({
    image: { offer: 'flatcar-container-linux-corevm' },
    architecture: 'Arm64',
    controlPlane: { size: 'Standard_D2ps_v5' },
    workers: { count: 2, size: 'Standard_D2ps_v5' },
    ...overrides,
  });
}

/** A pin shaped like one resolved from the bakery (the hash of a made-up image: tests render, nothing downloads). */
export function makePin(spec: Pick<ClusterSpec, 'kubernetesVersion' | 'architecture'>): SysextPin {
  const file = sysextFileName(spec.kubernetesVersion, sysextArch(spec.architecture));
  return { url: `${FLATCAR_SYSEXT_BAKERY}/kubernetes-v${spec.kubernetesVersion}/${file}`, hash: `sha256-${createHash('sha256').update(`test image ${file}`).digest('hex')}` };
}
