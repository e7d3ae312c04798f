/**
 * In-memory simulated nodes for command tests: a SimNode with Flatcar's base image, the
 * Kubernetes sysext and a kubeadm config (as Ignition would leave them), a NodeDirectory over
 * a set of such nodes with a chosen simulated internet, and `run` to execute a command line on
 * a node as `core` over the simulator (no SSH, no Ignition download).
 */
import { randomUUID } from 'node:crypto';
import type { NodeDirectory } from '../nodes/command-types';
import type { NodePace } from '../nodes/types';
import { mergeKubernetesSysext, writeBaseImage } from '../nodes/flatcar-os';
import type { NodeState } from '../nodes/node-state';
import { SimNode } from '../nodes/sim-node';
import { runCommandLine } from '../nodes/simulator';
import { VirtualFs } from '../nodes/vfs';
import { SandboxInternet } from '../upstream/internet';
import { cniArtifacts } from '../upstream/cni-artifacts';
import { initYaml } from './nodes-fixtures';

export const NETWORK = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/test';

export interface NodeOptions {
  name: string;
  ip: string;
  architecture?: 'x64' | 'Arm64';
  /** kubeadm's podSubnet in /etc/kubeadm/init.yaml (default 10.244.0.0/16). */
  podSubnet?: string;
  networkId?: string;
  /** The Kubernetes sysext image the node has merged (default 1.36.1). */
  sysextVersion?: string;
}

export function simNode(o: NodeOptions): SimNode {
  const arch = o.architecture ?? 'x64';
  const fs = new VirtualFs();
  writeBaseImage(fs, arch);
  const sysextArch = arch === 'Arm64' ? 'arm64' : 'x86-64';
  const image = `/opt/extensions/kubernetes/kubernetes-v${o.sysextVersion ?? '1.36.1'}-${sysextArch}.raw`;
  fs.writeFile(image, 'stand-in sysext image\n');
  fs.symlink('/etc/extensions/kubernetes.raw', image);
  mergeKubernetesSysext(fs);
  fs.writeFile('/etc/hostname', `${o.name}\n`);
  fs.writeFile('/etc/modules-load.d/k8s.conf', 'br_netfilter\noverlay\n');
  fs.writeFile('/etc/kubeadm/init.yaml', initYaml({ ip: o.ip }).replace('podSubnet: 10.244.0.0/16', `podSubnet: ${o.podSubnet ?? '10.244.0.0/16'}`), { mode: 0o600 });
  const at = new Date().toISOString();
  const unit = (active: 'active' | 'inactive') => ({ enabled: true, masked: false, active, sub: active === 'active' ? 'running' : 'dead', since: at });
  const state: NodeState = {
    schema: 1,
    vmId: randomUUID(),
    name: o.name,
    privateIp: o.ip,
    networkId: o.networkId ?? NETWORK,
    architecture: arch,
    bootId: randomUUID(),
    bootedAt: at,
    serialLog: [],
    fs: fs.toJSON(),
    units: { 'containerd.service': unit('active'), 'kubelet.service': unit('inactive'), 'systemd-sysext.service': { ...unit('active'), sub: 'exited' } },
    authorizedKeys: [],
    journal: [],
    sysextMerged: image,
  };
  return new SimNode(state);
}

export function directory(nodes: SimNode[], internet: SandboxInternet): NodeDirectory {
  return {
    internet,
    get: (vmId) => nodes.find((n) => n.vmId === vmId),
    findByAddress: (networkId, ip) => nodes.find((n) => n.state.networkId === networkId && (n.state.privateIp === ip || n.state.publicIp === ip)),
    // The HTTPS API server is not needed by commands run in-process.
    startApiServer: async () => 0,
  };
}

/** An internet carrying only the CNI release files (what these tests download). */
export function cniInternet(): SandboxInternet {
  return new SandboxInternet([cniArtifacts()]);
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Pace for tests: everything instant; a failing wait gives up at once. */
export const instant = { delayMs: () => 0 };

export async function run(node: SimNode, dir: NodeDirectory, line: string, stdin = '', pace: NodePace = instant): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCommandLine(
    { node, dir, pace },
    line,
    { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), readStdin: () => Promise.resolve(stdin), signal: new AbortController().signal },
  );
  return { code, stdout, stderr };
}

/** A control plane after `kubeadm init`, plus workers joined to it. */
export async function cluster(opts: { podSubnet?: string; workers?: number; architecture?: 'x64' | 'Arm64'; internet?: SandboxInternet; pace?: NodePace } = {}) {
  const cp = simNode({ name: 'cp-0', ip: '10.0.1.4', ...(opts.podSubnet ? { podSubnet: opts.podSubnet } : {}), ...(opts.architecture ? { architecture: opts.architecture } : {}) });
  const workers = Array.from({ length: opts.workers ?? 0 }, (_, i) => simNode({ name: `worker-${i}`, ip: `10.0.1.${5 + i}` }));
  const dir = directory([cp, ...workers], opts.internet ?? cniInternet());
  const init = await run(cp, dir, 'sudo kubeadm init --config /etc/kubeadm/init.yaml');
  if (init.code !== 0) throw new Error(`kubeadm init failed: ${init.stderr}`);
  const join = (await run(cp, dir, 'sudo kubeadm token create --print-join-command')).stdout.trim();
  for (const w of workers) {
    const r = await run(w, dir, `sudo ${join}`);
    if (r.code !== 0) throw new Error(`kubeadm join failed: ${r.stderr}`);
  }
  return { cp, workers, dir, on: (line: string, stdin?: string) => run(cp, dir, line, stdin, opts.pace) };
}
