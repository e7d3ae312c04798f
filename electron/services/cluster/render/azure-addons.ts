import { stringify } from 'yaml';
import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import { CLUSTER_TAG } from '../../../../shared/domain/cluster-layout';
import { AZURE_JSON_PATH } from './azure-json';
import { KUBECTL } from './cni';

/**
 * What runs inside the cluster for the Azure integration, rendered here and applied with
 * `kubectl apply -f -` on the first control plane (as the CNI's Calico Installation is): the
 * out-of-tree cloud provider (cloud-controller-manager and cloud-node-manager) and the Azure Disk
 * CSI driver with a default StorageClass. Nothing is downloaded: the objects are written from
 * the upstream manifests named below, trimmed to what Flatkube's clusters need, with the images
 * pinned.
 *
 * Versions. cloud-provider-azure's minor must equal Kubernetes' ("v1.y.x -> v1.y.z, branch
 * release-1.y": kubernetes-sigs/cloud-provider-azure README.md, version matrix); its Helm chart
 * 1.36.0 pins, per Kubernetes minor, 1.34 -> v1.34.9, 1.35 -> v1.35.4, 1.36 -> v1.36.0
 * (helm/cloud-provider-azure/templates/cloud-provider-azure.yaml). Images live under
 * mcr.microsoft.com/oss/v2/kubernetes/ for Kubernetes 1.32 and later (its README and chart README).
 * The disk driver does not track Kubernetes minors: v1.34.x supports "K8s 1.21+"
 * (kubernetes-sigs/azuredisk-csi-driver README.md, the release table), so one pin serves every
 * supported minor; its sidecars are those released with it (csi-provisioner v6.2.0,
 * csi-attacher v4.11.0, csi-node-driver-registrar v2.16.0, livenessprobe v2.18.0, as published
 * beside azuredisk-csi v1.34.4).
 */

export const CLOUD_PROVIDER_AZURE_VERSIONS: Readonly<Record<number, string>> = { 34: 'v1.34.9', 35: 'v1.35.4', 36: 'v1.36.0' };
export const AZUREDISK_CSI_VERSION = 'v1.34.4';
const CSI_SIDECARS = { provisioner: 'v6.2.0', attacher: 'v4.11.0', registrar: 'v2.16.0', livenessprobe: 'v2.18.0' } as const;

const MCR = 'mcr.microsoft.com/oss/v2';
/** The Disk CSI driver's name (kubernetes-sigs/azuredisk-csi-driver README.md: "disk.csi.azure.com"). */
export const DISK_CSI_DRIVER = 'disk.csi.azure.com';
/** Namespace of every object here, as upstream's manifests put them. */
const NS = 'kube-system';

/** The disk driver's release per Kubernetes minor: the same one for every minor the cloud provider is pinned for (its "1.21+" above). */
export const AZUREDISK_CSI_VERSIONS: Readonly<Record<number, string>> = { 34: AZUREDISK_CSI_VERSION, 35: AZUREDISK_CSI_VERSION, 36: AZUREDISK_CSI_VERSION };

function pinned(table: Readonly<Record<number, string>>, kubernetesVersion: string, what: string): string {
  const minor = Number(kubernetesVersion.replace(/^v/, '').split('.')[1]);
  const v = table[minor];
  if (!v) throw new Error(`no ${what} release pinned for Kubernetes 1.${minor}`);
  return v;
}

export function cloudProviderVersion(kubernetesVersion: string): string {
  return pinned(CLOUD_PROVIDER_AZURE_VERSIONS, kubernetesVersion, 'cloud-provider-azure');
}

export function diskCsiVersion(kubernetesVersion: string): string {
  return pinned(AZUREDISK_CSI_VERSIONS, kubernetesVersion, 'Azure Disk CSI driver');
}

export interface AzureAddonImages {
  cloudControllerManager: string;
  cloudNodeManager: string;
  diskCsi: string;
}

