// The validation a first lesson meets (pkg/apis/*/validation): names, required fields, a
// workload's selector matching its template, immutable fields; answered as 422 Invalid with
// the field paths and messages kube-apiserver gives.
import type { ResourceType } from './resources';
import { labelSelectorMatcher } from './selectors';
import { invalid, type KObj, type StatusCause } from './types';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

const SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_MSG = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

/** Go's %#v of a map[string]string, as validation messages print label maps. */
function goMap(m: Record<string, string> | undefined): string {
  const keys = Object.keys(m ?? {}).sort();
  return `map[string]string{${keys.map((k) => `"${k}":"${(m as Record<string, string>)[k]}"`).join(', ')}}`;
}

function nameRule(key: string): { re: RegExp; msg: string; max: number } {
  if (key === '/services') return { re: DNS1035_LABEL, msg: DNS1035_MSG, max: 63 };
  if (key === '/namespaces') return { re: DNS1123_LABEL, msg: LABEL_MSG, max: 63 };
  return { re: DNS1123_SUBDOMAIN, msg: SUBDOMAIN_MSG, max: 253 };
}

function podSpecCauses(spec: Any, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!spec || !Array.isArray(spec.containers) || spec.containers.length === 0) {
    causes.push({ field: `${path}.containers`, reason: 'FieldValueRequired', message: 'Required value' });
    return causes;
  }
  const names = new Set<string>();
  (['initContainers', 'containers'] as const).forEach((kind) => {
    (spec[kind] ?? []).forEach((c: Any, i: number) => {
      const p = `${path}.${kind}[${i}]`;
      if (!c.name) causes.push({ field: `${p}.name`, reason: 'FieldValueRequired', message: 'Required value' });
      else if (!DNS1123_LABEL.test(c.name)) causes.push({ field: `${p}.name`, message: `Invalid value: "${c.name}": ${LABEL_MSG}` });
      else if (names.has(c.name)) causes.push({ field: `${p}.name`, reason: 'FieldValueDuplicate', message: `Duplicate value: "${c.name}"` });
      if (c.name) names.add(c.name);
      if (!c.image) causes.push({ field: `${p}.image`, reason: 'FieldValueRequired', message: 'Required value' });
      (c.ports ?? []).forEach((port: Any, j: number) => {
        if (!(port.containerPort >= 1 && port.containerPort <= 65535)) causes.push({ field: `${p}.ports[${j}].containerPort`, message: `Invalid value: ${port.containerPort}: must be between 1 and 65535, inclusive` });
      });
    });
  });
  if (spec.restartPolicy && !['Always', 'OnFailure', 'Never'].includes(spec.restartPolicy)) {
    causes.push({ field: `${path}.restartPolicy`, reason: 'FieldValueNotSupported', message: `Unsupported value: "${spec.restartPolicy}": supported values: "Always", "OnFailure", "Never"` });
  }
  return causes;
}

function workloadCauses(o: KObj, key: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const spec = o.spec ?? {};
  if (key !== 'batch/jobs' || spec.manualSelector) {
    if (!spec.selector) causes.push({ field: 'spec.selector', reason: 'FieldValueRequired', message: 'Required value' });
    else if (Object.keys(spec.selector.matchLabels ?? {}).length === 0 && (spec.selector.matchExpressions ?? []).length === 0) {
      causes.push({ field: 'spec.selector', message: `Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment` });
    } else if (!labelSelectorMatcher(spec.selector)(spec.template?.metadata?.labels)) {
      causes.push({ field: 'spec.template.metadata.labels', message: `Invalid value: ${goMap(spec.template?.metadata?.labels)}: \`selector\` does not match template \`labels\`` });
    }
  }
  if (spec.replicas !== undefined && spec.replicas < 0) causes.push({ field: 'spec.replicas', message: `Invalid value: ${spec.replicas}: must be greater than or equal to 0` });
  causes.push(...podSpecCauses(spec.template?.spec, 'spec.template.spec'));
  if ((key === 'apps/deployments' || key === 'apps/daemonsets' || key === 'apps/replicasets' || key === 'apps/statefulsets') && spec.template?.spec?.restartPolicy && spec.template.spec.restartPolicy !== 'Always') {
    causes.push({ field: 'spec.template.spec.restartPolicy', reason: 'FieldValueNotSupported', message: `Unsupported value: "${spec.template.spec.restartPolicy}": supported values: "Always"` });
  }
  return causes;
}

