// Nodes as their kubelets register and report them (from the control plane's cluster record and
// each node's simulated state, cluster-view.ts), plus what the node lifecycle controller adds:
// the not-ready / unreachable / unschedulable taints, and each node's Lease in kube-node-lease.
// A user's own labels, taints and cordon stay: only status and the system's taints are written.
import { isoMicros, isoSeconds, type KObj } from '../types';
import type { ControllerCtx } from './context';
import { kubeletState } from './kubelet';
import { cniReadyNow, memberCondition, nodeObject } from '../../cluster-view';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

/** How often a kubelet re-posts an unchanged status (heartbeat) and renews its lease, in simulated seconds. */
const HEARTBEAT_S = 40;

const SYSTEM_TAINTS = new Set(['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable', 'node.kubernetes.io/unschedulable']);

export function nodes(c: ControllerCtx): void {
  const tp = c.t('', 'nodes');
  const leaseTp = c.t('coordination.k8s.io', 'leases');
  const delay = c.pace.delayMs('cni-ready');
  const cniReady = cniReadyNow(c.rec, delay, c.now);
  if (c.rec.cni && !cniReady) c.wake(new Date(c.rec.cni.appliedAt).getTime() + delay - c.now);
  const beat = HEARTBEAT_S * Math.max(c.second, 250);
  const images = kubeletState(c).images;
  for (const m of c.rec.members) {
    const sim = c.dir.get(m.vmId);
    const kubeletUp = sim?.state.units['kubelet.service']?.active === 'active';
    const want = nodeObject(c.rec, m, c.dir, cniReady) as KObj;
    const cond = memberCondition(c.rec, m, c.dir, cniReady);
    const cur = c.api.find(tp, undefined, m.name);
    if (!cur) {
      if (!kubeletUp) continue;
      // The kubelet registers its node (kubeadm marks a control plane with its label and taint),
      // not-ready until its network is.
      const taints = [...((want.spec?.taints ?? []) as Any[])];
      if (!cond.ready) taints.push({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule', timeAdded: isoSeconds(c.now) });
      const created = c.api.create(tp, undefined, { ...want, metadata: { ...want.metadata, uid: undefined, creationTimestamp: undefined }, spec: { ...(want.spec ?? {}), ...(taints.length ? { taints } : {}) } });
      for (const [reason, msg] of [
        ['Starting', 'Starting kubelet.'],
        ['NodeHasSufficientMemory', `Node ${m.name} status is now: NodeHasSufficientMemory`],
        ['NodeHasNoDiskPressure', `Node ${m.name} status is now: NodeHasNoDiskPressure`],
        ['NodeHasSufficientPID', `Node ${m.name} status is now: NodeHasSufficientPID`],
        ['NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods'],
      ]) {
        c.event({ ...created, metadata: { ...created.metadata, uid: m.name } }, 'Normal', reason as string, msg as string, { component: 'kubelet', host: m.name });
      }
      c.event(created, 'Normal', 'RegisteredNode', `Node ${m.name} event: Registered Node ${m.name} in Controller`, { component: 'node-controller' });
      continue;
    }
    const prevReady = (cur.status?.conditions ?? []).find((x: Any) => x.type === 'Ready');
    const status = JSON.parse(JSON.stringify(want.status)) as Any;
    const lastBeat = new Date(prevReady?.lastHeartbeatTime ?? 0).getTime();
    const readyNow = status.conditions.find((x: Any) => x.type === 'Ready');
    const unknown = !kubeletUp;
    // Only the kubelet writes nodeInfo: while it is silent (a node down, rebooting) the last one stays.
    if (unknown && cur.status?.nodeInfo) status.nodeInfo = cur.status.nodeInfo;
    if (unknown) {
      // Kubelet stopped posting: the node lifecycle controller marks the conditions Unknown.
      for (const x of status.conditions) {
        const prev = (cur.status?.conditions ?? []).find((p: Any) => p.type === x.type);
        Object.assign(x, { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastHeartbeatTime: prev?.lastHeartbeatTime ?? x.lastHeartbeatTime, lastTransitionTime: prev?.status === 'Unknown' ? prev.lastTransitionTime : isoSeconds(c.now) });
      }
    } else {
      const fresh = c.now - lastBeat >= beat || prevReady?.status !== readyNow.status || prevReady?.reason !== readyNow.reason;
      for (const x of status.conditions) {
        const prev = (cur.status?.conditions ?? []).find((p: Any) => p.type === x.type);
        x.lastHeartbeatTime = fresh ? isoSeconds(c.now) : (prev?.lastHeartbeatTime ?? isoSeconds(c.now));
        x.lastTransitionTime = prev && prev.status === x.status ? prev.lastTransitionTime : isoSeconds(c.now);
      }
    }
    const imgs = Object.entries(images[m.name] ?? {}).map(([ref, [id, size]]) => ({ names: [id, ref], sizeBytes: size }));
    if (imgs.length) status.images = imgs.sort((a, b) => b.sizeBytes - a.sizeBytes);
    const ready = !unknown && cond.ready;
    // Taints the system manages; the user's stay as they are.
    const taints = ((cur.spec?.taints ?? []) as Any[]).filter((t) => !SYSTEM_TAINTS.has(t.key));
    const keepAdded = (key: string, effect: string) => (cur.spec?.taints ?? []).find((t: Any) => t.key === key && t.effect === effect)?.timeAdded ?? isoSeconds(c.now);
    if (unknown) {
      taints.push({ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: keepAdded('node.kubernetes.io/unreachable', 'NoSchedule') });
      taints.push({ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: keepAdded('node.kubernetes.io/unreachable', 'NoExecute') });
    } else if (!ready) taints.push({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule', timeAdded: keepAdded('node.kubernetes.io/not-ready', 'NoSchedule') });
    if (cur.spec?.unschedulable) taints.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: keepAdded('node.kubernetes.io/unschedulable', 'NoSchedule') });
    const spec = { ...(cur.spec ?? {}), ...(want.spec?.podCIDR && !cur.spec?.podCIDR ? { podCIDR: want.spec.podCIDR, podCIDRs: want.spec.podCIDRs } : {}) };
    if (taints.length) spec.taints = taints;
    else delete spec.taints;
    if (JSON.stringify(spec) !== JSON.stringify(cur.spec)) c.api.systemPut(tp, { ...cur, spec });
    const latest = c.api.find(tp, undefined, m.name) as KObj;
    // A new boot: the kubelet's Warning event (kubernetes/kubernetes pkg/kubelet/nodestatus/setters.go
    // MachineInfo: events.NodeRebooted, "Node %s has been rebooted, boot id: %s").
    const bootWas = latest.status?.nodeInfo?.bootID;
    const bootNow = status.nodeInfo?.bootID;
    if (!unknown && bootWas && bootNow && bootWas !== bootNow) c.event(latest, 'Warning', 'Rebooted', `Node ${m.name} has been rebooted, boot id: ${bootNow}`, { component: 'kubelet', host: m.name });
    if (JSON.stringify(status) !== JSON.stringify(latest.status)) {
      c.api.update(tp, undefined, m.name, { ...latest, status }, { subresource: 'status' });
      if (prevReady?.status !== 'True' && ready) c.event(latest, 'Normal', 'NodeReady', `Node ${m.name} status is now: NodeReady`, { component: 'kubelet', host: m.name });
      if (prevReady?.status === 'True' && !ready && !unknown) c.event(latest, 'Normal', 'NodeNotReady', `Node ${m.name} status is now: NodeNotReady`, { component: 'kubelet', host: m.name });
    }
    const wasCordoned = (cur.spec?.taints ?? []).some((t: Any) => t.key === 'node.kubernetes.io/unschedulable');
    if (!!cur.spec?.unschedulable !== wasCordoned) c.event(latest, 'Normal', cur.spec?.unschedulable ? 'NodeNotSchedulable' : 'NodeSchedulable', `Node ${m.name} status is now: ${cur.spec?.unschedulable ? 'NodeNotSchedulable' : 'NodeSchedulable'}`, { component: 'kubelet', host: m.name });
    if (kubeletUp) {
      const lease = c.api.find(leaseTp, 'kube-node-lease', m.name);
      const renew = lease ? new Date(String(lease.spec?.renewTime ?? 0)).getTime() : 0;
      if (!lease) {
        c.api.create(leaseTp, 'kube-node-lease', { metadata: { name: m.name, ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: m.name, uid: latest.metadata.uid as string }] }, spec: { holderIdentity: m.name, leaseDurationSeconds: 40, renewTime: isoMicros(c.now) } });
      } else if (c.now - renew >= beat) c.api.systemPut(leaseTp, { ...lease, spec: { ...lease.spec, renewTime: isoMicros(c.now) } });
    }
    c.wake(beat);
  }
}
