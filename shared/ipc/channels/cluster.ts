import { z } from 'zod';
import { clusterSpecSchema } from '../../domain/cluster-spec';

/**
 * Cluster engine channels: exports, create/apply/resume/cancel an operation and its plan, list,
 * status, teardown, kubeconfig, live node logs of a running cluster.
 * The spec travels as the raw input object (ClusterSpecInput); the main process validates it with
 * clusterSpecSchema, so the renderer never needs to send a fully defaulted spec.
 * Events carry the engine's own event shapes (electron/services/cluster/engine/types.ts uses
 * these types), so the deploy view and the CLI show the same thing.
 */

export const stepStatusSchema = z.enum(['pending', 'running', 'done', 'failed', 'cancelled']);
export type StepStatus = z.infer<typeof stepStatusSchema>;

export const deploymentStatusSchema = z.enum(['running', 'succeeded', 'failed', 'cancelled']);
export type DeploymentStatus = z.infer<typeof deploymentStatusSchema>;

export const engineErrorSchema = z.object({
  message: z.string(),
  /** The failure catalogue's hint, when a known sign matched. */
  hint: z.string().optional(),
  /** Azure error code, for ARM failures. */
  azureCode: z.string().optional(),
});
export type EngineError = z.infer<typeof engineErrorSchema>;

export const clusterProgressSchema = z.object({
  cluster: z.string(),
  stepId: z.string(),
  title: z.string(),
  status: stepStatusSchema,
  node: z.string().optional(),
  /** Steps done so far and in total: the phase bar. */
  done: z.number().int(),
  total: z.number().int(),
  error: engineErrorSchema.optional(),
  ts: z.number(),
});
export type ClusterProgress = z.infer<typeof clusterProgressSchema>;

export const clusterLogSchema = z.object({
  cluster: z.string(),
  /** A node name (cp-0, worker-1), 'azure' for ARM operations, 'local' for the desktop side. */
  stream: z.string().min(1).max(100),
  stepId: z.string().optional(),
  level: z.enum(['info', 'warn', 'error']),
  /** Already redacted (redactSecrets) at the source. */
  text: z.string().max(64_000),
  ts: z.number(),
  /**
   * The line's number within its operation (1, 2, ...), set when the operation's record keeps it
   * (service/operation-recorder.ts): the page merges a record's backlog with live lines by it.
   */
  seq: z.number().int().positive().optional(),
});
export type ClusterLog = z.infer<typeof clusterLogSchema>;

/** The operations a cluster goes through (the service's registry: electron/services/cluster/service/). */
export const operationKindSchema = z.enum(['create', 'apply', 'destroy', 'upgrade']);
export type OperationKind = z.infer<typeof operationKindSchema>;

export const clusterFinishedSchema = z.object({
  cluster: z.string(),
  operation: operationKindSchema,
  outcome: z.enum(['succeeded', 'failed', 'cancelled']),
  error: engineErrorSchema.optional(),
  kubeconfigPath: z.string().optional(),
  /** Teardown: resources still tagged for the cluster after the resource group was deleted. */
  leftovers: z.array(z.string()).optional(),
  /** Teardown: ids left on purpose because Flatkube did not create them (an existing resource group). */
  kept: z.array(z.string()).optional(),
  /**
   * When the operation ended (epoch ms), as its record says: a page shows the same elapsed time
   * from this event as from the record it reads later (the page's own clock, on arrival, could be
   * a second off). Absent only when a create is refused before it has a record.
   */
  finishedAt: z.number().optional(),
});
export type ClusterFinished = z.infer<typeof clusterFinishedSchema>;

export const clusterStateSchema = z.enum(['unfinished', 'running', 'created', 'failed', 'cancelled', 'deleting', 'deleted']);
export type ClusterState = z.infer<typeof clusterStateSchema>;

export const clusterSummarySchema = z.object({
  name: z.string(),
  state: clusterStateSchema,
  environment: z.enum(['sandbox', 'azure']),
  location: z.string(),
  resourceGroup: z.string(),
  nodes: z.number().int(),
  /** The nodes' names (control planes first, then each pool's), for the live logs' node list. */
  nodeNames: z.array(z.string()),
  kubeconfigPath: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Steps done / total of the last deployment. */
  stepsDone: z.number().int(),
  stepsTotal: z.number().int(),
  lastError: engineErrorSchema.optional(),
});
export type ClusterSummary = z.infer<typeof clusterSummarySchema>;

/** A node an operation adds or removes. */
export const nodeChangeSchema = z.object({ node: z.string(), pool: z.string().optional(), size: z.string(), privateIp: z.string() });
export type NodeChange = z.infer<typeof nodeChangeSchema>;

/**
 * What an operation will do, shown before it runs (`flatkube apply --dry-run`, the wizard's
 * Change page): the nodes it adds, removes and keeps, and its steps in order.
 */
