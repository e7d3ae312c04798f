import { stringify } from 'yaml';
import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import { KUBECTL } from './cni';

/**
 * Kured, the Kubernetes reboot daemon, reboots nodes into a downloaded Flatcar update
 * (docs/operations.md#flatcar-updates). Flatcar's update-engine downloads an update to the passive
 * partition and needs a reboot manager for the last step (flatcar/flatcar-website
 * content/docs/latest/updates-releases/releases/update-strategies.md: "The reboot is done by the
 * reboot manager ... The kured reboot manager will be supported as well starting from Flatcar
 * versions with a release number greater than 3067.0.0"); update-engine writes "the
 * Ubuntu-compatible /run/reboot-required flag file for kured" (flatcar-archive/coreos-overlay#1482,
 * pulling flatcar-linux/update_engine#15), the file Kured watches.
 *
 * The objects are upstream's, pinned and rendered here rather than fetched (no download to check,
 * the same bytes on Azure and in the sandbox), from kubereboot/kured:
 * - kured-rbac.yaml at tag 1.23.0 (commit ef3c90b2bd58c0571e6eae7b893f0de3709cc98f);
 * - kured-ds.yaml as the release bumped it to the 1.23.0 image (commit
 *   b40c59caa8c176df8df012506ee8bc7f267a52f6, "bump kubereboot/kured from 1.22.1 to 1.23.0", the
 *   same day as the tag; at the tag itself the file still names 1.22.1).
 * Flatcar's Kubernetes guide installs the same files (`kured-$latest-combined.yaml`,
 * content/docs/latest/orchestrate/kubernetes/getting-started-with-kubernetes.md).
 *
 * What Kured does with them (kubereboot/kured cmd/kured/main.go at 1.23.0): every `--period`
 * (default 1h) each node's pod checks the sentinel; a node that needs a reboot takes the lock
 * (annotation `weave.works/kured-node-lock` on this DaemonSet; `--concurrency` default 1: one node
 * at a time), cordons and drains its node (kubectl's drain helper: DaemonSet pods stay, emptyDir
 * data goes), runs `/bin/systemctl reboot` in the host's namespaces; after the reboot it uncordons
 * the node (unless it was cordoned before) and releases the lock.
 */

export const KURED_VERSION = '1.23.0';
export const KURED_IMAGE = `ghcr.io/kubereboot/kured:${KURED_VERSION}`;
export const KURED_NAMESPACE = 'kube-system';
/** `--ds-name` default; the lock lives on this DaemonSet. */
export const KURED_NAME = 'kured';
export const KURED_LOCK_ANNOTATION = 'weave.works/kured-node-lock';
/** `--annotate-nodes` marks a node that needs a reboot; `flatkube status` lists those nodes. */
export { KURED_REBOOT_IN_PROGRESS } from '../../kube/node-status';
/**
 * The host's /var/run (Flatcar: a link to /run) is mounted at /sentinel, so update-engine's
 * /run/reboot-required is /sentinel/reboot-required in the pod (kured-ds.yaml). kubereboot/kured#962:
 * a manifest and flags that disagree on the path make Kured say "Reboot not required" for ever.
 */
export const KURED_SENTINEL = '/sentinel/reboot-required';

/** Kured's arguments: upstream's, plus node annotations for `flatkube status`. */
export const KURED_ARGS = ['/usr/bin/kured', `--reboot-sentinel=${KURED_SENTINEL}`, '--annotate-nodes=true'] as const;

/** kured-rbac.yaml at 1.23.0: what its drain (nodes, pods, eviction) and its lock need. */
function rbac(): object[] {
  const meta = { name: KURED_NAME };
  const ns = { name: KURED_NAME, namespace: KURED_NAMESPACE };
  const subject = { kind: 'ServiceAccount', name: KURED_NAME, namespace: KURED_NAMESPACE };
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: meta,
      rules: [
        { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'patch'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['list', 'delete', 'get'] },
        { apiGroups: ['apps'], resources: ['daemonsets'], verbs: ['get'] },
        { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
      ],
    },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: meta, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: KURED_NAME }, subjects: [subject] },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: ns,
      // Kured locks and unlocks by updating its own DaemonSet's annotation.
      rules: [{ apiGroups: ['apps'], resources: ['daemonsets'], resourceNames: [KURED_NAME], verbs: ['update'] }],
    },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: ns, subjects: [subject], roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: KURED_NAME } },
  ];
}

/** kured-ds.yaml (1.23.0 image): a pod on every node, control planes too. */
function daemonSet(): object[] {
  const labels = { name: KURED_NAME };
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: KURED_NAME, namespace: KURED_NAMESPACE } },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: KURED_NAME, namespace: KURED_NAMESPACE },
      spec: {
        selector: { matchLabels: labels },
        updateStrategy: { type: 'RollingUpdate' },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: KURED_NAME,
            tolerations: [
              { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
              { key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' },
            ],
            // Kured enters the host's mount namespace through PID 1 to run systemctl reboot.
            hostPID: true,
            restartPolicy: 'Always',
            volumes: [{ name: 'sentinel', hostPath: { path: '/var/run', type: 'Directory' } }],
            containers: [
              {
                name: KURED_NAME,
                image: KURED_IMAGE,
                imagePullPolicy: 'IfNotPresent',
                securityContext: { privileged: true, readOnlyRootFilesystem: true },
                ports: [{ containerPort: 8080, name: 'metrics' }],
                env: [{ name: 'KURED_NODE_ID', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
                volumeMounts: [{ mountPath: '/sentinel', name: 'sentinel', readOnly: true }],
                command: [...KURED_ARGS],
              },
            ],
          },
        },
      },
    },
  ];
}

/** The manifest: RBAC first, then the service account and the DaemonSet, as one YAML stream. */
export function kuredManifest(): string {
  return [...rbac(), ...daemonSet()].map((o) => `---\n${stringify(o, { lineWidth: 0 })}`).join('');
}

export interface KuredPlan {
  version: string;
  /** Shell commands for the control plane (also copied into the az script). */
  commands: string[];
}

/** Kured for a spec that wants automatic reboots; none when the user turned them off. */
export function kuredPlan(spec: Pick<ClusterSpec, 'updates'>): KuredPlan | undefined {
  if (spec.updates.reboots !== 'kured') return undefined;
  // `apply` from stdin: idempotent, so a resumed step or a dropped session simply applies again.
  return { version: KURED_VERSION, commands: [`${KUBECTL} apply -f - <<'FLATKUBE_EOF'\n${kuredManifest()}FLATKUBE_EOF`] };
}
