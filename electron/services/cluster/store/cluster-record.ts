import type { NodeRole } from '../../../../shared/domain/cluster-layout';
import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import type { ClusterState, EngineError, OperationKind } from '../../../../shared/ipc/channels/cluster';
import type { ClusterOwnership } from './ownership';

/**
 * The cluster record (`<data dir>/clusters/<name>/cluster.json`): what Flatkube knows about one
 * cluster between operations. No secrets. Version 2 adds node pools (in the spec), the node
 * layout and the operation history; version 1 records (Flatkube before node pools) are migrated
 * when read (record-migration.ts).
 */

export const RECORD_VERSION = 2;

export type { OperationKind };
export type OperationState = 'running' | 'succeeded' | 'failed' | 'cancelled';

/** One operation in the cluster's history. */
export interface OperationRecord {
  /** `<kind>-<UTC stamp>-<4 hex>`: unique per cluster, sortable by start. */
  id: string;
  kind: OperationKind;
  /** 'running' while it runs, and after a crash until it is resumed (the lock says which). */
  state: OperationState;
  startedAt: string;
  finishedAt?: string;
  error?: EngineError;
  /** Its journal, relative to the cluster's folder (create: journal.json; others: operations/<id>.json). */
  journal: string;
  /** The spec the operation brings the cluster to (create, apply; an upgrade: the spec with its target version). */
  spec?: ClusterSpec;
  /** Reconstructed from a version 1 record, which kept no history. */
  migrated?: true;
}

/** A node the cluster has, or is given or losing by the operation in progress. */
export interface RecordedNode {
  name: string;
  role: NodeRole;
  pool?: string;
  size: string;
  /** Its fixed private IP: kept for the node's life, whatever pools change around it. */
  privateIp: string;
  /**
   * creating: an operation is creating it (recorded before its first resource);
   * ready: an operation that had it in its spec succeeded;
   * removing: an operation is removing it (kept until it is gone, so a crash leaves it known).
   */
  state: 'creating' | 'ready' | 'removing';
  /**
   * The Kubernetes version the node was last upgraded to (written when an upgrade is done with the
   * node, before the next one starts, so a resumed upgrade skips it). Absent: the spec's version.
   */
  kubernetesVersion?: string;
}

export interface ClusterRecord {
  version: typeof RECORD_VERSION;
  name: string;
  environment: 'sandbox' | 'azure';
  /** The spec the cluster has, or is being brought to by the last operation that changed it. */
  spec: ClusterSpec;
  /** 'running' means an operation was in progress when last written (or still is). */
  state: Exclude<ClusterState, 'unfinished'>;
  createdAt: string;
  updatedAt: string;
  kubeconfigPath?: string;
  /**
   * Three control planes: the API's endpoint as kubeadm has it (`<fqdn>:6443`, the load
   * balancer's DNS name: shared/domain/api-endpoint.ts), written once its public IP exists.
   */
  controlPlaneEndpoint?: string;
  /** Where Flatkube merged the kubeconfig context, so teardown can remove it. */
  mergedContext?: { path: string; context: string };
  lastError?: EngineError;
  /**
   * The sysext image and sha256 this cluster's Ignition configs were rendered with. Kept so a
   * resumed deployment renders the same custom data (Azure refuses a changed customData on an
   * existing VM) even if the bakery is unreachable by then.
   */
  sysextPin?: { url: string; hash: string };
  /**
   * What Flatkube itself created in Azure for this cluster, each entry written BEFORE the PUT
   * that creates it; teardown deletes the group only when it is recorded here as created, and
   * otherwise only these resources. Absent in records written before it existed (see
   * engine/legacy-ownership.ts).
   */
  ownership?: ClusterOwnership;
  /** The nodes (see RecordedNode), control planes first. */
  nodes: RecordedNode[];
  /** Oldest first; the newest HISTORY_LIMIT are kept. */
  operations: OperationRecord[];
}

/** Operations kept in a record's history (older ones drop off; their journals stay on disk). */
export const HISTORY_LIMIT = 50;

/** The last operation, if any. */
export function lastOperation(rec: Pick<ClusterRecord, 'operations'>): OperationRecord | undefined {
  return rec.operations.at(-1);
}

/** Specs compared by value (keys sorted): a record's spec read back equals the one written. */
export function sameSpec(a: ClusterSpec, b: ClusterSpec): boolean {
  return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
