/**
 * ARM requests of one operation, grouped by kind, from the sandbox's request journal (what Azure
 * would have seen, retries included). Issue 18 asks for the requests per cluster by kind and for
 * no read whose answer is already known; this counts both from method + path alone, so it works
 * on the journal and on an API-call record (api-calls/<operation id>.json) alike.
 */

export interface RequestLike {
  method: string;
  /** The request path, query allowed (it is ignored). */
  path: string;
  /** The answer's HTTP status, where known (a group PUT answered 201 was created by this run). */
  status?: number;
}

export interface ArmRequestSummary {
  total: number;
  /** PUT/PATCH/POST/DELETE of a resource. */
  writes: number;
  /** GETs of a long-running operation's status (the Azure-AsyncOperation / Location URLs). */
  operationPolls: number;
  /** GETs of resources (and lists). */
  reads: number;
  /**
   * Reads of a resource already read with no write to it (or above it) in between: the client
   * could have known the answer. Some may be waits on state that changes without a write (an
   * operation still running), so this is an upper bound on the waste, not all of it.
   */
  repeatedReads: number;
  /**
   * Reads of a resource inside a resource group this run created (PUT answered 201) before
   * anything wrote the resource: a new group is empty, so the answer (404) was known.
   */
  knownAbsentReads: number;
  /** Requests to the sandbox's own API, which Azure does not have (not in total). */
  sandboxApi: number;
  /** "PUT Microsoft.Compute/virtualMachines": count, largest first. */
  byKind: Record<string, number>;
  /** Resource types of the repeated reads: count, largest first. */
  repeatedByType: Record<string, number>;
}

/** The provider namespace and resource types of a path: "Microsoft.Network/virtualNetworks/subnets". */
export function resourceType(path: string): string {
  const segs = path.split('?')[0]!.split('/').filter(Boolean);
  const p = segs.map((s) => s.toLowerCase()).lastIndexOf('providers');
  if (p >= 0 && segs[p + 1]) {
    const types: string[] = [];
    for (let i = p + 2; i < segs.length; i += 2) types.push(segs[i]!);
    return [segs[p + 1], ...types].join('/');
  }
  if (segs.some((s) => s.toLowerCase() === 'resourcegroups')) return 'resourceGroups';
  if (segs[0]?.toLowerCase() === 'subscriptions') return segs.length <= 2 ? 'subscriptions' : `subscriptions/${segs[2]}`;
  return `(sandbox API, not ARM) /${segs.slice(0, 2).join('/')}`;
}

/** "PUT Microsoft.Network/virtualNetworks", "GET Microsoft.Compute/locations/operations", ... */
export function requestKind(method: string, path: string): string {
  return `${method.toUpperCase()} ${resourceType(path)}`;
}

/** An operation-status URL: `.../locations/<l>/operations/<id>`, `.../operationResults/<id>`, `.../operationStatuses/<id>`. */
function isOperationPoll(path: string): boolean {
  return /\/(operations|operationresults|operationstatuses)\/[^/?]+(\?|$)/i.test(path);
}

export function summarizeArmRequests(requests: readonly RequestLike[]): ArmRequestSummary {
  const byKind = new Map<string, number>();
  const repeatedByType = new Map<string, number>();
  let writes = 0;
  let operationPolls = 0;
  let reads = 0;
  let repeatedReads = 0;
  let sandboxApi = 0;
  // Lower-cased resource path -> read since the last write to it or to anything above it.
  const known = new Set<string>();
  // Resource groups created by these requests, and the paths written inside them since.
  const createdGroups = new Set<string>();
  const written = new Set<string>();
  let knownAbsentReads = 0;
  for (const r of requests) {
    const method = r.method.toUpperCase();
    const path = r.path.split('?')[0]!.replace(/\/+$/, '').toLowerCase();
    if (path.startsWith('/_sandbox')) {
      sandboxApi++;
      continue;
    }
    const kind = requestKind(method, r.path);
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    if (method !== 'GET' && method !== 'HEAD') {
      writes++;
      written.add(path);
      if (method === 'PUT' && r.status === 201 && /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+$/.test(path)) createdGroups.add(path);
      // A write changes the resource and what a read of its parent or its children returns.
      for (const k of known) if (k === path || k.startsWith(`${path}/`) || path.startsWith(`${k}/`)) known.delete(k);
      continue;
    }
    if (isOperationPoll(r.path)) {
      operationPolls++;
      continue;
    }
    reads++;
    const group = /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+/.exec(path)?.[0];
    if (group && createdGroups.has(group) && namesOneResource(path) && ![...written].some((w) => w !== group && (path === w || path.startsWith(`${w}/`)))) knownAbsentReads++;
    if (known.has(path)) {
      repeatedReads++;
      const type = resourceType(r.path);
      repeatedByType.set(type, (repeatedByType.get(type) ?? 0) + 1);
    } else {
      known.add(path);
    }
  }
  return {
    total: writes + operationPolls + reads,
    writes,
    operationPolls,
    reads,
    repeatedReads,
    knownAbsentReads,
    sandboxApi,
    byKind: sortedRecord(byKind),
    repeatedByType: sortedRecord(repeatedByType),
  };
}

/** `.../providers/<namespace>/<type>/<name>[/<type>/<name>]...`: one resource, not a list (a list may hold inherited entries). */
function namesOneResource(path: string): boolean {
  const segs = path.split('/').filter(Boolean);
  const p = segs.lastIndexOf('providers');
  return p >= 0 && (segs.length - p - 2) % 2 === 0 && segs.length - p - 2 > 0;
}

function sortedRecord(m: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}
