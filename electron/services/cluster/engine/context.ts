import type { NodeInfo } from '../../../../shared/domain/cluster-layout';
import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import type { ArmClients } from '../../azure/arm-clients';
import type { AzureEnvironment } from '../../azure/environment';
import type { ClusterPaths } from '../store/cluster-store';
import type { JoinCommand } from '../render/kubeadm';
import type { SysextPin } from '../render/sysext';
import type { ClusterKeys } from './cluster-keys';
import type { DeploymentJournal } from './journal';
import type { NodeSessions } from './node-sessions';
import type { OwnershipLedger } from './ownership-ledger';
import type { ClusterIdentity } from './identity-ids';

/** Timings a deployment uses; tests shorten them, the defaults suit real Azure. */
export interface EngineTimings {
  /** How long a node may take from VM created to SSH answering (default 10 min). */
  sshWaitMs: number;
  /** Pause between SSH attempts while a node boots (default 3 s). */
  sshIntervalMs: number;
  /** While waiting for SSH: how often the VM's serial log is read for a failed boot (default 20 s). */
  bootLogIntervalMs: number;
  /**
   * Before the first SSH connection: how often the serial log is read for the host key the node
   * prints there (default 10 s; the wait is bounded by sshWaitMs).
   */
  hostKeyIntervalMs: number;
  /** Ignition/sysext checks after SSH answers: attempts and pause (default 60 x 2 s). */
  bootCheckAttempts: number;
  bootCheckIntervalMs: number;
  /** After a dropped session mid-kubeadm: how long to wait for the node's result (default 3 min). */
  settleMs: number;
  /** All nodes Ready (default 10 min) and the polling pause (default 3 s). */
  nodesReadyMs: number;
  nodesReadyIntervalMs: number;
  /** ResilientSshSession reconnect tuning. */
  reconnectAttempts: number;
  reconnectBaseDelayMs: number;
  /** A node's drain, evictions and waiting (default 5 min, plan/removal-steps.ts DRAIN_FLAGS) and its polling pause (default 2 s). */
  drainMs: number;
  drainIntervalMs: number;
  /**
   * A role assignment for the cluster's new identity while Azure answers PrincipalNotFound:
   * attempts and the pause between them (default 30 x 10 s; identity-steps.ts).
   */
  principalAttempts: number;
  principalRetryMs: number;
  /**
   * Long-running ARM operations (azure/lro-poll.ts): the shortest wait between two status polls
   * that Flatkube chooses itself (default 1 s, the finest Retry-After Azure can send; a shorter
   * Retry-After is followed), and the factor on the plan's step estimates that says when an
   * operation is expected to end (default 1: plan/latency.ts models Azure; the benchmark's
   * sandbox runs `speed` times faster and sets 1/speed).
   */
  lroPollFloorMs: number;
  lroEstimateScale: number;
}

export const DEFAULT_TIMINGS: EngineTimings = {
  sshWaitMs: 10 * 60_000,
  sshIntervalMs: 3_000,
  bootLogIntervalMs: 20_000,
  hostKeyIntervalMs: 10_000,
  bootCheckAttempts: 60,
  bootCheckIntervalMs: 2_000,
  settleMs: 3 * 60_000,
  nodesReadyMs: 10 * 60_000,
  nodesReadyIntervalMs: 3_000,
  reconnectAttempts: 6,
  reconnectBaseDelayMs: 500,
  drainMs: 5 * 60_000,
  drainIntervalMs: 2_000,
  principalAttempts: 30,
  principalRetryMs: 10_000,
  lroPollFloorMs: 1_000,
  lroEstimateScale: 1,
};

/** Everything the step runners of one deployment share. */
export interface DeploymentContext {
  spec: ClusterSpec;
  /** The spec's nodes with their addresses (the cluster's layout kept): what the cluster has when the operation is done. */
  nodes: NodeInfo[];
  /** Nodes the operation takes out of the cluster. */
  removing: NodeInfo[];
  env: AzureEnvironment;
  arm: ArmClients;
  keys: ClusterKeys;
  journal: DeploymentJournal;
  /** What this cluster owns in Azure, recorded before each create (the cluster record). */
  ownership: OwnershipLedger;
  paths: ClusterPaths;
  sessions: NodeSessions;
  timings: EngineTimings;
  /** Rendered custom data per node (re-rendered on resume: rendering is deterministic). */
  customData: Map<string, string>;
  /** The sysext pin resolved from the bakery's SHA256SUMS before anything is created (or the recorded one on resume). */
  sysextPin: SysextPin;
  /** The join command lives in memory only: its token is a secret (volatile step). */
  joinCommand?: JoinCommand;
  /**
   * Three control planes: the key the shared certificates were uploaded with (kubeadm init, or
   * the upload-certs step) and when. In memory only, like the join token: a secret, and the
   * upload it opens expires after two hours anyway (ha-ssh-steps.ts).
   */
  certificateKey?: { key: string; uploadedAt: number };
  /** The cluster's managed identity once the identity step read or created it (azure.json, the VMs, its role). */
  identity?: ClusterIdentity;
  /** Called when the kubeconfig is saved (the store records the path). */
  onKubeconfig?: (path: string) => Promise<void>;
  /** An upgrade: called when a node runs the new version and is Ready (the store records it, so a resume knows). */
  onNodeUpgraded?: (node: string, version: string) => Promise<void>;
  /** Called when the API's load-balanced endpoint exists (`<fqdn>:6443`; the store records it). */
  onControlPlaneEndpoint?: (endpoint: string) => Promise<void>;
}

/** A node the operation knows (kept, added or being removed); a plan naming another is a bug. */
export function nodeNamed(ctx: Pick<DeploymentContext, 'nodes' | 'removing'>, name: string | undefined): NodeInfo {
  const node = ctx.nodes.find((n) => n.name === name) ?? ctx.removing.find((n) => n.name === name);
  if (!node) throw new Error(`no node ${String(name)} in this operation`);
  return node;
}

export function resourceGroupId(spec: ClusterSpec): string {
  return `/subscriptions/${spec.subscriptionId}/resourceGroups/${spec.resourceGroup.name}`;
}

export function networkId(spec: ClusterSpec, type: string, name: string): string {
  return `${resourceGroupId(spec)}/providers/Microsoft.Network/${type}/${name}`;
}

export function computeId(spec: ClusterSpec, type: string, name: string): string {
  return `${resourceGroupId(spec)}/providers/Microsoft.Compute/${type}/${name}`;
}
