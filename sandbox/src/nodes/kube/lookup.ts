// Lookups of the simulated cluster's objects by the names kubectl accepts (`deploy`,
// `daemonsets.apps`, `kind.group`) and what the node simulation reads of them (a ConfigMap's
// data, a custom resource's spec).
import type { KubeApi } from './api';
import { clusterData } from './data';
import type { ResourceType } from './resources';
import { isObject } from './types';
import type { ClusterRecord } from '../node-state';

/** What the simulation reads of an object: its content and when it was created. */
export interface ObjectView {
  ref: string;
  namespace?: string;
  createdAt: string;
  data?: Record<string, string>;
  spec?: unknown;
}

/** Short names and plurals kubectl accepts on the command line -> `kind[.group]`. */
const ALIASES: Record<string, string> = {
  ds: 'daemonset.apps',
  daemonset: 'daemonset.apps',
  daemonsets: 'daemonset.apps',
  deploy: 'deployment.apps',
  deployment: 'deployment.apps',
  deployments: 'deployment.apps',
  sts: 'statefulset.apps',
  statefulset: 'statefulset.apps',
  statefulsets: 'statefulset.apps',
  rs: 'replicaset.apps',
  replicaset: 'replicaset.apps',
  replicasets: 'replicaset.apps',
  crd: 'customresourcedefinition.apiextensions.k8s.io',
  crds: 'customresourcedefinition.apiextensions.k8s.io',
  customresourcedefinition: 'customresourcedefinition.apiextensions.k8s.io',
  customresourcedefinitions: 'customresourcedefinition.apiextensions.k8s.io',
  no: 'node',
  nodes: 'node',
  ns: 'namespace',
  namespaces: 'namespace',
  po: 'pod',
  pods: 'pod',
  cm: 'configmap',
  configmaps: 'configmap',
  sa: 'serviceaccount',
  serviceaccounts: 'serviceaccount',
  svc: 'service',
  services: 'service',
  ep: 'endpoints',
  secrets: 'secret',
  ev: 'event',
  events: 'event',
};

/** `daemonsets.apps/x`, `ds`, `daemonset.apps` -> `daemonset.apps`; unknown names are returned lower-cased. */
export function canonicalResource(word: string): string {
  const w = word.toLowerCase();
  if (ALIASES[w]) return ALIASES[w];
  const dot = w.indexOf('.');
  if (dot > 0) {
    const head = ALIASES[w.slice(0, dot)];
    if (head) return head.split('.')[0] + w.slice(dot);
  }
  return w;
}

function pluralKind(kind: string): string {
  if (kind === 'endpoints') return kind;
  if (/(s|x|ch|sh)$/.test(kind)) return `${kind}es`;
  if (/[^aeiou]y$/.test(kind)) return `${kind.slice(0, -1)}ies`;
  return `${kind}s`;
}

/** `daemonset.apps` -> `daemonsets.apps`, as API errors name resources. */
export function pluralResource(resource: string): string {
  const dot = resource.indexOf('.');
  return dot < 0 ? pluralKind(resource) : pluralKind(resource.slice(0, dot)) + resource.slice(dot);
}

/** The served type a `kind[.group]` (or a plural, a short name, `plural.group`) names. */
export function typeOfResource(api: KubeApi, resource: string): ResourceType | undefined {
  const r = canonicalResource(resource);
  const dot = r.indexOf('.');
  const head = dot < 0 ? r : r.slice(0, dot);
  const group = dot < 0 ? undefined : r.slice(dot + 1);
  const all = api.types.all().filter((t) => group === undefined || t.group === group);
  const match = (t: ResourceType) => t.kind.toLowerCase() === head || t.plural === head || t.singular === head || (t.shortNames ?? []).includes(head);
  // The core group first, as kubectl's RESTMapper prefers it for ambiguous names (events).
  return all.filter(match).sort((a, b) => (a.group === '' ? 0 : 1) - (b.group === '' ? 0 : 1))[0];
}

/** The object `kind[.group]/name` in a cluster, if any (namespace `default` unless given, for namespaced types). */
export function findObject(cluster: ClusterRecord, resource: string, name: string, namespace: string | undefined): ObjectView | undefined {
  const { api } = clusterData(cluster);
  const tp = typeOfResource(api, resource);
  if (!tp) return undefined;
  const o = api.find(tp, tp.namespaced ? (namespace ?? 'default') : undefined, name);
  if (!o) return undefined;
  return {
    ref: `${resource}/${name}`,
    ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
    createdAt: o.metadata.creationTimestamp as string,
    ...(isObject(o.data) ? { data: o.data as Record<string, string> } : {}),
    ...(o.spec !== undefined ? { spec: o.spec } : {}),
  };
}

