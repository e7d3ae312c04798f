// The kubelet's life on a node: it restarts in a loop until kubeadm writes
// /var/lib/kubelet/config.yaml (kubernetes/kubernetes#83936), then runs, or
// keeps failing when its cgroup driver differs from containerd's (systemd).
import { parse } from 'yaml';
import type { NodeDirectory } from '../command-types';
import type { SimNode } from '../sim-node';

export const KUBELET_CONFIG = '/var/lib/kubelet/config.yaml';
const UNIT = 'kubelet.service';

export type KubeletHealth = { healthy: true } | { healthy: false; reason: string };

export function kubeletHealth(node: SimNode): KubeletHealth {
  const text = node.fs.readText(KUBELET_CONFIG);
  if (text === undefined) {
    return {
      healthy: false,
      reason: `"command failed" err="failed to load kubelet config file, path: ${KUBELET_CONFIG}, error: failed to load Kubelet config file ${KUBELET_CONFIG}, error failed to read kubelet config file \\"${KUBELET_CONFIG}\\", error: open ${KUBELET_CONFIG}: no such file or directory"`,
    };
  }
  let driver = 'systemd';
  try {
    const doc = parse(text) as { cgroupDriver?: unknown } | null;
    if (typeof doc?.cgroupDriver === 'string') driver = doc.cgroupDriver;
  } catch {
    return { healthy: false, reason: `"command failed" err="failed to load kubelet config file, path: ${KUBELET_CONFIG}: invalid configuration"` };
  }
  if (driver !== 'systemd') {
    return {
      healthy: false,
      reason: `"Failed to run kubelet" err="failed to run Kubelet: misconfiguration: kubelet cgroup driver: \\"${driver}\\" is different from container runtime cgroup driver: \\"systemd\\""`,
    };
  }
  return { healthy: true };
}

/** The `ExecStartPre=/usr/bin/mkdir -p DIR` lines of kubelet's drop-ins (the sysext's creates the volume plugin dir). */
function execStartPre(node: SimNode): void {
  for (const p of node.fs.list('/usr/lib/systemd/system/kubelet.service.d').filter((x) => x.endsWith('.conf'))) {
    for (const m of (node.fs.readText(p) ?? '').matchAll(/^ExecStartPre=\/usr\/bin\/mkdir -p (\S+)$/gm)) node.fs.mkdirp(m[1] as string);
  }
}

/** (Re)starts the kubelet unit and records what its journal would show. */
export function kubeletStart(node: SimNode): KubeletHealth {
  execStartPre(node);
  const h = kubeletHealth(node);
  const pid = 1000 + Math.floor(Math.random() * 8000);
  node.journal(UNIT, 'systemd[1]', `Started ${UNIT} - kubelet: The Kubernetes Node Agent.`);
  if (h.healthy) {
    node.setUnit(UNIT, 'active', 'running');
    node.journal(UNIT, `kubelet[${pid}]`, 'I0000 00:00:00.000000 server.go:530] "Kubelet version" kubeletVersion="' + (node.sysext()?.version ?? '') + '"');
    node.journal(UNIT, `kubelet[${pid}]`, 'I0000 00:00:00.000000 kubelet.go:2400] "Starting kubelet main sync loop"');
  } else {
    node.setUnit(UNIT, 'activating', 'auto-restart');
    node.journal(UNIT, `kubelet[${pid}]`, `E0000 00:00:00.000000 run.go:72] ${h.reason}`);
    node.journal(UNIT, 'systemd[1]', `${UNIT}: Main process exited, code=exited, status=1/FAILURE`);
    node.journal(UNIT, 'systemd[1]', `${UNIT}: Failed with result 'exit-code'.`);
  }
  return h;
}

/**
 * The kubelet's version as its Node reports it (status.nodeInfo.kubeletVersion): the binary it
 * runs, i.e. the merged sysext's at its last start. The member list lives with the control
 * plane's cluster record (a worker's kubelet reaches it through the node it joined).
 */
export function reportKubeletVersion(node: SimNode, dir: NodeDirectory): void {
  const version = node.sysext()?.version;
  const cp = node.state.cluster ? node : node.state.joinedTo ? dir.get(node.state.joinedTo.vmId) : undefined;
  const member = cp?.state.cluster?.members.find((m) => m.vmId === node.vmId);
  if (!cp || !member || !version || member.kubeletVersion === version) return;
  member.kubeletVersion = version;
  cp.save();
}