export const operationPreviewSchema = z.object({
  cluster: z.string(),
  kind: operationKindSchema,
  environment: z.enum(['sandbox', 'azure']),
  /** Set when the operation continues an unfinished one (its id) rather than starting anew. */
  resumes: z.string().optional(),
  add: z.array(nodeChangeSchema),
  remove: z.array(nodeChangeSchema),
  keep: z.array(z.string()),
  steps: z.array(
    z.object({ id: z.string(), title: z.string(), kind: z.enum(['arm', 'ssh', 'kube', 'local']), node: z.string().optional(), dependsOn: z.array(z.string()), az: z.string() }),
  ),
});
export type OperationPreview = z.infer<typeof operationPreviewSchema>;

/** `flatkube status NAME --json`: exactly these fields (the interface; null where unknown). */
export const clusterStatusSchema = z.object({
  name: z.string(),
  state: clusterStateSchema,
  controlPlaneEndpoint: z.string().nullable(),
  nodes: z.array(
    z.object({
      name: z.string(),
      role: z.enum(['control-plane', 'worker']),
      pool: z.string().nullable(),
      vmSize: z.string(),
      ready: z.boolean(),
      kubernetesVersion: z.string().nullable(),
      flatcarVersion: z.string().nullable(),
      /** The node's VM as the cloud provider names it (`azure:///subscriptions/.../virtualMachines/<vm>`); null until it has. */
      providerID: z.string().nullable(),
    }),
  ),
  /**
   * Flatcar OS updates (docs/operations.md#flatcar-updates): who reboots nodes into a downloaded
   * update, and the nodes waiting for that reboot (Kured marks them; null when nothing in the
   * cluster reports it: reboots off, or the API does not answer).
   */
  updates: z.object({ strategy: z.enum(['kured', 'off']), pendingReboots: z.array(z.string()).nullable() }),
  operations: z.array(z.object({ kind: operationKindSchema, state: z.enum(['running', 'succeeded', 'failed', 'cancelled']), startedAt: z.string(), finishedAt: z.string().nullable() })),
  /**
   * The newer Kubernetes releases the sysext bakery offers that this cluster may upgrade to next
   * (its minor's newer patches and the next minor's releases: kubeadm moves one minor at a time),
   * nearest first; empty when the bakery cannot be read.
   */
  upgrades: z.array(z.string()),
});
export type ClusterStatus = z.infer<typeof clusterStatusSchema>;

/**
 * `cluster.operation`: an operation as the backend recorded it, what the operation views render
 * from after a reload, a new window or a restart (service/operation-view.ts assembles it).
 */
export const operationViewSchema = z.object({
  cluster: z.string(),
  id: z.string(),
  kind: operationKindSchema,
  state: deploymentStatusSchema,
  /** Epoch milliseconds. */
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  error: engineErrorSchema.optional(),
  /** Every step of its plan, in plan order, with what the journal has of it. */
  steps: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      kind: z.enum(['arm', 'ssh', 'kube', 'local']).optional(),
      node: z.string().optional(),
      dependsOn: z.array(z.string()),
      az: z.string(),
      status: stepStatusSchema,
      startedAt: z.number().optional(),
      endedAt: z.number().optional(),
      error: engineErrorSchema.optional(),
    }),
  ),
  done: z.number().int(),
  total: z.number().int(),
  /** Per stream ('azure' for the Azure requests and operations, 'local', each node): the newest `linesPerStream` lines. */
  logs: z.array(
    z.object({
      stream: z.string(),
      lines: z.array(z.object({ seq: z.number().int(), stepId: z.string().optional(), level: z.enum(['info', 'warn', 'error']), text: z.string(), ts: z.number() })),
      /** Older lines of the stream not kept. */
      dropped: z.number().int(),
    }),
  ),
  linesPerStream: z.number().int(),
});
export type OperationView = z.infer<typeof operationViewSchema>;

export const operationSummarySchema = z.object({ id: z.string(), kind: operationKindSchema, state: deploymentStatusSchema, startedAt: z.string(), finishedAt: z.string().nullable() });

const specInput = z.unknown();
const nameInput = z.object({ name: z.string().min(1).max(40) });

export const clusterExportsSchema = z.object({
  /** node name -> Ignition JSON (pretty); the control plane's is a template (public IP placeholder) until its IP is known. */
  ignition: z.record(z.string(), z.string()),
  /**
   * file name -> kubeadm YAML for the control plane: init.template.yaml (a template, the public IP
   * placeholder stated at its top) until its public IP is known, then init.yaml (engine/exports.ts).
   */
  kubeadm: z.record(z.string(), z.string()),
  azScript: z.string(),
  /** The plan: one line per step (id, title, az equivalent). */
  plan: z.array(z.object({ id: z.string(), title: z.string(), dependsOn: z.array(z.string()), az: z.string(), explain: z.string() })),
});
export type ClusterExports = z.infer<typeof clusterExportsSchema>;

