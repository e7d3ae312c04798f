// What `kubeadm init` leaves in the API besides the nodes: the four namespaces, the kubernetes
// and kube-dns Services, CoreDNS and kube-proxy with their ServiceAccounts and ConfigMaps,
// kubeadm's own ConfigMaps (kubeadm-config, kubelet-config, cluster-info), the controllers'
// ServiceAccounts, the default RBAC roles and bindings, the system PriorityClasses, leader
// election Leases and the APIServices. Also turns the object records of older sandbox state
// (before the API had a store) into objects.
import type { KubeApi } from './api';
import type { ApiObjectRecord, ClusterRecord } from '../node-state';
import { intToIp, parseCidr } from '../../providers/network/ip-math';
import { isoMicros, type KObj } from './types';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

function minor(v: string): number {
  return Number(/^v?\d+\.(\d+)/.exec(v)?.[1] ?? 35);
}

/** The add-on images kubeadm deploys for a Kubernetes version (kubeadm's constants). */
export function addonImages(version: string): { coredns: string; etcd: string; pause: string } {
  const m = minor(version);
  return {
    coredns: `registry.k8s.io/coredns/coredns:${m >= 34 ? 'v1.12.1' : m === 33 ? 'v1.12.0' : 'v1.11.3'}`,
    etcd: `registry.k8s.io/etcd:${m >= 35 ? '3.6.5-0' : m === 34 ? '3.6.4-0' : m === 33 ? '3.5.21-0' : '3.5.16-0'}`,
    pause: `registry.k8s.io/pause:${m >= 34 ? '3.10.1' : '3.10'}`,
  };
}

export function serviceIp(rec: ClusterRecord, n: number): string {
  const c = parseCidr((rec.serviceSubnet || '10.96.0.0/12').split(',')[0] as string);
  return c ? intToIp(c.base + n) : `10.96.0.${n}`;
}

const CONTROLLER_SAS = [
  'attachdetach-controller', 'bootstrap-signer', 'certificate-controller', 'clusterrole-aggregation-controller', 'coredns', 'cronjob-controller', 'daemon-set-controller', 'deployment-controller', 'disruption-controller',
  'endpoint-controller', 'endpointslice-controller', 'endpointslicemirroring-controller', 'ephemeral-volume-controller', 'expand-controller', 'generic-garbage-collector', 'horizontal-pod-autoscaler', 'job-controller',
  'kube-proxy', 'legacy-service-account-token-cleaner', 'namespace-controller', 'node-controller', 'persistent-volume-binder', 'pod-garbage-collector', 'pv-protection-controller', 'pvc-protection-controller',
  'replicaset-controller', 'replication-controller', 'resourcequota-controller', 'root-ca-cert-publisher', 'service-account-controller', 'service-cidrs-controller', 'statefulset-controller', 'token-cleaner',
  'ttl-after-finished-controller', 'ttl-controller', 'validatingadmissionpolicy-status-controller',
];

const ALL_RULES = [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, { nonResourceURLs: ['*'], verbs: ['*'] }];
const READ = ['get', 'list', 'watch'];