function serviceCauses(o: KObj): StatusCause[] {
  const causes: StatusCause[] = [];
  const s = o.spec ?? {};
  if (!['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'].includes(s.type)) causes.push({ field: 'spec.type', reason: 'FieldValueNotSupported', message: `Unsupported value: "${s.type}": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"` });
  if (s.type !== 'ExternalName' && s.clusterIP !== 'None' && !(s.ports ?? []).length) causes.push({ field: 'spec.ports', reason: 'FieldValueRequired', message: 'Required value' });
  (s.ports ?? []).forEach((p: Any, i: number) => {
    if (!(p.port >= 1 && p.port <= 65535)) causes.push({ field: `spec.ports[${i}].port`, message: `Invalid value: ${p.port}: must be between 1 and 65535, inclusive` });
    if ((s.ports ?? []).length > 1 && !p.name) causes.push({ field: `spec.ports[${i}].name`, reason: 'FieldValueRequired', message: 'Required value' });
  });
  return causes;
}

/** Checks an object before it is stored; throws 422 Invalid. `old` is set on updates. */
export function validate(tp: ResourceType, o: KObj, old?: KObj): void {
  const key = `${tp.group}/${tp.plural}`;
  const name = o.metadata.name ?? '';
  const causes: StatusCause[] = [];
  const rule = nameRule(key);
  if (!name) causes.push({ field: 'metadata.name', reason: 'FieldValueRequired', message: 'Required value: name or generateName is required' });
  else if (!tp.crd && key !== 'apiregistration.k8s.io/apiservices' && key !== 'rbac.authorization.k8s.io/clusterroles' && key !== 'rbac.authorization.k8s.io/clusterrolebindings' && key !== 'rbac.authorization.k8s.io/roles' && key !== 'rbac.authorization.k8s.io/rolebindings' && (!rule.re.test(name) || name.length > rule.max)) {
    causes.push({ field: 'metadata.name', message: `Invalid value: "${name}": ${name.length > rule.max ? `must be no more than ${rule.max} characters` : rule.msg}` });
  }
  for (const [k, v] of Object.entries(o.metadata.labels ?? {})) {
    if (typeof v !== 'string' || v.length > 63 || (v !== '' && !/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(v))) {
      causes.push({ field: 'metadata.labels', message: `Invalid value: "${String(v)}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')` });
    }
    void k;
  }
  switch (key) {
    case 'apps/deployments':
    case 'apps/replicasets':
    case 'apps/daemonsets':
    case 'apps/statefulsets':
    case 'batch/jobs':
      causes.push(...workloadCauses(o, key));
      if (old && key !== 'batch/jobs' && JSON.stringify(old.spec?.selector) !== JSON.stringify(o.spec?.selector)) {
        causes.push({ field: 'spec.selector', message: `Invalid value: v1.LabelSelector{MatchLabels:${goMap(o.spec?.selector?.matchLabels)}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable` });
      }
      break;
    case '/pods':
      causes.push(...podSpecCauses(o.spec, 'spec'));
      if (old) {
        const strip = (s: Any) => JSON.stringify({ ...s, containers: (s?.containers ?? []).map((c: Any) => ({ ...c, image: '' })), initContainers: (s?.initContainers ?? []).map((c: Any) => ({ ...c, image: '' })), activeDeadlineSeconds: 0, tolerations: [], terminationGracePeriodSeconds: 0, nodeName: '', schedulingGates: [] });
        if (strip(old.spec) !== strip(o.spec)) causes.push({ field: 'spec', reason: 'FieldValueForbidden', message: 'Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)' });
      }
      break;
    case '/services':
      causes.push(...serviceCauses(o));
      if (old && old.spec?.clusterIP && o.spec?.clusterIP && old.spec.clusterIP !== o.spec.clusterIP) causes.push({ field: 'spec.clusterIPs[0]', message: `Invalid value: []string{"${o.spec.clusterIP}"}: may not change once set` });
      break;
    case '/configmaps':
    case '/secrets':
      for (const k of Object.keys((o.data as object) ?? {})) {
        if (!/^[-._a-zA-Z0-9]+$/.test(k)) causes.push({ field: `data[${k}]`, message: `Invalid value: "${k}": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')` });
      }
      break;
  }
  if (causes.length > 0) throw invalid(tp.kind, tp.group, name, causes);
}