export const clusterChannels = {
  'cluster.exports': { input: z.object({ spec: specInput }), output: clusterExportsSchema },
  /** Starts a deployment and answers at once; progress, log and finished events follow. */
  'cluster.create': { input: z.object({ spec: specInput }), output: z.object({ name: z.string() }) },
  'cluster.resume': { input: nameInput, output: z.object({ name: z.string() }) },
  /**
   * Brings an existing cluster to a changed spec (its node pools), or creates it when it does not
   * exist; answers once the plan is made and the operation runs (refusals and a busy cluster are
   * errors); progress, log and finished events follow.
   */
  'cluster.apply': { input: z.object({ spec: specInput }), output: z.object({ name: z.string(), operation: operationKindSchema }) },
  /** What `cluster.apply` of this spec would do, without doing it (the Change page's plan). */
  'cluster.plan': { input: z.object({ spec: specInput }), output: operationPreviewSchema },
  /**
   * Upgrades the cluster's Kubernetes to a release the bakery publishes (a newer patch, or the next
   * minor): answers once the plan is made and the operation runs (refusals and a busy cluster are
   * errors; an unfinished upgrade to the same version continues); progress, log and finished
   * events follow.
   */
  'cluster.upgrade': { input: nameInput.extend({ kubernetesVersion: z.string().regex(/^\d+\.\d+\.\d+$/) }), output: z.object({ name: z.string(), operation: operationKindSchema }) },
  /** What `cluster.upgrade` to that version would do, without doing it (nodes in order, each step). */
  'cluster.planUpgrade': { input: nameInput.extend({ kubernetesVersion: z.string().regex(/^\d+\.\d+\.\d+$/) }), output: operationPreviewSchema },
  /** The cluster's nodes as the Kubernetes API sees them, and its operation history. */
  'cluster.status': { input: nameInput, output: clusterStatusSchema },
  /**
   * The spec the cluster was last brought to (its record's), the starting point of the Change page's
   * edit: what it sends back to cluster.plan and cluster.apply. It holds no secret (an SSH public
   * key, ids and addresses the wizard's draft holds too).
   */
  'cluster.spec': { input: nameInput, output: z.object({ spec: clusterSpecSchema }) },
  /**
   * The record of the cluster's latest operation (or of `operationId`): steps with timings, the
   * log backlog, its outcome; null when it has none. `history` lists its operations, newest last.
   */
  'cluster.operation': {
    input: nameInput.extend({ operationId: z.string().regex(/^[a-z]+-[0-9A-Za-z-]+$/).max(80).optional() }),
    output: z.object({ operation: operationViewSchema.nullable(), history: z.array(operationSummarySchema) }),
  },
  'cluster.cancel': { input: nameInput, output: z.object({ cancelled: z.boolean() }) },
  'cluster.list': { input: z.undefined(), output: z.array(clusterSummarySchema) },
  /** Runs the teardown and answers when it is over (events follow as well). */
  'cluster.destroy': { input: nameInput, output: z.object({ leftovers: z.array(z.string()), kept: z.array(z.string()).optional() }) },
  /**
   * "Generate a key for me": main makes an ed25519 key pair and keeps the private key 0600 in the
   * data folder; the answer is the public line for the spec and the private key's path (never the
   * key itself). `cluster` names it (comment and folder) when the draft has a valid name.
   */
  'cluster.generateSshKey': {
    input: z.object({ cluster: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/).optional() }),
    output: z.object({ keyId: z.string(), publicKey: z.string(), fingerprint: z.string(), privateKeyPath: z.string() }),
  },
  /**
   * The one explicit download of a generated private key: the app saves it where the user picks in
   * a save dialog (`savedTo`; neither when cancelled); browser mode answers a one-time link
   * (`downloadUrl`, one GET within a minute: electron/backend/one-time-downloads.ts) that the page
   * opens as a download, so the key is never a value in the renderer.
   */
  'cluster.downloadSshKey': {
    input: z.object({ keyId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/) }),
    output: z.object({ fileName: z.string(), savedTo: z.string().optional(), downloadUrl: z.string().regex(/^\/downloads\/[A-Za-z0-9_-]{43}$/).optional() }),
  },
  /** Where the admin kubeconfig is. Only the path: its client key stays out of the renderer. */
  'cluster.kubeconfig': { input: nameInput, output: z.object({ path: z.string() }) },
  'cluster.mergeKubeconfig': {
    input: nameInput.extend({ setCurrentContext: z.boolean().default(false) }),
    output: z.object({ path: z.string(), context: z.string(), backupPath: z.string().optional() }),
  },
  /**
   * Follows a node's journal live over SSH (kubelet, containerd, or everything when unit is null or
   * absent); lines arrive as `cluster.log` events with the node as stream, until cluster.stopLogs.
   */
  'cluster.followLogs': {
    input: nameInput.extend({ node: z.string().min(1).max(100), unit: z.enum(['kubelet', 'containerd']).nullable().optional() }),
    output: z.object({ followId: z.string() }),
  },
  /** Ends a follow (the remote journalctl and its SSH connection); false when it had ended already. */
  'cluster.stopLogs': { input: z.object({ followId: z.string().min(1).max(100) }), output: z.object({ stopped: z.boolean() }) },
};

export const clusterEvents = {
  'cluster.progress': clusterProgressSchema,
  'cluster.log': clusterLogSchema,
  'cluster.finished': clusterFinishedSchema,
};
