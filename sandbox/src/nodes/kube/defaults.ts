// Defaulting of the built-in types (the SetDefaults_* functions of k8s.io/kubernetes/pkg/apis/*/v1)
// and the admission that a kubeadm cluster runs on pods (ServiceAccount, DefaultTolerationSeconds,
// Priority): what a client reads back after creating an object.
import { isObject, type KObj } from './types';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

function container(c: Any, hostNetwork: boolean): void {
  if (!isObject(c as unknown)) return;
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  if (c.imagePullPolicy === undefined) {
    const img = String(c.image ?? '');
    const tag = /@sha256:/.test(img) ? 'digest' : (/:([^/:]+)$/.exec(img)?.[1] ?? '');
    c.imagePullPolicy = tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
  }
  c.resources ??= {};
  for (const p of c.ports ?? []) {
    p.protocol ??= 'TCP';
    if (hostNetwork && p.hostPort === undefined) p.hostPort = p.containerPort;
  }
  for (const e of c.env ?? []) if (e.valueFrom?.fieldRef) e.valueFrom.fieldRef.apiVersion ??= 'v1';
  for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) {
    if (!isObject(probe)) continue;
    const p = probe as Any;
    p.timeoutSeconds ??= 1;
    p.periodSeconds ??= 10;
    p.successThreshold ??= 1;
    p.failureThreshold ??= 3;
    if (p.httpGet) p.httpGet.scheme ??= 'HTTP';
  }
}

/** SetDefaults_PodSpec (also for the templates of workloads). */
export function defaultPodSpec(spec: Any): void {
  if (!isObject(spec)) return;
  const s = spec as Any;
  s.dnsPolicy ??= 'ClusterFirst';
  s.restartPolicy ??= 'Always';
  s.terminationGracePeriodSeconds ??= 30;
  s.securityContext ??= {};
  s.schedulerName ??= 'default-scheduler';
  const hostNetwork = s.hostNetwork === true;
  for (const c of s.containers ?? []) container(c, hostNetwork);
  for (const c of s.initContainers ?? []) container(c, hostNetwork);
  for (const v of s.volumes ?? []) {
    if (v.configMap) v.configMap.defaultMode ??= 420;
    if (v.secret) v.secret.defaultMode ??= 420;
    if (v.hostPath) v.hostPath.type ??= '';
    if (v.projected) v.projected.defaultMode ??= 420;
    if (v.downwardAPI) v.downwardAPI.defaultMode ??= 420;
  }
}

function template(t: Any): void {
  if (!isObject(t)) return;
  (t as Any).metadata ??= {};
  defaultPodSpec((t as Any).spec);
}