export function azureAddonImages(kubernetesVersion: string): AzureAddonImages {
  const ccm = cloudProviderVersion(kubernetesVersion);
  return {
    cloudControllerManager: `${MCR}/kubernetes/azure-cloud-controller-manager:${ccm}`,
    cloudNodeManager: `${MCR}/kubernetes/azure-cloud-node-manager:${ccm}`,
    diskCsi: `${MCR}/kubernetes-csi/azuredisk-csi:${diskCsiVersion(kubernetesVersion)}`,
  };
}

type Obj = Record<string, unknown>;

/**
 * The single-replica Deployments here run on the host's network with fixed ports (10267 for the
 * controller manager, 29602/29604 for the disk controller): a surge pod next to the old one on
 * the same control plane could not bind them, so an upgrade's new image would never roll out.
 * The old pod goes first instead (maxSurge 0, maxUnavailable 1:
 * https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy).
 */
const ONE_AT_A_TIME = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } };

const hostAzureJson = { name: 'azure-json', hostPath: { path: AZURE_JSON_PATH, type: 'File' } };
const azureJsonMount = { name: 'azure-json', mountPath: AZURE_JSON_PATH, readOnly: true };
const sa = (name: string): Obj => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: NS } });
const clusterRole = (name: string, rules: Obj[]): Obj => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules });
const binding = (name: string, role: string, account: string): Obj => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
  subjects: [{ kind: 'ServiceAccount', name: account, namespace: NS }],
});
const rule = (apiGroups: string[], resources: string[], verbs: string[]): Obj => ({ apiGroups, resources, verbs });
/** Control planes carry kubeadm's taint; the cloud provider runs there (upstream: the master taint, renamed since). */
const controlPlaneToleration = { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' };
/**
 * A kubelet with an external cloud provider registers its node with
 * node.cloudprovider.kubernetes.io/uninitialized=true:NoSchedule until cloud-node-manager has
 * initialised it (kubernetes/kubernetes staging/src/k8s.io/cloud-provider/api/well_known_taints.go);
 * the pods that do that must tolerate it.
 */
const uninitializedToleration = { key: 'node.cloudprovider.kubernetes.io/uninitialized', operator: 'Equal', value: 'true', effect: 'NoSchedule' };

/**
 * cloud-controller-manager: kubernetes-sigs/cloud-provider-azure examples/out-of-tree/cloud-controller-manager.yaml
 * (ServiceAccount, ClusterRole system:cloud-controller-manager, its bindings, the Deployment),
 * with the host's azure.json instead of a Secret holding a client secret, and
 * `--configure-cloud-routes=false --allocate-node-cidrs=false`: the pod network is an overlay
 * (VXLAN, render/cni.ts) and kubeadm's controller manager already allocates node CIDRs, so the
 * provider needs no route table ("false for Azure CNI", the example's comment, holds for any
 * network that routes pods itself).
 */
function cloudControllerManager(spec: Pick<ClusterSpec, 'name'>, image: string): Obj[] {
  const name = 'cloud-controller-manager';
  return [
    sa(name),
    clusterRole('system:cloud-controller-manager', [
      rule([''], ['events'], ['create', 'patch', 'update']),
      rule([''], ['nodes'], ['*']),
      rule([''], ['nodes/status'], ['patch']),
      rule([''], ['services'], ['list', 'patch', 'update', 'watch']),
      rule([''], ['services/status'], ['list', 'patch', 'update', 'watch']),
      rule([''], ['serviceaccounts'], ['create', 'get', 'list', 'watch', 'update']),
      rule([''], ['persistentvolumes'], ['get', 'list', 'update', 'watch']),
      rule([''], ['endpoints'], ['create', 'get', 'list', 'watch', 'update']),
      rule([''], ['secrets'], ['get', 'list', 'watch']),
      rule(['coordination.k8s.io'], ['leases'], ['get', 'create', 'update']),
      rule(['discovery.k8s.io'], ['endpointslices'], ['get', 'list', 'watch']),
    ]),
    binding('system:cloud-controller-manager', 'system:cloud-controller-manager', name),
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: NS, labels: { component: name } },
      spec: {
        replicas: 1,
        strategy: ONE_AT_A_TIME,
        selector: { matchLabels: { tier: 'control-plane', component: name } },
        template: {
          metadata: { labels: { tier: 'control-plane', component: name } },
          spec: {
            priorityClassName: 'system-node-critical',
            hostNetwork: true,
            serviceAccountName: name,
            nodeSelector: { 'node-role.kubernetes.io/control-plane': '' },
            tolerations: [controlPlaneToleration, uninitializedToleration],
            containers: [
              {
                name,
                image,
                imagePullPolicy: 'IfNotPresent',
                command: ['cloud-controller-manager'],
                args: [
                  '--allocate-node-cidrs=false',
                  `--cloud-config=${AZURE_JSON_PATH}`,
                  '--cloud-provider=azure',
                  `--cluster-name=${spec.name}`,
                  '--controllers=*,-cloud-node',
                  '--configure-cloud-routes=false',
                  '--leader-elect=true',
                  '--v=2',
                  '--secure-port=10267',
                ],
                resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '4', memory: '2Gi' } },
                volumeMounts: [azureJsonMount],
              },
            ],
            volumes: [hostAzureJson],
          },
        },
      },
    },
  ];
}

