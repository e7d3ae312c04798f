// The operators the CNIs bring: Calico's tigera-operator, once running, reads the Installation
// and deploys calico-system (calico-node on every node, calico-kube-controllers, calico-typha,
// csi-node-driver) unless it refuses the Installation's IP pools (pod-network.ts), and reports
// TigeraStatus. Also keeps the cluster record's CNI (which one works, since when) in step with
// the objects, for the nodes' readiness (cluster-view.ts).
import type { KObj } from '../types';
import type { ControllerCtx } from './context';
import { calicoOperatorError } from '../../commands/pod-network';
import { podReady } from './workloads';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

function ensure(c: ControllerCtx, group: string, plural: string, ns: string | undefined, body: Any): void {
  const tp = c.t(group, plural);
  if (c.api.find(tp, ns, body.metadata.name)) return;
  c.api.create(tp, ns, body);
}

function calico(c: ControllerCtx): void {
  const installTp = c.api.types.get('operator.tigera.io', 'installations');
  if (!installTp) return;
  const inst = c.api.find(installTp, undefined, 'default');
  const op = c.api.find(c.t('apps', 'deployments'), 'tigera-operator', 'tigera-operator');
  if (!inst || !op) return;
  const opPods = c.api.list(c.t('', 'pods'), 'tigera-operator').filter((p) => p.metadata.labels?.name === 'tigera-operator');
  if (!opPods.some(podReady)) return;
  if (calicoOperatorError(c.rec)) return;
  const version = String((op.spec?.template?.spec?.containers?.[0]?.env ?? []).find((e: Any) => e.name === 'TIGERA_OPERATOR_INIT_IMAGE_VERSION')?.value ?? 'v3.31.0');
  const owner = { apiVersion: 'operator.tigera.io/v1', kind: 'Installation', name: 'default', uid: inst.metadata.uid as string, controller: true, blockOwnerDeletion: true };
  ensure(c, '', 'namespaces', undefined, { metadata: { name: 'calico-system', labels: { name: 'calico-system', 'pod-security.kubernetes.io/enforce': 'privileged', 'pod-security.kubernetes.io/enforce-version': 'latest' }, ownerReferences: [owner] } });
  for (const sa of ['calico-node', 'calico-kube-controllers', 'calico-typha', 'csi-node-driver', 'calico-cni-plugin']) ensure(c, '', 'serviceaccounts', 'calico-system', { metadata: { name: sa, ownerReferences: [owner] } });
  const img = (n: string) => `docker.io/calico/${n}:${version}`;
  ensure(c, 'apps', 'daemonsets', 'calico-system', {
    metadata: { name: 'calico-node', ownerReferences: [owner] },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'calico-node' } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'calico-node', 'k8s-app': 'calico-node' } },
        spec: {
          hostNetwork: true,
          priorityClassName: 'system-node-critical',
          serviceAccountName: 'calico-node',
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { effect: 'NoSchedule', operator: 'Exists' }, { effect: 'NoExecute', operator: 'Exists' }],
          initContainers: [
            { name: 'flexvol-driver', image: img('pod2daemon-flexvol'), securityContext: { privileged: true } },
            { name: 'install-cni', image: img('cni'), command: ['/opt/cni/bin/install'], securityContext: { privileged: true } },
          ],
          containers: [{ name: 'calico-node', image: img('node'), env: [{ name: 'DATASTORE_TYPE', value: 'kubernetes' }, { name: 'CALICO_NETWORKING_BACKEND', value: 'bird' }], securityContext: { privileged: true } }],
        },
      },
    },
  });
  ensure(c, 'apps', 'daemonsets', 'calico-system', {
    metadata: { name: 'csi-node-driver', ownerReferences: [owner] },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'csi-node-driver' } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'csi-node-driver', 'k8s-app': 'csi-node-driver', name: 'csi-node-driver' } },
        spec: {
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          serviceAccountName: 'csi-node-driver',
          tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { effect: 'NoSchedule', operator: 'Exists' }, { effect: 'NoExecute', operator: 'Exists' }],
          containers: [{ name: 'calico-csi', image: img('csi') }, { name: 'csi-node-driver-registrar', image: img('node-driver-registrar') }],
        },
      },
    },
  });
  ensure(c, 'apps', 'deployments', 'calico-system', {
    metadata: { name: 'calico-typha', ownerReferences: [owner] },
    spec: {
      replicas: 1,
      selector: { matchLabels: { 'k8s-app': 'calico-typha' } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'calico-typha', 'k8s-app': 'calico-typha' } },
        spec: { hostNetwork: true, serviceAccountName: 'calico-typha', tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { effect: 'NoSchedule', operator: 'Exists' }, { effect: 'NoExecute', operator: 'Exists' }], containers: [{ name: 'calico-typha', image: img('typha') }] },
      },
    },
  });
  ensure(c, 'apps', 'deployments', 'calico-system', {
    metadata: { name: 'calico-kube-controllers', ownerReferences: [owner] },
    spec: {
      replicas: 1,
      selector: { matchLabels: { 'k8s-app': 'calico-kube-controllers' } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'calico-kube-controllers', 'k8s-app': 'calico-kube-controllers' } },
        spec: { serviceAccountName: 'calico-kube-controllers', tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }], containers: [{ name: 'calico-kube-controllers', image: img('kube-controllers') }] },
      },
    },
  });
  const statusTp = c.api.types.get('operator.tigera.io', 'tigerastatuses');
  if (statusTp) for (const name of ['calico', 'ippools']) if (!c.api.find(statusTp, undefined, name)) c.api.create(statusTp, undefined, { metadata: { name }, spec: {} } as KObj);
}

export function cniOperators(c: ControllerCtx): void {
  calico(c);
}
