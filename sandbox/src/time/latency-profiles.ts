/**
 * How long sandbox operations take.
 *
 * `instant`: everything 0 ms (unit and integration tests).
 * `realistic`: figures of the order Azure shows, for demos and benchmarks, divided by `speed`
 * (speed 2 = twice as fast). Sources and how faithful each figure is:
 *  - VM create ~45 s: the Azure CLI/portal quickstarts ("Create a Linux VM", learn.microsoft.com)
 *    say creation "takes a few minutes" end to end, of which the PUT's async operation is
 *    typically 30-90 s for a small Linux VM with a managed disk; 45 s is a middle value, NOT a
 *    measured figure (no measurement was reachable offline when this was written).
 *  - VM boot to SSH ~20 s after the operation succeeds: Flatcar boots in seconds; the Azure agent
 *    and Ignition add the rest. Approximation.
 *  - VM delete ~30 s, resource group delete ~40 s (+ it waits for its resources in Azure):
 *    approximations from the same quickstarts' clean-up sections ("takes a few minutes").
 *  - Network resources (VNet, subnet, NSG, NIC) 2-5 s, public IP ~3 s: these PUTs usually
 *    finish within the first LRO poll (Retry-After 10 s on network operations is Azure's hint,
 *    the operation itself is quicker). Approximation.
 *  - Every ARM request: 60 ms of service time (typical ARM read round-trip inside a region is
 *    tens to a few hundred ms). Approximation.
 * All figures are labelled approximate in the UI; change them here, nowhere else.
 */
import type { LatencyKey, LatencyProfile } from '../arm/types';

export const LATENCY_PROFILE_NAMES = ['instant', 'realistic'] as const;
export type LatencyProfileName = (typeof LATENCY_PROFILE_NAMES)[number];

const REALISTIC_MS: Record<string, number> = {
  'arm.request': 60,
  'resourceGroup.delete': 40_000,
  'vm.create': 45_000,
  'vm.update': 15_000,
  'vm.delete': 30_000,
  'vm.boot': 20_000,
  'network.create': 4_000,
  'network.update': 3_000,
  'network.delete': 5_000,
  'publicIp.create': 3_000,
  'nic.create': 2_000,
  'disk.delete': 10_000,
  // Simulated nodes (nodes/types.ts NodePace). kubeadm init takes about a minute on a 2-vCPU VM
  // (image pulls dominate); a join 10-20 s; Flannel Ready within ~20 s. Approximations as above.
  'node.node-boot': 5_000,
  'node.kubeadm-phase': 1_500,
  'node.kubeadm-images': 20_000,
  'node.kubeadm-wait-control-plane': 15_000,
  'node.kubeadm-timeout': 30_000,
  'node.kubeadm-join': 8_000,
  'node.kubeadm-discovery-timeout': 20_000,
  'node.kubectl-apply': 2_000,
  'node.cni-ready': 15_000,
  // One download from GitHub (a manifest, the ~30 MB cilium CLI tarball) on an Azure VM's link.
  'node.download': 1_000,
  // The simulated Kubernetes API's kubelets (nodes/kube/): one second of container time (sleep,
  // probe delays, back-off), an image pull of ~60 MB from a public registry (scaled by the image's
  // size), a pod sandbox, a container start, a graceful stop. Approximations as above.
  'node.second': 1_000,
  'node.image-pull': 3_000,
  'node.pod-sandbox': 500,
  'node.container-start': 300,
  'node.pod-terminate': 1_000,
  // A new managed identity's principal reaching the directory role assignments are checked
  // against: "a few minutes" at worst (https://learn.microsoft.com/azure/role-based-access-control/troubleshooting),
  // usually seconds; 10 s here. Approximation.
  'identity.propagation': 10_000,
  default: 3_000,
};

/** The range `setSpeed` accepts: slower than 1/100 or faster than 100x is a typo, not a wish. */
export const MIN_SPEED = 0.01;
export const MAX_SPEED = 100;

function checkSpeed(speed: number): number {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new Error(`speed must be a positive number, got ${speed}`);
  if (speed < MIN_SPEED || speed > MAX_SPEED) throw new Error(`speed must be between ${MIN_SPEED} and ${MAX_SPEED}, got ${speed}`);
  return speed;
}

export function createLatencyProfile(name: LatencyProfileName = 'instant', initialSpeed = 1): LatencyProfile {
  let speed = checkSpeed(initialSpeed);
  return {
    name,
    get speed() {
      return speed;
    },
    setSpeed(next: number) {
      speed = checkSpeed(next);
    },
    duration(key: LatencyKey): number {
      if (name === 'instant') return 0;
      const base = REALISTIC_MS[key] ?? REALISTIC_MS.default ?? 0;
      return Math.round(base / speed);
    },
  };
}

/** A promise that resolves after `ms` (0: next macrotask), unref'd so it never keeps Node alive. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, Math.max(0, ms));
    t.unref?.();
  });
}
