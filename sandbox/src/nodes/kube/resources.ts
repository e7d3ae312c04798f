// The resource types the simulated API serves: the built-in groups of a kubeadm cluster (with
// the verbs, short names, categories and subresources discovery reports) and the types
// CustomResourceDefinitions add. Storage is one version per type; other served versions of a
// group (autoscaling/v1, CRD versions) are the same objects under another apiVersion.
import type { KObj } from './types';

export interface Subresource {
  name: string;
  kind: string;
  group?: string;
  version?: string;
  verbs: string[];
}

export interface ResourceType {
  group: string;
  version: string;
  /** Other versions served from the same storage (e.g. autoscaling/v1 besides v2). */
  alsoServed?: string[];
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: Subresource[];
  /** metadata.generation is kept and bumped on spec changes. */
  generation?: boolean;
  /** Status is only written through the status subresource (spec through the main resource). */
  statusSubresource?: boolean;
  /** Message name in the protobuf schema (proto/k8s-proto-schema.ts), for protobuf bodies. */
  proto?: string;
  /** From a CustomResourceDefinition. */
  crd?: { name: string; printerColumns: Record<string, PrinterColumn[]>; versions: string[] };
}

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  priority?: number;
  format?: string;
}

const RW = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const GPU = ['get', 'patch', 'update'];
const CREATE = ['create'];

function t(group: string, version: string, kind: string, plural: string, namespaced: boolean, extra: Partial<ResourceType> = {}): ResourceType {
  return { group, version, kind, plural, singular: kind.toLowerCase(), namespaced, verbs: RW, ...extra };
}

const status = (kind: string, group = '', version = 'v1'): Subresource => ({ name: 'status', kind, group, version, verbs: GPU });
const scale: Subresource = { name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: GPU };
const ALL = ['all'];

