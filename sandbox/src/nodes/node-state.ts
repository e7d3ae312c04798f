// What a simulated node remembers, and how it is kept on disk. One JSON file
// per VM under <stateDir>/nodes/<vmId>.json, mode 0600 because it holds the
// node's SSH host key and, on a control plane, the cluster CA key.
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SerializedEntry } from './vfs';
import type { UpdateEngineState } from './update-engine';

export type UnitActive = 'active' | 'activating' | 'inactive' | 'failed';

export interface UnitState {
  enabled: boolean;
  masked: boolean;
  active: UnitActive;
  /** systemd's sub-state as `systemctl status` shows it: running, auto-restart, dead, ... */
  sub: string;
  since: string;
}

export interface JournalEntry {
  ts: string;
  unit: string;
  /** The syslog identifier journalctl prints, e.g. `kubelet[1234]` or `systemd[1]`. */
  ident: string;
  msg: string;
}

export interface ClusterMember {
  vmId: string;
  name: string;
  ip: string;
  role: 'control-plane' | 'worker';
  kubeletVersion: string;
  joinedAt: string;
}

/** Held by a control plane after a successful `kubeadm init`. */
export interface ClusterRecord {
  clusterName: string;
  kubernetesVersion: string;
  /** host:port that `kubeadm join` dials (controlPlaneEndpoint or advertise address). */
  endpoint: string;
  podSubnet?: string;
  serviceSubnet: string;
  caCertPem: string;
  caKeyPem: string;
  adminCertPem: string;
  adminKeyPem: string;
  apiServerCertPem: string;
  apiServerKeyPem: string;
  /** `sha256:<hex>` of the CA's SubjectPublicKeyInfo, as kubeadm prints it. */
  caHash: string;
  tokens: { token: string; expires: string }[];
  /** Set on clusters made since HA support: the control planes' copies are one record (node-host.ts). */
  id?: string;
  /** ClusterConfiguration.controlPlaneEndpoint as given (no default): a stable endpoint lets control planes join. */
  controlPlaneEndpoint?: string;
  /**
   * `kubeadm init --upload-certs`: the shared certificates and keys, each AES-256-GCM encrypted
   * with the certificate key (kubeadm-certs.ts), and when the Secret expires (2 h).
   */
  uploadedCerts?: { data: Record<string, string>; expires: string };
  cni?: { name: string; appliedAt: string };
  /** Object records of older sandbox versions (migrated into `kube` on first use). */
  objects?: ApiObjectRecord[];
  /** The cluster's API objects, resourceVersion and controllers' state (kube/cluster.ts). */
  kube?: { rv: number; objects: Record<string, Record<string, unknown>>; controllers?: Record<string, unknown> };
  members: ClusterMember[];
}

export interface ApiObjectRecord {
  /** `kind[.group]/name` as kubectl prints it, e.g. `daemonset.apps/kube-flannel-ds`. */
  ref: string;
  /** Unset for cluster-scoped objects. */
  namespace?: string;
  createdAt: string;
  /** A ConfigMap's data: the CNIs read their pod network from it (Flannel, Cilium). */
  data?: Record<string, string>;
  /** A custom resource's spec, e.g. Calico's Installation with its IP pools. */
  spec?: unknown;
}

export interface NodeState {
  schema: 1;
  vmId: string;
  name: string;
  privateIp: string;
  publicIp?: string;
  networkId: string;
  architecture: 'x64' | 'Arm64';
  /** The VM's ARM id (instance metadata), when the compute provider gave it. */
  resourceId?: string;
  bootId: string;
  bootedAt: string;
  /** Ignition failed: no SSH, only the serial log. */
  failed?: boolean;
  /** The VM is powered off or deallocated (ARM): no SSH, no API server, until it starts again. */
  poweredOff?: boolean;
  serialLog: string[];
  fs: Record<string, SerializedEntry>;
  units: Record<string, UnitState>;
  /** OpenSSH public keys of user `core` (from Ignition's passwd.users). */
  authorizedKeys: string[];
  journal: JournalEntry[];
  cluster?: ClusterRecord;
  /** This control plane's own kube-apiserver serving certificate (a joined control plane's); else the record's. */
  apiServing?: { certPem: string; keyPem: string };
  joinedTo?: { vmId: string; endpoint: string };
  /** Flatcar's update-engine (update-engine.ts); absent: idle, never checked. */
  updateEngine?: UpdateEngineState;
  /**
   * The Kubernetes sysext image systemd-sysext merged (its path), at boot or at the last
   * `systemctl restart systemd-sysext`: what /usr holds until the next merge, whatever the link
   * says now (flatcar-os.ts mergedSysext). Absent on nodes booted before it was kept: the link.
   */
  sysextMerged?: string;
}

/** Journal entries kept per node; older ones are dropped like a size-capped journald. */
export const JOURNAL_CAP = 2000;

export function nodesDir(stateDir: string): string {
  return join(stateDir, 'nodes');
}

function fileFor(stateDir: string, vmId: string): string {
  // vmIds are GUIDs from the compute provider; encode anyway so no id can escape the folder.
  return join(nodesDir(stateDir), `${encodeURIComponent(vmId)}.json`);
}

export function saveNodeState(stateDir: string, state: NodeState): void {
  mkdirSync(nodesDir(stateDir), { recursive: true, mode: 0o700 });
  const file = fileFor(stateDir, state.vmId);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state), { mode: 0o600 });
  renameSync(tmp, file); // atomic replace: a crash never leaves half a state file
}

export function deleteNodeState(stateDir: string, vmId: string): void {
  rmSync(fileFor(stateDir, vmId), { force: true });
}

export function loadNodeStates(stateDir: string, log?: (line: string) => void): NodeState[] {
  let names: string[];
  try {
    names = readdirSync(nodesDir(stateDir));
  } catch {
    return [];
  }
  const out: NodeState[] = [];
  for (const n of names.filter((f) => f.endsWith('.json'))) {
    try {
      const s = JSON.parse(readFileSync(join(nodesDir(stateDir), n), 'utf8')) as NodeState;
      if (s.schema === 1 && typeof s.vmId === 'string') out.push(s);
    } catch (e) {
      log?.(`nodes: ignoring unreadable state file ${n}: ${(e as Error).message}`);
    }
  }
  return out;
}

/**
 * Each control plane saves its own copy of the cluster record (as every etcd member keeps the
 * data); loaded back, the copies of one cluster (same `id`) become one shared record again, the
 * freshest (highest resourceVersion) winning, as a restarted etcd member catches up.
 */
export function shareClusterRecords(states: NodeState[]): NodeState[] {
  const best = new Map<string, NonNullable<NodeState['cluster']>>();
  for (const s of states) {
    const rec = s.cluster;
    if (!rec?.id) continue;
    const cur = best.get(rec.id);
    if (!cur || (rec.kube?.rv ?? 0) > (cur.kube?.rv ?? 0)) best.set(rec.id, rec);
  }
  for (const s of states) if (s.cluster?.id) s.cluster = best.get(s.cluster.id);
  return states;
}