/** cloud-node-manager: kubernetes-sigs/cloud-provider-azure examples/out-of-tree/cloud-node-manager.yaml (the Linux DaemonSet). */
function cloudNodeManager(image: string): Obj[] {
  const name = 'cloud-node-manager';
  return [
    sa(name),
    clusterRole(name, [rule([''], ['nodes'], ['watch', 'list', 'get', 'update', 'patch']), rule([''], ['nodes/status'], ['patch'])]),
    binding(name, name, name),
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name, namespace: NS, labels: { component: name } },
      spec: {
        selector: { matchLabels: { 'k8s-app': name } },
        template: {
          metadata: { labels: { 'k8s-app': name } },
          spec: {
            priorityClassName: 'system-node-critical',
            serviceAccountName: name,
            hostNetwork: true,
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { operator: 'Exists', effect: 'NoExecute' }, { operator: 'Exists', effect: 'NoSchedule' }],
            containers: [
              {
                name,
                image,
                imagePullPolicy: 'IfNotPresent',
                command: ['cloud-node-manager', '--node-name=$(NODE_NAME)', '--wait-routes=false'],
                env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
                resources: { requests: { cpu: '50m', memory: '50Mi' }, limits: { cpu: '2000m', memory: '512Mi' } },
              },
            ],
          },
        },
      },
    },
  ];
}

/**
 * The Azure Disk CSI driver: kubernetes-sigs/azuredisk-csi-driver deploy/csi-azuredisk-driver.yaml
 * (the CSIDriver), deploy/rbac-csi-azuredisk-controller.yaml and -node.yaml (trimmed to the
 * provisioner's and attacher's rules), deploy/csi-azuredisk-controller.yaml (one replica on the
 * control planes, the chart's `controller.runOnControlPlane=true`, `controller.replicas=1` tips in
 * charts/README.md) and deploy/csi-azuredisk-node.yaml; both read the host's azure.json
 * (the driver's fallback without the kube-system/azure-cloud-provider Secret, README.md).
 */