function clusterRoles(): [string, Any[], Record<string, string>?][] {
  const bootstrap = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
  return [
    ['cluster-admin', ALL_RULES, bootstrap],
    ['admin', [{ apiGroups: ['', 'apps', 'batch', 'autoscaling', 'networking.k8s.io', 'policy'], resources: ['*'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] }], bootstrap],
    ['edit', [{ apiGroups: ['', 'apps', 'batch', 'autoscaling', 'networking.k8s.io', 'policy'], resources: ['*'], verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'] }], { ...bootstrap, 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' }],
    ['view', [{ apiGroups: ['', 'apps', 'batch', 'autoscaling', 'networking.k8s.io', 'policy'], resources: ['*'], verbs: READ }], { ...bootstrap, 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' }],
    ['system:basic-user', [{ apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], verbs: ['create'] }], bootstrap],
    ['system:discovery', [{ nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'], verbs: ['get'] }], bootstrap],
    ['system:public-info-viewer', [{ nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'], verbs: ['get'] }], bootstrap],
    ['system:node', [{ apiGroups: [''], resources: ['nodes', 'pods', 'services', 'endpoints'], verbs: READ }], bootstrap],
    ['system:node-proxier', [{ apiGroups: [''], resources: ['endpoints', 'services', 'nodes'], verbs: READ }], bootstrap],
    ['system:kube-controller-manager', [{ apiGroups: ['*'], resources: ['*'], verbs: READ }], bootstrap],
    ['system:kube-scheduler', [{ apiGroups: ['', 'storage.k8s.io'], resources: ['*'], verbs: READ }], bootstrap],
    ['system:coredns', [{ apiGroups: [''], resources: ['endpoints', 'services', 'pods', 'namespaces'], verbs: ['list', 'watch'] }, { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] }]],
    ['system:monitoring', [{ nonResourceURLs: ['/healthz', '/healthz/*', '/livez', '/livez/*', '/metrics', '/metrics/slis', '/readyz', '/readyz/*'], verbs: ['get'] }], bootstrap],
    ['system:service-account-issuer-discovery', [{ nonResourceURLs: ['/.well-known/openid-configuration', '/.well-known/openid-configuration/', '/openid/v1/jwks', '/openid/v1/jwks/'], verbs: ['get'] }], bootstrap],
    ['system:volume-scheduler', [{ apiGroups: ['', 'storage.k8s.io'], resources: ['persistentvolumes', 'persistentvolumeclaims', 'storageclasses'], verbs: READ }], bootstrap],
    ['kubeadm:get-nodes', [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }]],
  ];
}

function clusterRoleBindings(): [string, string, Any[]][] {
  const group = (name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name });
  const user = (name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name });
  return [
    ['cluster-admin', 'cluster-admin', [group('system:masters')]],
    ['kubeadm:cluster-admins', 'cluster-admin', [group('kubeadm:cluster-admins')]],
    ['kubeadm:get-nodes', 'kubeadm:get-nodes', [group('system:bootstrappers:kubeadm:default-node-token')]],
    ['kubeadm:kubelet-bootstrap', 'system:node-bootstrapper', [group('system:bootstrappers:kubeadm:default-node-token')]],
    ['kubeadm:node-autoapprove-bootstrap', 'system:certificates.k8s.io:certificatesigningrequests:nodeclient', [group('system:bootstrappers:kubeadm:default-node-token')]],
    ['kubeadm:node-autoapprove-certificate-rotation', 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', [group('system:nodes')]],
    ['kubeadm:node-proxier', 'system:node-proxier', [{ kind: 'ServiceAccount', name: 'kube-proxy', namespace: 'kube-system' }]],
    ['system:basic-user', 'system:basic-user', [group('system:authenticated')]],
    ['system:coredns', 'system:coredns', [{ kind: 'ServiceAccount', name: 'coredns', namespace: 'kube-system' }]],
    ['system:discovery', 'system:discovery', [group('system:authenticated')]],
    ['system:kube-controller-manager', 'system:kube-controller-manager', [user('system:kube-controller-manager')]],
    ['system:kube-scheduler', 'system:kube-scheduler', [user('system:kube-scheduler')]],
    ['system:monitoring', 'system:monitoring', [group('system:monitoring')]],
    ['system:node-proxier', 'system:node-proxier', [user('system:kube-proxy')]],
    ['system:public-info-viewer', 'system:public-info-viewer', [group('system:authenticated'), group('system:unauthenticated')]],
    ['system:service-account-issuer-discovery', 'system:service-account-issuer-discovery', [group('system:serviceaccounts')]],
    ['system:volume-scheduler', 'system:volume-scheduler', [user('system:kube-scheduler')]],
  ];
}

function corefile(): string {
  return `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
`;
}

function tryCreate(api: KubeApi, group: string, plural: string, ns: string | undefined, body: Any): void {
  const tp = api.type(group, plural);
  if (api.find(tp, ns, body.metadata.name)) return;
  api.create(tp, ns, body);
}

/** Seeds a new cluster's API objects (idempotent: existing objects are left alone). */
export function seedCluster(api: KubeApi, rec: ClusterRecord): void {
  const cp = rec.members.find((m) => m.role === 'control-plane');
  const images = addonImages(rec.kubernetesVersion);
  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) tryCreate(api, '', 'namespaces', undefined, { metadata: { name: ns } });
  tryCreate(api, '', 'services', 'default', {
    metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { clusterIP: serviceIp(rec, 1), ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], sessionAffinity: 'None', type: 'ClusterIP' },
  });
  if (cp) {
    tryCreate(api, '', 'endpoints', 'default', { metadata: { name: 'kubernetes', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } }, subsets: [{ addresses: [{ ip: cp.ip }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }] });
    tryCreate(api, 'discovery.k8s.io', 'endpointslices', 'default', { metadata: { name: 'kubernetes', labels: { 'kubernetes.io/service-name': 'kubernetes' } }, addressType: 'IPv4', endpoints: [{ addresses: [cp.ip], conditions: { ready: true } }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] });
  }
  tryCreate(api, 'scheduling.k8s.io', 'priorityclasses', undefined, { metadata: { name: 'system-cluster-critical' }, value: 2000000000, description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.', preemptionPolicy: 'PreemptLowerPriority' });
  tryCreate(api, 'scheduling.k8s.io', 'priorityclasses', undefined, { metadata: { name: 'system-node-critical' }, value: 2000001000, description: 'Used for system critical pods that must not be moved from their current node.', preemptionPolicy: 'PreemptLowerPriority' });
  for (const sa of CONTROLLER_SAS) tryCreate(api, '', 'serviceaccounts', 'kube-system', { metadata: { name: sa } });
  for (const [name, rules, labels] of clusterRoles()) tryCreate(api, 'rbac.authorization.k8s.io', 'clusterroles', undefined, { metadata: { name, ...(labels ? { labels, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } } : {}) }, rules });
  for (const [name, role, subjects] of clusterRoleBindings()) {
    tryCreate(api, 'rbac.authorization.k8s.io', 'clusterrolebindings', undefined, { metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects });
  }
  tryCreate(api, 'rbac.authorization.k8s.io', 'roles', 'kube-system', { metadata: { name: 'kube-proxy' }, rules: [{ apiGroups: [''], resourceNames: ['kube-proxy'], resources: ['configmaps'], verbs: ['get'] }] });
  tryCreate(api, 'rbac.authorization.k8s.io', 'rolebindings', 'kube-system', { metadata: { name: 'kube-proxy' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'kube-proxy' }, subjects: [{ kind: 'Group', name: 'system:bootstrappers:kubeadm:default-node-token' }] });
  const server = `https://${rec.endpoint}`;
  tryCreate(api, '', 'configmaps', 'kube-system', {
    metadata: { name: 'kubeadm-config' },
    data: {
      ClusterConfiguration: `apiServer: {}\napiVersion: kubeadm.k8s.io/v1beta4\ncaCertificateValidityPeriod: 87600h0m0s\ncertificateValidityPeriod: 8760h0m0s\ncertificatesDir: /etc/kubernetes/pki\nclusterName: ${rec.clusterName}\ncontrolPlaneEndpoint: ${rec.endpoint}\ncontrollerManager: {}\ndns: {}\nencryptionAlgorithm: RSA-2048\netcd:\n  local:\n    dataDir: /var/lib/etcd\nimageRepository: registry.k8s.io\nkind: ClusterConfiguration\nkubernetesVersion: ${rec.kubernetesVersion}\nnetworking:\n  dnsDomain: cluster.local\n${rec.podSubnet ? `  podSubnet: ${rec.podSubnet}\n` : ''}  serviceSubnet: ${rec.serviceSubnet}\nproxy: {}\nscheduler: {}\n`,
    },
  });
  tryCreate(api, '', 'configmaps', 'kube-system', { metadata: { name: 'kubelet-config' }, data: { kubelet: 'apiVersion: kubelet.config.k8s.io/v1beta1\ncgroupDriver: systemd\nclusterDNS:\n- ' + serviceIp(rec, 10) + '\nclusterDomain: cluster.local\nkind: KubeletConfiguration\nrotateCertificates: true\nstaticPodPath: /etc/kubernetes/manifests\n' } });
  tryCreate(api, '', 'configmaps', 'kube-system', { metadata: { name: 'coredns' }, data: { Corefile: corefile() } });
  tryCreate(api, '', 'configmaps', 'kube-system', {
    metadata: { name: 'kube-proxy', labels: { app: 'kube-proxy' } },
    data: {
      'config.conf': `apiVersion: kubeproxy.config.k8s.io/v1alpha1\nbindAddress: 0.0.0.0\nclientConnection:\n  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf\n${rec.podSubnet ? `clusterCIDR: ${rec.podSubnet}\n` : ''}kind: KubeProxyConfiguration\nmode: ""\n`,
      'kubeconfig.conf': `apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt\n    server: ${server}\n  name: default\ncontexts:\n- context:\n    cluster: default\n    namespace: default\n    user: default\n  name: default\ncurrent-context: default\nusers:\n- name: default\n  user:\n    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token\n`,
    },
  });
  tryCreate(api, '', 'configmaps', 'kube-public', {
    metadata: { name: 'cluster-info' },
    data: { kubeconfig: `apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: ${Buffer.from(rec.caCertPem).toString('base64')}\n    server: ${server}\n  name: ""\ncontexts: null\ncurrent-context: ""\nkind: Config\nusers: null\n` },
  });
  tryCreate(api, '', 'configmaps', 'kube-system', { metadata: { name: 'extension-apiserver-authentication' }, data: { 'client-ca-file': rec.caCertPem, 'requestheader-allowed-names': '["front-proxy-client"]', 'requestheader-extra-headers-prefix': '["X-Remote-Extra-"]', 'requestheader-group-headers': '["X-Remote-Group"]', 'requestheader-username-headers': '["X-Remote-User"]' } });
  tryCreate(api, '', 'services', 'kube-system', {
    metadata: { name: 'kube-dns', labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' }, annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' } },
    spec: { clusterIP: serviceIp(rec, 10), ports: [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 }, { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 }, { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 }], selector: { 'k8s-app': 'kube-dns' } },
  });
  tryCreate(api, 'apps', 'deployments', 'kube-system', {
    metadata: { name: 'coredns', labels: { 'k8s-app': 'kube-dns' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: { labels: { 'k8s-app': 'kube-dns' } },
        spec: {
          affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }] }, topologyKey: 'kubernetes.io/hostname' } }] } },
          containers: [
            {
              name: 'coredns',
              image: images.coredns,
              imagePullPolicy: 'IfNotPresent',
              args: ['-conf', '/etc/coredns/Corefile'],
              ports: [{ containerPort: 53, name: 'dns', protocol: 'UDP' }, { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' }, { containerPort: 9153, name: 'metrics', protocol: 'TCP' }, { containerPort: 8080, name: 'liveness-probe', protocol: 'TCP' }, { containerPort: 8181, name: 'readiness-probe', protocol: 'TCP' }],
              resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
              livenessProbe: { httpGet: { path: '/health', port: 'liveness-probe' }, initialDelaySeconds: 60, timeoutSeconds: 5, successThreshold: 1, failureThreshold: 5 },
              readinessProbe: { httpGet: { path: '/ready', port: 'readiness-probe' } },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] }, readOnlyRootFilesystem: true },
              volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
            },
          ],
          dnsPolicy: 'Default',
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          priorityClassName: 'system-cluster-critical',
          serviceAccountName: 'coredns',
          tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
          volumes: [{ name: 'config-volume', configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] } }],
        },
      },
    },
  });
  tryCreate(api, 'apps', 'daemonsets', 'kube-system', {
    metadata: { name: 'kube-proxy', labels: { 'k8s-app': 'kube-proxy' } },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'kube-proxy' } },
      template: {
        metadata: { labels: { 'k8s-app': 'kube-proxy' } },
        spec: {
          containers: [
            {
              name: 'kube-proxy',
              image: `registry.k8s.io/kube-proxy:${rec.kubernetesVersion}`,
              imagePullPolicy: 'IfNotPresent',
              command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'],
              env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } }],
              securityContext: { privileged: true },
              volumeMounts: [{ mountPath: '/var/lib/kube-proxy', name: 'kube-proxy' }, { mountPath: '/run/xtables.lock', name: 'xtables-lock' }, { mountPath: '/lib/modules', name: 'lib-modules', readOnly: true }],
            },
          ],
          hostNetwork: true,
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          priorityClassName: 'system-node-critical',
          serviceAccountName: 'kube-proxy',
          tolerations: [{ operator: 'Exists' }],
          volumes: [{ name: 'kube-proxy', configMap: { name: 'kube-proxy' } }, { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } }, { name: 'lib-modules', hostPath: { path: '/lib/modules', type: '' } }],
        },
      },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
    },
  });
  if (cp) {
    for (const component of ['kube-controller-manager', 'kube-scheduler']) {
      const at = isoMicros(new Date(cp.joinedAt));
      tryCreate(api, 'coordination.k8s.io', 'leases', 'kube-system', { metadata: { name: component }, spec: { holderIdentity: `${cp.name}_${crypto.randomUUID()}`, leaseDurationSeconds: 15, acquireTime: at, renewTime: at, leaseTransitions: 0 } });
    }
  }
  for (const g of api.types.groups()) {
    for (const v of g.versions) {
      const name = g.name ? `${v}.${g.name}` : v + '.';
      tryCreate(api, 'apiregistration.k8s.io', 'apiservices', undefined, { metadata: { name, labels: { 'kube-aggregator.kubernetes.io/automanaged': 'onstart' } }, spec: { ...(g.name ? { group: g.name } : {}), version: v, groupPriorityMinimum: g.name ? 17000 : 18000, versionPriority: 15 }, status: { conditions: [{ type: 'Available', status: 'True', lastTransitionTime: cp?.joinedAt, reason: 'Local', message: 'Local APIServices are always available' }] } });
    }
  }
}

