// Contract between the sandbox ARM providers (compute/network) and the
// simulated Flatcar nodes. ARM calls boot() when a VM is created and remove()
// when it is deleted; everything else about a node lives behind this interface.

export interface NodeBootRequest {
  vmId: string;
  name: string;
  /** base64 of the VM's customData: an Ignition JSON config (spec 3.3.0 / 3.4.0). */
  customDataBase64: string;
  privateIp: string;
  /** Identifies the virtual network; `kubeadm join` finds the control plane by (networkId, privateIp). */
  networkId: string;
  publicIp?: string;
  architecture: 'x64' | 'Arm64';
  /** The VM's ARM id: what the instance metadata service tells a node (the cloud provider's providerID). */
  resourceId?: string;
}

export interface NodeEndpoint {
  /** Always 127.0.0.1: simulated nodes only listen on loopback. */
  host: string;
  sshPort: number;
  /** Set on a control plane once `kubeadm init` has succeeded. */
  apiServerPort?: number;
}

export type NodeBootResult = { ok: true; endpoint: NodeEndpoint } | { ok: false; serialLog: string };

export interface NodeHost {
  boot(req: NodeBootRequest): Promise<NodeBootResult>;
  /** Serial console output (boot + Ignition messages); '' for an unknown VM. */
  serialLog(vmId: string): string;
  endpoint(vmId: string): NodeEndpoint | undefined;
  remove(vmId: string): Promise<void>;
  /**
   * The VM was powered off/deallocated (`stopped`: the node's SSH and API servers close, its disk
   * and state stay) or started again (`running`: it boots again, on new loopback ports). Optional:
   * a host without it keeps its nodes running whatever ARM says.
   */
  setPower?(vmId: string, power: 'running' | 'stopped'): Promise<void>;
  /** Fault injection: drop live SSH sessions of one node (or of all nodes). */
  dropSessions(vmId?: string): void;
  /**
   * A new Flatcar release is out (the sandbox's stand-in for Flatcar's update server): every
   * running node's update-engine picks it up. Resolves to the nodes that staged it.
   */
  announceFlatcarRelease?(version: string): string[];
  /** The release announced last; absent: none since the sandbox started. */
  flatcarRelease?(): string | undefined;
  close(): Promise<void>;
}

/**
 * Latency source, from the sandbox's latency profile (`instant` returns ~0).
 * Kinds asked for: node-boot, kubeadm-phase, kubeadm-images,
 * kubeadm-wait-control-plane, kubeadm-timeout (a failing wait, shortened from
 * kubeadm's 4m), kubeadm-join, kubeadm-discovery-timeout, kubectl-apply,
 * cni-ready (time from CNI apply until nodes report Ready), download (curl and
 * kubectl -f URL); for the simulated Kubernetes API's kubelets (kube/): second (one second of
 * container time: sleep, probe delays, back-off), image-pull, pod-sandbox, container-start,
 * pod-terminate.
 */
export interface NodePace {
  delayMs(kind: string): number;
}

import type { SandboxInternet } from '../upstream/internet';

/**
 * The sandbox's network as the simulated nodes see it beyond their VNet: Azure's public DNS names
 * and the load balancers in front of the VMs (ARM's store; providers/network/node-network.ts).
 */
export interface NodeNetwork {
  /** Azure DNS: the public address of `<label>.<region>.cloudapp.azure.com`, if a public IP has that name. */
  lookup(name: string): string | undefined;
  /**
   * The load-balancing rule that takes TCP connections to address:port: its backend port and the
   * node host ids (VM ids) of the VMs in its pool, in order; undefined when no rule does.
   */
  loadBalancer(address: string, port: number): { backendPort: number; vmIds: string[] } | undefined;
}

export interface CloudArmAnswer {
  status: number;
  body: unknown;
}

/** Azure as a node's cloud components reach it (providers/compute/node-cloud.ts). */
export interface NodeCloud {
  /** An ARM request signed in as the user-assigned identity `clientId` of the VM; a long-running operation is followed to its end. */
  arm(vmResourceId: string, clientId: string, method: 'GET' | 'PUT' | 'DELETE', path: string, apiVersion: string, body?: unknown): Promise<CloudArmAnswer>;
}

export interface NodeHostOptions {
  /** When set, node state persists under `<stateDir>/nodes/` and nodes come back after a restart. */
  stateDir?: string;
  pace: NodePace;
  log?: (line: string) => void;
  /**
   * Asked before every command a node runs (fault injection): answering `{ dropAfterMs }` drops
   * the node's live SSH sessions that many milliseconds later, as a flaky network would.
   */
  onExec?: (nodeName: string, commandLine: string) => { dropAfterMs: number } | undefined;
  /** What the nodes can download (Ignition's remote sources, curl). Default: nothing at all. */
  internet?: SandboxInternet;
  /** Public DNS names and load balancers. Default: none (names outside /etc/hosts do not resolve). */
  network?: NodeNetwork;
  /** Azure for the nodes' cloud provider and disk driver. Default: none (they do nothing). */
  cloud?: NodeCloud;
}