function diskCsi(image: string): Obj[] {
  const sidecar = (n: keyof typeof CSI_SIDECARS, repo: string, args: string[]) => ({
    name: repo,
    image: `${MCR}/kubernetes-csi/${repo}:${CSI_SIDECARS[n]}`,
    args,
    volumeMounts: [{ name: 'socket-dir', mountPath: '/csi' }],
  });
  const driver = (args: string[], mounts: Obj[]) => ({
    name: 'azuredisk',
    image,
    imagePullPolicy: 'IfNotPresent',
    args: ['--v=2', '--endpoint=unix:///csi/csi.sock', ...args],
    env: [{ name: 'AZURE_CREDENTIAL_FILE', value: AZURE_JSON_PATH }],
    volumeMounts: [{ name: 'socket-dir', mountPath: '/csi' }, azureJsonMount, ...mounts],
  });
  return [
    { apiVersion: 'storage.k8s.io/v1', kind: 'CSIDriver', metadata: { name: DISK_CSI_DRIVER }, spec: { attachRequired: true, podInfoOnMount: false, fsGroupPolicy: 'File' } },
    sa('csi-azuredisk-controller-sa'),
    sa('csi-azuredisk-node-sa'),
    clusterRole('azuredisk-external-provisioner-role', [
      rule([''], ['persistentvolumes'], ['get', 'list', 'watch', 'create', 'delete']),
      rule([''], ['persistentvolumeclaims'], ['get', 'list', 'watch', 'update']),
      rule(['storage.k8s.io'], ['storageclasses'], ['get', 'list', 'watch']),
      rule([''], ['events'], ['get', 'list', 'watch', 'create', 'update', 'patch']),
      rule(['storage.k8s.io'], ['csinodes'], ['get', 'list', 'watch']),
      rule([''], ['nodes'], ['get', 'list', 'watch']),
      rule(['coordination.k8s.io'], ['leases'], ['get', 'watch', 'list', 'delete', 'update', 'create', 'patch']),
    ]),
    binding('azuredisk-csi-provisioner-binding', 'azuredisk-external-provisioner-role', 'csi-azuredisk-controller-sa'),
    clusterRole('azuredisk-external-attacher-role', [
      rule([''], ['persistentvolumes'], ['get', 'list', 'watch', 'update']),
      rule([''], ['nodes'], ['get', 'list', 'watch']),
      rule(['storage.k8s.io'], ['csinodes'], ['get', 'list', 'watch']),
      rule(['storage.k8s.io'], ['volumeattachments'], ['get', 'list', 'watch', 'update', 'patch']),
      rule(['storage.k8s.io'], ['volumeattachments/status'], ['patch']),
      rule(['coordination.k8s.io'], ['leases'], ['get', 'watch', 'list', 'delete', 'update', 'create', 'patch']),
    ]),
    binding('azuredisk-csi-attacher-binding', 'azuredisk-external-attacher-role', 'csi-azuredisk-controller-sa'),
    clusterRole('csi-azuredisk-node-role', [rule([''], ['secrets'], ['get']), rule([''], ['nodes'], ['get'])]),
    binding('csi-azuredisk-node-secret-binding', 'csi-azuredisk-node-role', 'csi-azuredisk-node-sa'),
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'csi-azuredisk-controller', namespace: NS },
      spec: {
        replicas: 1,
        strategy: ONE_AT_A_TIME,
        selector: { matchLabels: { app: 'csi-azuredisk-controller' } },
        template: {
          metadata: { labels: { app: 'csi-azuredisk-controller' } },
          spec: {
            hostNetwork: true,
            serviceAccountName: 'csi-azuredisk-controller-sa',
            priorityClassName: 'system-cluster-critical',
            nodeSelector: { 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/control-plane': '' },
            tolerations: [controlPlaneToleration, uninitializedToleration],
            containers: [
              sidecar('provisioner', 'csi-provisioner', ['--feature-gates=Topology=true', '--csi-address=/csi/csi.sock', '--v=2', '--timeout=30s', '--leader-election', '--extra-create-metadata=true']),
              sidecar('attacher', 'csi-attacher', ['-v=2', '-csi-address=/csi/csi.sock', '-timeout=600s', '-leader-election']),
              sidecar('livenessprobe', 'livenessprobe', ['--csi-address=/csi/csi.sock', '--probe-timeout=3s', '--health-port=29602']),
              driver(['--metrics-address=0.0.0.0:29604', '--disable-avset-nodes=false'], []),
            ],
            volumes: [{ name: 'socket-dir', emptyDir: {} }, hostAzureJson],
          },
        },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'csi-azuredisk-node', namespace: NS },
      spec: {
        selector: { matchLabels: { app: 'csi-azuredisk-node' } },
        template: {
          metadata: { labels: { app: 'csi-azuredisk-node' } },
          spec: {
            hostNetwork: true,
            serviceAccountName: 'csi-azuredisk-node-sa',
            priorityClassName: 'system-node-critical',
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            tolerations: [{ operator: 'Exists' }],
            containers: [
              sidecar('livenessprobe', 'livenessprobe', ['--csi-address=/csi/csi.sock', '--probe-timeout=3s', '--health-port=29603']),
              sidecar('registrar', 'csi-node-driver-registrar', ['--csi-address=/csi/csi.sock', '--kubelet-registration-path=/var/lib/kubelet/plugins/disk.csi.azure.com/csi.sock', '--v=2']),
              { ...driver(['--nodeid=$(KUBE_NODE_NAME)'], [{ name: 'mountpoint-dir', mountPath: '/var/lib/kubelet/', mountPropagation: 'Bidirectional' }]), env: [{ name: 'AZURE_CREDENTIAL_FILE', value: AZURE_JSON_PATH }, { name: 'KUBE_NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } }], securityContext: { privileged: true } },
            ],
            volumes: [
              { name: 'socket-dir', hostPath: { path: '/var/lib/kubelet/plugins/disk.csi.azure.com', type: 'DirectoryOrCreate' } },
              { name: 'mountpoint-dir', hostPath: { path: '/var/lib/kubelet/', type: 'DirectoryOrCreate' } },
              hostAzureJson,
            ],
          },
        },
      },
    },
  ];
}

/**
 * The driver's charts create no StorageClass; this is its example
 * (deploy/example/storageclass-azuredisk-csi.yaml: managed-csi, StandardSSD_LRS, Delete,
 * WaitForFirstConsumer, expandable) made the default
 * (storageclass.kubernetes.io/is-default-class, https://kubernetes.io/docs/tasks/administer-cluster/change-default-storage-class/),
 * with the `tags` parameter ("key1=val1,key2=val2": the driver's docs/driver-parameters.md) so
 * every disk it creates carries the cluster's tag beside the driver's own.
 */
function storageClass(spec: Pick<ClusterSpec, 'name'>): Obj {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'managed-csi', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: DISK_CSI_DRIVER,
    parameters: { skuName: 'StandardSSD_LRS', tags: `${CLUSTER_TAG}=${spec.name}` },
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: true,
  };
}

type AddonSpec = Pick<ClusterSpec, 'name' | 'kubernetesVersion' | 'azureIntegration'>;

/** The two add-ons, each moved on its own by an upgrade (render/azure-addons-upgrade.ts). */
export type AzureAddon = 'cloud-provider' | 'disk-csi';

/** The objects of each add-on the spec asks for (none when it is off), in apply order. */
export function azureAddonParts(spec: AddonSpec): Record<AzureAddon, Obj[]> {
  if (!spec.azureIntegration.cloudProvider) return { 'cloud-provider': [], 'disk-csi': [] };
  const images = azureAddonImages(spec.kubernetesVersion);
  return {
    'cloud-provider': [...cloudControllerManager(spec, images.cloudControllerManager), ...cloudNodeManager(images.cloudNodeManager)],
    'disk-csi': spec.azureIntegration.disks ? [...diskCsi(images.diskCsi), storageClass(spec)] : [],
  };
}

/** Every object of the integration the spec asks for, in apply order. */
export function azureAddonObjects(spec: AddonSpec): Obj[] {
  const parts = azureAddonParts(spec);
  return [...parts['cloud-provider'], ...parts['disk-csi']];
}

function toYaml(objects: Obj[]): string {
  return objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n');
}

export function renderAzureAddons(spec: AddonSpec): string {
  return toYaml(azureAddonObjects(spec));
}

/** One `kubectl apply` of the objects on the control plane (none for none). */
export function kubectlApply(objects: Obj[]): string[] {
  const yaml = toYaml(objects);
  return yaml ? [`${KUBECTL} apply -f - <<'FLATKUBE_EOF'\n${yaml}FLATKUBE_EOF`] : [];
}

/** The control plane's commands: one `kubectl apply` of every object (apply is idempotent, so a resume runs it again safely). */
export function azureAddonCommands(spec: AddonSpec): string[] {
  return kubectlApply(azureAddonObjects(spec));
}