/** Kind and group of an older record's `kind[.group]/name` reference. */
function typeOfRef(api: KubeApi, ref: string): { group: string; plural: string; kind: string; name: string } | undefined {
  const slash = ref.indexOf('/');
  const resource = ref.slice(0, slash);
  const name = ref.slice(slash + 1);
  const dot = resource.indexOf('.');
  const kindLower = dot < 0 ? resource : resource.slice(0, dot);
  const group = dot < 0 ? '' : resource.slice(dot + 1);
  const tp = api.types.all().find((t) => t.group === group && t.kind.toLowerCase() === kindLower);
  return tp ? { group, plural: tp.plural, kind: tp.kind, name } : undefined;
}

/** Objects recorded by older sandbox versions (reference, data, spec only) become objects. */
export function migrateRecords(api: KubeApi, records: ApiObjectRecord[]): void {
  // CRDs first, so custom resources find their type.
  const ordered = [...records].sort((a, b) => Number(!a.ref.startsWith('customresourcedefinition')) - Number(!b.ref.startsWith('customresourcedefinition')) || Number(!a.ref.startsWith('namespace/')) - Number(!b.ref.startsWith('namespace/')));
  for (const r of ordered) {
    const t = typeOfRef(api, r.ref);
    if (!t) continue;
    const body: Any = { metadata: { name: t.name } };
    if (r.data) body.data = r.data;
    if (t.plural === 'customresourcedefinitions') {
      const [plural, ...g] = t.name.split('.');
      const kind = (plural ?? '').replace(/ies$/, 'y').replace(/s$/, '');
      body.spec = { group: g.join('.'), scope: 'Cluster', names: { kind: kind.charAt(0).toUpperCase() + kind.slice(1), plural }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }] };
    } else if (r.spec !== undefined) body.spec = r.spec;
    if (t.plural === 'daemonsets' || t.plural === 'deployments') {
      const labels = { app: t.name };
      body.spec = { ...(t.plural === 'deployments' ? { replicas: 1 } : {}), selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { hostNetwork: true, tolerations: [{ operator: 'Exists' }], containers: [{ name: t.name, image: 'registry.k8s.io/pause:3.10' }] } } };
    }
    try {
      const tp = api.type(t.group, t.plural);
      if (!api.find(tp, r.namespace, t.name)) api.create(tp, r.namespace, body);
    } catch {
      // an older record the API refuses now stays behind
    }
  }
}

export type { KObj };
