// The endpoints and endpointslice controllers: for each Service with a selector, the addresses
// of the pods it selects (ready ones as addresses, the others as notReadyAddresses / ready:
// false), with target ports resolved by number or by container port name.
import { randomSuffix, type KObj } from '../types';
import type { ControllerCtx } from './context';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

function podReady(p: KObj): boolean {
  return (p.status?.conditions ?? []).some((c: Any) => c.type === 'Ready' && c.status === 'True');
}

function targetPort(pod: KObj, sp: Any): number | undefined {
  const t = sp.targetPort ?? sp.port;
  if (typeof t === 'number') return t;
  if (/^\d+$/.test(String(t))) return Number(t);
  for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.name === t) return p.containerPort;
  return undefined;
}

export function endpoints(c: ControllerCtx): void {
  const svcTp = c.t('', 'services');
  const epTp = c.t('', 'endpoints');
  const esTp = c.t('discovery.k8s.io', 'endpointslices');
  const podTp = c.t('', 'pods');
  for (const svc of c.api.list(svcTp)) {
    const sel = svc.spec?.selector as Record<string, string> | undefined;
    if (!sel || Object.keys(sel).length === 0 || svc.spec?.type === 'ExternalName') continue;
    const ns = svc.metadata.namespace as string;
    const name = svc.metadata.name as string;
    const pods = c.api.list(podTp, ns).filter((p) => Object.entries(sel).every(([k, v]) => p.metadata.labels?.[k] === v) && p.status?.podIP && !['Succeeded', 'Failed'].includes(p.status?.phase));
    const ports = (svc.spec?.ports ?? []) as Any[];
    // Endpoints: one subset per distinct port set (usually one).
    const ready: Any[] = [];
    const notReady: Any[] = [];
    const addr = (p: KObj) => ({ ip: p.status.podIP, nodeName: p.spec?.nodeName, targetRef: { kind: 'Pod', namespace: ns, name: p.metadata.name, uid: p.metadata.uid } });
    for (const p of pods) (podReady(p) && !p.metadata.deletionTimestamp ? ready : notReady).push(addr(p));
    const epPorts = pods.length ? ports.map((sp) => ({ ...(sp.name ? { name: sp.name } : {}), port: targetPort(pods[0] as KObj, sp) ?? sp.port, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) })) : [];
    const subsets = ready.length || notReady.length ? [{ ...(ready.length ? { addresses: ready } : {}), ...(notReady.length ? { notReadyAddresses: notReady } : {}), ports: epPorts }] : undefined;
    const labels = { ...(svc.metadata.labels ?? {}) };
    const ep = c.api.find(epTp, ns, name);
    const epBody: KObj = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace: ns, labels, annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': svc.metadata.creationTimestamp as string } }, ...(subsets ? { subsets } : {}) };
    if (!ep) c.api.create(epTp, ns, epBody);
    else if (JSON.stringify(ep.subsets) !== JSON.stringify(subsets)) c.api.systemPut(epTp, { ...ep, ...(subsets ? { subsets } : {}), ...(subsets ? {} : { subsets: undefined }) });
    const sliceEndpoints = pods.map((p) => ({
      addresses: [p.status.podIP],
      conditions: { ready: podReady(p) && !p.metadata.deletionTimestamp, serving: podReady(p), terminating: !!p.metadata.deletionTimestamp },
      nodeName: p.spec?.nodeName,
      targetRef: { kind: 'Pod', namespace: ns, name: p.metadata.name, uid: p.metadata.uid },
    }));
    const slicePorts = ports.map((sp) => ({ name: sp.name ?? '', port: pods.length ? (targetPort(pods[0] as KObj, sp) ?? sp.port) : sp.port, protocol: sp.protocol ?? 'TCP' }));
    const existing = c.api.list(esTp, ns).find((s) => s.metadata.labels?.['kubernetes.io/service-name'] === name);
    const body = { addressType: 'IPv4', endpoints: sliceEndpoints, ports: pods.length ? slicePorts : null };
    if (!existing) {
      c.api.create(esTp, ns, {
        metadata: {
          name: `${name}-${randomSuffix(5)}`,
          labels: { ...labels, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io', 'kubernetes.io/service-name': name },
          annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': svc.metadata.creationTimestamp as string },
          ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name, uid: svc.metadata.uid as string, controller: true, blockOwnerDeletion: true }],
        },
        ...body,
      });
    } else if (JSON.stringify({ e: existing.endpoints, p: existing.ports }) !== JSON.stringify({ e: body.endpoints, p: body.ports })) {
      c.api.systemPut(esTp, { ...existing, ...body });
    }
  }
  // Endpoints of deleted services go with them (the controller removes them).
  for (const ep of c.api.list(epTp)) {
    if (ep.metadata.name === 'kubernetes' && ep.metadata.namespace === 'default') continue;
    const svc = c.api.find(svcTp, ep.metadata.namespace, ep.metadata.name as string);
    if (!svc || !svc.spec?.selector) {
      if (!svc) c.api.remove(epTp, ep);
    }
  }
}
