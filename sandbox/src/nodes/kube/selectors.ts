// Label and field selectors as the apiserver parses them (k8s.io/apimachinery/pkg/labels and
// pkg/fields): `a=b,c!=d,e in (x,y),f notin (z),g,!h` for labels, `a=b,c!=d` for fields, and
// metav1.LabelSelector objects (matchLabels, matchExpressions).
import { badRequest, type KObj } from './types';

type Req = { key: string; op: 'eq' | 'ne' | 'in' | 'notin' | 'exists' | '!exists' | 'gt' | 'lt'; values: string[] };

export type Selector = (labels: Record<string, string> | undefined) => boolean;

export function parseLabelSelector(s: string): Selector {
  const reqs: Req[] = [];
  const src = s.trim();
  let i = 0;
  const skipWs = () => {
    while (i < src.length && /\s/.test(src[i] as string)) i++;
  };
  const ident = (): string => {
    skipWs();
    const m = /^[A-Za-z0-9_./-]+/.exec(src.slice(i));
    if (!m) throw badRequest(`unable to parse requirement: found '${src.slice(i, i + 1) || 'EOS'}', expected: identifier`);
    i += m[0].length;
    return m[0];
  };
  while (i < src.length) {
    skipWs();
    if (src[i] === '!') {
      i++;
      reqs.push({ key: ident(), op: '!exists', values: [] });
    } else {
      const key = ident();
      skipWs();
      const rest = src.slice(i);
      if (rest.startsWith('==') || rest.startsWith('!=') || rest.startsWith('=')) {
        const op = rest.startsWith('!=') ? 'ne' : 'eq';
        i += rest.startsWith('=') && !rest.startsWith('==') ? 1 : 2;
        skipWs();
        const m = /^[A-Za-z0-9_.-]*/.exec(src.slice(i)) as RegExpExecArray;
        i += m[0].length;
        reqs.push({ key, op, values: [m[0]] });
      } else if (rest.startsWith('>') || rest.startsWith('<')) {
        i++;
        const m = /^\s*(-?\d+)/.exec(src.slice(i));
        if (!m) throw badRequest(`unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`);
        i += m[0].length;
        reqs.push({ key, op: rest.startsWith('>') ? 'gt' : 'lt', values: [m[1] as string] });
      } else if (/^(in|notin)\s*\(/.test(rest)) {
        const op = rest.startsWith('in') ? 'in' : 'notin';
        i = src.indexOf('(', i) + 1;
        const close = src.indexOf(')', i);
        if (close < 0) throw badRequest(`unable to parse requirement: found 'EOS', expected: ')'`);
        const values = src.slice(i, close).split(',').map((v) => v.trim()).filter((v) => v !== '');
        i = close + 1;
        reqs.push({ key, op, values });
      } else reqs.push({ key, op: 'exists', values: [] });
    }
    skipWs();
    if (i < src.length) {
      if (src[i] !== ',') throw badRequest(`unable to parse requirement: found '${src[i]}', expected: ','`);
      i++;
    }
  }
  return (labels) => reqs.every((r) => matchReq(labels ?? {}, r));
}

function matchReq(labels: Record<string, string>, r: Req): boolean {
  const has = Object.hasOwn(labels, r.key);
  const v = labels[r.key];
  switch (r.op) {
    case 'eq':
      return has && v === r.values[0];
    case 'ne':
      return !has || v !== r.values[0];
    case 'in':
      return has && r.values.includes(v as string);
    case 'notin':
      return !has || !r.values.includes(v as string);
    case 'exists':
      return has;
    case '!exists':
      return !has;
    case 'gt':
      return has && Number(v) > Number(r.values[0]);
    case 'lt':
      return has && Number(v) < Number(r.values[0]);
  }
}

export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** metav1.LabelSelector: an empty selector matches everything, a missing one nothing. */
export function labelSelectorMatcher(sel: LabelSelectorObject | undefined | null): Selector {
  if (!sel) return () => false;
  const reqs: Req[] = [];
  for (const [key, value] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key, op: 'eq', values: [value] });
  for (const e of sel.matchExpressions ?? []) {
    const op = ({ In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!exists' } as const)[e.operator as 'In'];
    if (op) reqs.push({ key: e.key, op, values: e.values ?? [] });
  }
  return (labels) => reqs.every((r) => matchReq(labels ?? {}, r));
}

/** The `app=web,tier=x` form of a LabelSelector, as kubectl and the Scale subresource print it. */
export function selectorString(sel: LabelSelectorObject | undefined): string {
  if (!sel) return '';
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    if (e.operator === 'In') parts.push(`${e.key} in (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

/** Field selectors each type supports (besides metadata.name and metadata.namespace). */
const FIELDS: Record<string, string[]> = {
  '/pods': ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName'],
  '/events': ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
  '/nodes': ['spec.unschedulable'],
  '/secrets': ['type'],
  '/namespaces': ['status.phase'],
  '/replicationcontrollers': ['status.replicas'],
  'apps/replicasets': ['status.replicas'],
  'batch/jobs': ['status.successful'],
  'certificates.k8s.io/certificatesigningrequests': ['spec.signerName'],
};

function fieldValue(o: KObj, path: string): string {
  if (path === 'source') return String((o as { source?: { component?: string } }).source?.component ?? '');
  if (path === 'status.podIPs') return String(((o.status as { podIPs?: { ip: string }[] })?.podIPs ?? [])[0]?.ip ?? '');
  let cur: unknown = o;
  for (const p of path.split('.')) cur = (cur as Record<string, unknown> | undefined)?.[p];
  if (cur === undefined || cur === null) return path === 'spec.hostNetwork' || path === 'spec.unschedulable' ? 'false' : '';
  return String(cur);
}

export function parseFieldSelector(s: string, typeKey: string): (o: KObj) => boolean {
  const terms = s.split(',').map((x) => x.trim()).filter(Boolean);
  const allowed = new Set(['metadata.name', 'metadata.namespace', ...(FIELDS[typeKey] ?? [])]);
  const checks = terms.map((term) => {
    const m = /^([^!=]+?)\s*(==|!=|=)\s*(.*)$/.exec(term);
    if (!m) throw badRequest(`invalid selector: '${s}'; can't understand '${term}'`);
    const [, field, op, value] = m as unknown as [string, string, string, string];
    if (!allowed.has(field)) throw badRequest(`field label not supported: ${field}`);
    return (o: KObj) => (fieldValue(o, field) === value) === (op !== '!=');
  });
  return (o) => checks.every((c) => c(o));
}