/** The projected token volume the ServiceAccount admission plugin adds to every pod. */
function serviceAccountVolume(pod: Any, suffix: string): void {
  const spec = pod.spec;
  if (spec.automountServiceAccountToken === false) return;
  const volumes: Any[] = (spec.volumes ??= []);
  if (volumes.some((v) => String(v.name).startsWith('kube-api-access-'))) return;
  const name = `kube-api-access-${suffix}`;
  volumes.push({
    name,
    projected: {
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
      defaultMode: 420,
    },
  });
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const mounts: Any[] = (c.volumeMounts ??= []);
    if (!mounts.some((m) => m.mountPath === '/var/run/secrets/kubernetes.io/serviceaccount')) mounts.push({ name, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' });
  }
}

/** Pods as the apiserver stores them after defaulting and admission. */
export function admitPod(pod: Any, suffix: string, priorityOf: (className: string | undefined) => number | undefined): void {
  pod.spec ??= {};
  defaultPodSpec(pod.spec);
  const s = pod.spec;
  s.serviceAccountName ??= s.serviceAccount ?? 'default';
  s.serviceAccount ??= s.serviceAccountName;
  s.enableServiceLinks ??= true;
  s.preemptionPolicy ??= 'PreemptLowerPriority';
  const prio = priorityOf(s.priorityClassName);
  if (prio !== undefined) s.priority ??= prio;
  const tolerations: Any[] = (s.tolerations ??= []);
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (!tolerations.some((t) => (t.key === key || (t.operator === 'Exists' && !t.key)) && (t.effect === 'NoExecute' || !t.effect))) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
  serviceAccountVolume(pod, suffix);
  pod.status ??= {};
  pod.status.phase ??= 'Pending';
  pod.status.qosClass ??= qosClass(s);
}

function qosClass(spec: Any): string {
  const cs: Any[] = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  const any = cs.some((c) => Object.keys(c.resources?.requests ?? {}).length || Object.keys(c.resources?.limits ?? {}).length);
  if (!any) return 'BestEffort';
  const guaranteed = cs.every((c) => ['cpu', 'memory'].every((r) => c.resources?.limits?.[r] !== undefined && (c.resources?.requests?.[r] ?? c.resources?.limits?.[r]) === c.resources?.limits?.[r]));
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Defaults by type key (`group/plural`). */
export function applyDefaults(key: string, o: KObj): void {
  const spec = o.spec as Any;
  switch (key) {
    case 'apps/deployments':
      o.spec ??= {};
      o.spec.replicas ??= 1;
      o.spec.strategy ??= { type: 'RollingUpdate' };
      if ((o.spec.strategy.type ??= 'RollingUpdate') === 'RollingUpdate') o.spec.strategy.rollingUpdate = { maxUnavailable: '25%', maxSurge: '25%', ...(o.spec.strategy.rollingUpdate ?? {}) };
      o.spec.revisionHistoryLimit ??= 10;
      o.spec.progressDeadlineSeconds ??= 600;
      template(o.spec.template);
      o.status ??= {};
      break;
    case 'apps/replicasets':
      o.spec ??= {};
      o.spec.replicas ??= 1;
      template(o.spec.template);
      o.status ??= { replicas: 0 };
      break;
    case 'apps/daemonsets':
      o.spec ??= {};
      o.spec.updateStrategy ??= { type: 'RollingUpdate' };
      if ((o.spec.updateStrategy.type ??= 'RollingUpdate') === 'RollingUpdate') o.spec.updateStrategy.rollingUpdate = { maxUnavailable: 1, maxSurge: 0, ...(o.spec.updateStrategy.rollingUpdate ?? {}) };
      o.spec.revisionHistoryLimit ??= 10;
      template(o.spec.template);
      o.status ??= { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 };
      break;
    case 'apps/statefulsets':
      o.spec ??= {};
      o.spec.replicas ??= 1;
      o.spec.podManagementPolicy ??= 'OrderedReady';
      o.spec.updateStrategy ??= { type: 'RollingUpdate' };
      if ((o.spec.updateStrategy.type ??= 'RollingUpdate') === 'RollingUpdate') o.spec.updateStrategy.rollingUpdate = { partition: 0, ...(o.spec.updateStrategy.rollingUpdate ?? {}) };
      o.spec.revisionHistoryLimit ??= 10;
      o.spec.persistentVolumeClaimRetentionPolicy ??= { whenDeleted: 'Retain', whenScaled: 'Retain' };
      template(o.spec.template);
      o.status ??= { replicas: 0, availableReplicas: 0 };
      break;
    case 'batch/jobs':
      o.spec ??= {};
      if (o.spec.completions === undefined && o.spec.parallelism === undefined) o.spec.completions = 1;
      o.spec.parallelism ??= 1;
      o.spec.backoffLimit ??= 6;
      o.spec.completionMode ??= 'NonIndexed';
      o.spec.suspend ??= false;
      o.spec.podReplacementPolicy ??= 'TerminatingOrFailed';
      template(o.spec.template);
      o.status ??= {};
      break;
    case 'batch/cronjobs':
      o.spec ??= {};
      o.spec.concurrencyPolicy ??= 'Allow';
      o.spec.suspend ??= false;
      o.spec.successfulJobsHistoryLimit ??= 3;
      o.spec.failedJobsHistoryLimit ??= 1;
      o.spec.jobTemplate ??= {};
      template(o.spec.jobTemplate.spec?.template);
      o.status ??= {};
      break;
    case '/replicationcontrollers':
    case '/podtemplates':
      template(spec?.template ?? (o as Any).template);
      break;
    case '/services': {
      o.spec ??= {};
      const s = o.spec;
      s.type ??= 'ClusterIP';
      s.sessionAffinity ??= 'None';
      for (const p of s.ports ?? []) {
        p.protocol ??= 'TCP';
        if (p.targetPort === undefined && s.type !== 'ExternalName') p.targetPort = p.port;
      }
      if (s.type !== 'ExternalName') {
        s.ipFamilies ??= ['IPv4'];
        s.ipFamilyPolicy ??= 'SingleStack';
        s.internalTrafficPolicy ??= 'Cluster';
      }
      if (s.type === 'NodePort' || s.type === 'LoadBalancer') s.externalTrafficPolicy ??= 'Cluster';
      if (s.type === 'LoadBalancer') s.allocateLoadBalancerNodePorts ??= true;
      o.status ??= { loadBalancer: {} };
      break;
    }
    case '/namespaces':
      o.spec ??= {};
      o.spec.finalizers ??= ['kubernetes'];
      o.status = { phase: o.metadata.deletionTimestamp ? 'Terminating' : 'Active', ...(o.status ?? {}) };
      o.metadata.labels = { ...(o.metadata.labels ?? {}), 'kubernetes.io/metadata.name': o.metadata.name as string };
      break;
    case '/secrets': {
      o.type ??= 'Opaque';
      const sd = o.stringData as Record<string, string> | undefined;
      if (sd) {
        o.data = { ...((o.data as object) ?? {}) };
        for (const [k, v] of Object.entries(sd)) (o.data as Record<string, string>)[k] = Buffer.from(String(v)).toString('base64');
        delete o.stringData;
      }
      break;
    }
    case '/persistentvolumeclaims':
      o.spec ??= {};
      o.spec.volumeMode ??= 'Filesystem';
      o.status ??= { phase: 'Pending' };
      break;
    case '/persistentvolumes':
      o.spec ??= {};
      o.spec.persistentVolumeReclaimPolicy ??= o.spec.claimRef ? 'Delete' : 'Retain';
      o.spec.volumeMode ??= 'Filesystem';
      o.status ??= { phase: 'Pending' };
      break;
    case 'storage.k8s.io/storageclasses':
      o.reclaimPolicy ??= 'Delete';
      o.volumeBindingMode ??= 'Immediate';
      break;
    case 'scheduling.k8s.io/priorityclasses':
      o.preemptionPolicy ??= 'PreemptLowerPriority';
      break;
    case 'policy/poddisruptionbudgets':
      o.status ??= { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
      break;
    case 'apiextensions.k8s.io/customresourcedefinitions':
      for (const v of (spec?.versions ?? []) as Any[]) v.served ??= true;
      if (spec) spec.conversion ??= { strategy: 'None' };
      break;
  }
}