/** The built-in types of a kubeadm cluster's API server (Kubernetes 1.35), as discovery lists them. */
export const BUILTIN_TYPES: ResourceType[] = [
  t('', 'v1', 'Binding', 'bindings', true, { verbs: CREATE }),
  t('', 'v1', 'ComponentStatus', 'componentstatuses', false, { verbs: ['get', 'list'], shortNames: ['cs'] }),
  t('', 'v1', 'ConfigMap', 'configmaps', true, { shortNames: ['cm'], proto: 'core.v1.ConfigMap' }),
  t('', 'v1', 'Endpoints', 'endpoints', true, { singular: 'endpoints', shortNames: ['ep'], proto: 'core.v1.Endpoints' }),
  t('', 'v1', 'Event', 'events', true, { shortNames: ['ev'], proto: 'core.v1.Event' }),
  t('', 'v1', 'LimitRange', 'limitranges', true, { shortNames: ['limits'], proto: 'core.v1.LimitRange' }),
  t('', 'v1', 'Namespace', 'namespaces', false, { verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['ns'], subresources: [{ name: 'finalize', kind: 'Namespace', group: '', version: 'v1', verbs: ['update'] }, status('Namespace')], statusSubresource: true, proto: 'core.v1.Namespace' }),
  t('', 'v1', 'Node', 'nodes', false, { shortNames: ['no'], subresources: [{ name: 'proxy', kind: 'NodeProxyOptions', group: '', version: 'v1', verbs: ['create', 'delete', 'get', 'patch', 'update'] }, status('Node')], statusSubresource: true, proto: 'core.v1.Node' }),
  t('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, { shortNames: ['pvc'], subresources: [status('PersistentVolumeClaim')], statusSubresource: true, proto: 'core.v1.PersistentVolumeClaim' }),
  t('', 'v1', 'PersistentVolume', 'persistentvolumes', false, { shortNames: ['pv'], subresources: [status('PersistentVolume')], statusSubresource: true, proto: 'core.v1.PersistentVolume' }),
  t('', 'v1', 'Pod', 'pods', true, {
    shortNames: ['po'],
    categories: ALL,
    generation: true,
    statusSubresource: true,
    proto: 'core.v1.Pod',
    subresources: [
      { name: 'attach', kind: 'PodAttachOptions', group: '', version: 'v1', verbs: ['create', 'get'] },
      { name: 'binding', kind: 'Binding', group: '', version: 'v1', verbs: CREATE },
      { name: 'ephemeralcontainers', kind: 'Pod', group: '', version: 'v1', verbs: GPU },
      { name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: CREATE },
      { name: 'exec', kind: 'PodExecOptions', group: '', version: 'v1', verbs: ['create', 'get'] },
      { name: 'log', kind: 'Pod', group: '', version: 'v1', verbs: ['get'] },
      { name: 'portforward', kind: 'PodPortForwardOptions', group: '', version: 'v1', verbs: ['create', 'get'] },
      { name: 'proxy', kind: 'PodProxyOptions', group: '', version: 'v1', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
      { name: 'resize', kind: 'Pod', group: '', version: 'v1', verbs: GPU },
      status('Pod'),
    ],
  }),
  t('', 'v1', 'PodTemplate', 'podtemplates', true),
  t('', 'v1', 'ReplicationController', 'replicationcontrollers', true, { shortNames: ['rc'], categories: ALL, generation: true, statusSubresource: true, subresources: [scale, status('ReplicationController')] }),
  t('', 'v1', 'ResourceQuota', 'resourcequotas', true, { shortNames: ['quota'], subresources: [status('ResourceQuota')], statusSubresource: true, proto: 'core.v1.ResourceQuota' }),
  t('', 'v1', 'Secret', 'secrets', true, { proto: 'core.v1.Secret' }),
  t('', 'v1', 'ServiceAccount', 'serviceaccounts', true, { shortNames: ['sa'], subresources: [{ name: 'token', kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1', verbs: CREATE }], proto: 'core.v1.ServiceAccount' }),
  t('', 'v1', 'Service', 'services', true, {
    shortNames: ['svc'],
    categories: ALL,
    statusSubresource: true,
    proto: 'core.v1.Service',
    subresources: [{ name: 'proxy', kind: 'ServiceProxyOptions', group: '', version: 'v1', verbs: ['create', 'delete', 'get', 'patch', 'update'] }, status('Service')],
  }),
  t('admissionregistration.k8s.io', 'v1', 'MutatingWebhookConfiguration', 'mutatingwebhookconfigurations', false, { categories: ['api-extensions'] }),
  t('admissionregistration.k8s.io', 'v1', 'ValidatingAdmissionPolicy', 'validatingadmissionpolicies', false, { categories: ['api-extensions'], generation: true, statusSubresource: true, subresources: [status('ValidatingAdmissionPolicy', 'admissionregistration.k8s.io')] }),
  t('admissionregistration.k8s.io', 'v1', 'ValidatingAdmissionPolicyBinding', 'validatingadmissionpolicybindings', false, { categories: ['api-extensions'] }),
  t('admissionregistration.k8s.io', 'v1', 'ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', false, { categories: ['api-extensions'] }),
  t('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, { shortNames: ['crd', 'crds'], categories: ['api-extensions'], generation: true, statusSubresource: true, subresources: [status('CustomResourceDefinition', 'apiextensions.k8s.io')] }),
  t('apiregistration.k8s.io', 'v1', 'APIService', 'apiservices', false, { categories: ['api-extensions'], statusSubresource: true, subresources: [status('APIService', 'apiregistration.k8s.io')] }),
  t('apps', 'v1', 'ControllerRevision', 'controllerrevisions', true),
  t('apps', 'v1', 'DaemonSet', 'daemonsets', true, { shortNames: ['ds'], categories: ALL, generation: true, statusSubresource: true, proto: 'apps.v1.DaemonSet', subresources: [status('DaemonSet', 'apps')] }),
  t('apps', 'v1', 'Deployment', 'deployments', true, { shortNames: ['deploy'], categories: ALL, generation: true, statusSubresource: true, proto: 'apps.v1.Deployment', subresources: [scale, status('Deployment', 'apps')] }),
  t('apps', 'v1', 'ReplicaSet', 'replicasets', true, { shortNames: ['rs'], categories: ALL, generation: true, statusSubresource: true, proto: 'apps.v1.ReplicaSet', subresources: [scale, status('ReplicaSet', 'apps')] }),
  t('apps', 'v1', 'StatefulSet', 'statefulsets', true, { shortNames: ['sts'], categories: ALL, generation: true, statusSubresource: true, proto: 'apps.v1.StatefulSet', subresources: [scale, status('StatefulSet', 'apps')] }),
  t('authentication.k8s.io', 'v1', 'SelfSubjectReview', 'selfsubjectreviews', false, { verbs: CREATE, proto: 'authentication.v1.SelfSubjectReview' }),
  t('authentication.k8s.io', 'v1', 'TokenReview', 'tokenreviews', false, { verbs: CREATE, proto: 'authentication.v1.TokenReview' }),
  t('authorization.k8s.io', 'v1', 'LocalSubjectAccessReview', 'localsubjectaccessreviews', true, { verbs: CREATE, proto: 'authorization.v1.LocalSubjectAccessReview' }),
  t('authorization.k8s.io', 'v1', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews', false, { verbs: CREATE, proto: 'authorization.v1.SelfSubjectAccessReview' }),
  t('authorization.k8s.io', 'v1', 'SelfSubjectRulesReview', 'selfsubjectrulesreviews', false, { verbs: CREATE, proto: 'authorization.v1.SelfSubjectRulesReview' }),
  t('authorization.k8s.io', 'v1', 'SubjectAccessReview', 'subjectaccessreviews', false, { verbs: CREATE, proto: 'authorization.v1.SubjectAccessReview' }),
  t('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, { alsoServed: ['v1'], shortNames: ['hpa'], categories: ALL, statusSubresource: true, proto: 'autoscaling.v2.HorizontalPodAutoscaler', subresources: [status('HorizontalPodAutoscaler', 'autoscaling', 'v2')] }),
  t('batch', 'v1', 'CronJob', 'cronjobs', true, { shortNames: ['cj'], categories: ALL, generation: true, statusSubresource: true, proto: 'batch.v1.CronJob', subresources: [status('CronJob', 'batch')] }),
  t('batch', 'v1', 'Job', 'jobs', true, { categories: ALL, generation: true, statusSubresource: true, proto: 'batch.v1.Job', subresources: [status('Job', 'batch')] }),
  t('certificates.k8s.io', 'v1', 'CertificateSigningRequest', 'certificatesigningrequests', false, { shortNames: ['csr'], statusSubresource: true, proto: 'certificates.v1.CertificateSigningRequest', subresources: [{ name: 'approval', kind: 'CertificateSigningRequest', group: 'certificates.k8s.io', version: 'v1', verbs: GPU }, status('CertificateSigningRequest', 'certificates.k8s.io')] }),
  t('coordination.k8s.io', 'v1', 'Lease', 'leases', true, { proto: 'coordination.v1.Lease' }),
  t('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', true, { proto: 'discovery.v1.EndpointSlice' }),
  t('events.k8s.io', 'v1', 'Event', 'events', true, { shortNames: ['ev'], proto: 'events.v1.Event' }),
  t('flowcontrol.apiserver.k8s.io', 'v1', 'FlowSchema', 'flowschemas', false, { statusSubresource: true, generation: true, subresources: [status('FlowSchema', 'flowcontrol.apiserver.k8s.io')] }),
  t('flowcontrol.apiserver.k8s.io', 'v1', 'PriorityLevelConfiguration', 'prioritylevelconfigurations', false, { statusSubresource: true, generation: true, subresources: [status('PriorityLevelConfiguration', 'flowcontrol.apiserver.k8s.io')] }),
  t('networking.k8s.io', 'v1', 'IngressClass', 'ingressclasses', false),
  t('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, { shortNames: ['ing'], statusSubresource: true, generation: true, proto: 'networking.v1.Ingress', subresources: [status('Ingress', 'networking.k8s.io')] }),
  t('networking.k8s.io', 'v1', 'IPAddress', 'ipaddresses', false, { shortNames: ['ip'] }),
  t('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true, { shortNames: ['netpol'], generation: true, proto: 'networking.v1.NetworkPolicy' }),
  t('networking.k8s.io', 'v1', 'ServiceCIDR', 'servicecidrs', false, { statusSubresource: true, subresources: [status('ServiceCIDR', 'networking.k8s.io')] }),
  t('node.k8s.io', 'v1', 'RuntimeClass', 'runtimeclasses', false),
  t('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, { shortNames: ['pdb'], generation: true, statusSubresource: true, proto: 'policy.v1.PodDisruptionBudget', subresources: [status('PodDisruptionBudget', 'policy')] }),
  t('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false, { proto: 'rbac.v1.ClusterRoleBinding' }),
  t('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false, { proto: 'rbac.v1.ClusterRole' }),
  t('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true, { proto: 'rbac.v1.RoleBinding' }),
  t('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true, { proto: 'rbac.v1.Role' }),
  t('resource.k8s.io', 'v1', 'DeviceClass', 'deviceclasses', false, { generation: true }),
  t('resource.k8s.io', 'v1', 'ResourceClaim', 'resourceclaims', true, { statusSubresource: true, subresources: [status('ResourceClaim', 'resource.k8s.io')] }),
  t('resource.k8s.io', 'v1', 'ResourceClaimTemplate', 'resourceclaimtemplates', true),
  t('resource.k8s.io', 'v1', 'ResourceSlice', 'resourceslices', false),
  t('scheduling.k8s.io', 'v1', 'PriorityClass', 'priorityclasses', false, { shortNames: ['pc'], proto: 'scheduling.v1.PriorityClass' }),
  t('storage.k8s.io', 'v1', 'CSIDriver', 'csidrivers', false),
  t('storage.k8s.io', 'v1', 'CSINode', 'csinodes', false),
  t('storage.k8s.io', 'v1', 'CSIStorageCapacity', 'csistoragecapacities', true),
  t('storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', false, { shortNames: ['sc'], proto: 'storage.v1.StorageClass' }),
  t('storage.k8s.io', 'v1', 'VolumeAttachment', 'volumeattachments', false, { statusSubresource: true, subresources: [status('VolumeAttachment', 'storage.k8s.io')] }),
  t('storage.k8s.io', 'v1', 'VolumeAttributesClass', 'volumeattributesclasses', false, { shortNames: ['vac'] }),
];

/** Preferred version first: what /apis lists for each built-in group, in discovery's order. */
export const BUILTIN_GROUP_ORDER = [
  '',
  'apiregistration.k8s.io',
  'apps',
  'events.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'networking.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'node.k8s.io',
  'discovery.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'resource.k8s.io',
];

/** Storage key of a type: `group/plural`. */
export function typeKey(t: { group: string; plural: string }): string {
  return `${t.group}/${t.plural}`;
}

interface CrdVersion {
  name?: string;
  served?: boolean;
  storage?: boolean;
  additionalPrinterColumns?: PrinterColumn[];
  subresources?: { status?: unknown; scale?: unknown };
}

/** The type a CustomResourceDefinition defines (undefined when its spec is incomplete). */
export function typeFromCrd(crd: KObj): ResourceType | undefined {
  const spec = crd.spec as { group?: string; scope?: string; names?: { kind?: string; plural?: string; singular?: string; shortNames?: string[]; categories?: string[] }; versions?: CrdVersion[] } | undefined;
  if (!spec?.group || !spec.names?.kind || !spec.names.plural) return undefined;
  const served = (spec.versions ?? []).filter((v) => v.served !== false && v.name);
  const storage = served.find((v) => v.storage) ?? served[0];
  if (!storage?.name) return undefined;
  const subs: Subresource[] = [];
  if (storage.subresources?.status !== undefined) subs.push({ name: 'status', kind: spec.names.kind, group: spec.group, version: storage.name, verbs: GPU });
  if (storage.subresources?.scale !== undefined) subs.push(scale);
  return {
    group: spec.group,
    version: storage.name,
    alsoServed: served.map((v) => v.name as string).filter((v) => v !== storage.name),
    kind: spec.names.kind,
    plural: spec.names.plural,
    singular: spec.names.singular || spec.names.kind.toLowerCase(),
    namespaced: spec.scope !== 'Cluster',
    verbs: RW,
    ...(spec.names.shortNames?.length ? { shortNames: spec.names.shortNames } : {}),
    ...(spec.names.categories?.length ? { categories: spec.names.categories } : {}),
    ...(subs.length ? { subresources: subs } : {}),
    statusSubresource: storage.subresources?.status !== undefined,
    generation: true,
    crd: {
      name: crd.metadata.name as string,
      versions: served.map((v) => v.name as string),
      printerColumns: Object.fromEntries(served.map((v) => [v.name as string, v.additionalPrinterColumns ?? []])),
    },
  };
}

/** All served types: the built-ins and the established CRDs' types. */
export class TypeRegistry {
  private byKey = new Map<string, ResourceType>();
  private crdTypes: ResourceType[] = [];

  constructor() {
    for (const b of BUILTIN_TYPES) this.byKey.set(typeKey(b), b);
  }

  /** Re-reads the CRDs (after any CRD write). */
  setCrds(crds: KObj[]): void {
    for (const c of this.crdTypes) this.byKey.delete(typeKey(c));
    this.crdTypes = [];
    for (const crd of crds) {
      if (crd.metadata.deletionTimestamp) continue;
      const tp = typeFromCrd(crd);
      if (!tp || this.byKey.has(typeKey(tp))) continue;
      this.crdTypes.push(tp);
      this.byKey.set(typeKey(tp), tp);
    }
  }

  all(): ResourceType[] {
    return [...this.byKey.values()];
  }

  get(group: string, plural: string): ResourceType | undefined {
    return this.byKey.get(`${group}/${plural}`);
  }

  /** The type served at group/version/plural (the storage version or another served one). */
  served(group: string, version: string, plural: string): ResourceType | undefined {
    const tp = this.get(group, plural);
    if (!tp) return undefined;
    return tp.version === version || tp.alsoServed?.includes(version) ? tp : undefined;
  }

  byKind(group: string, kind: string): ResourceType | undefined {
    for (const tp of this.byKey.values()) if (tp.group === group && tp.kind === kind) return tp;
    return undefined;
  }

  /** Groups with their versions (preferred first), built-ins in discovery's order, then CRD groups. */
  groups(): { name: string; versions: string[] }[] {
    const out = new Map<string, string[]>();
    for (const g of BUILTIN_GROUP_ORDER) out.set(g, []);
    for (const tp of this.byKey.values()) {
      const vs = out.get(tp.group) ?? [];
      for (const v of [tp.version, ...(tp.alsoServed ?? [])]) if (!vs.includes(v)) vs.push(v);
      out.set(tp.group, vs);
    }
    return [...out].filter(([, v]) => v.length > 0).map(([name, versions]) => ({ name, versions: versions.sort(compareVersions) }));
  }
}

/** Kubernetes' version priority: GA > beta > alpha, then by number (v2 > v1 > v1beta2 > v1beta1 > v1alpha1). */
export function compareVersions(a: string, b: string): number {
  const rank = (v: string): [number, number, number] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [3, 0, 0];
    return [m[2] === 'alpha' ? 2 : m[2] === 'beta' ? 1 : 0, -Number(m[1]), -Number(m[3] ?? 0)];
  };
  const [ra, rb] = [rank(a), rank(b)];
  for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return (ra[i] as number) - (rb[i] as number);
  return a.localeCompare(b);
}
