import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { KURED_IMAGE, kuredManifest, kuredPlan } from '../../../electron/services/cluster/render/kured';
import { buildPlan } from '../../../electron/services/cluster/plan/build-plan';
import { renderAzScript } from '../../../electron/services/cluster/render/az-script';
import { clusterSpecSchema } from '../../../shared/domain/cluster-spec';
import { withRecordedUpdates } from '../../../electron/services/cluster/store/record-migration';
import { refusedChanges } from '../../../electron/services/cluster/operations/spec-changes';
import { makeSpec } from './fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

const objects = () => parseAllDocuments(kuredManifest()).map((d) => d.toJS() as Any);

test('Kured is pinned to 1.23.0 and watches Flatcar\'s sentinel through the /var/run mount', () => {
  const ds = objects().find((o) => o.kind === 'DaemonSet');
  assert.deepEqual([ds.metadata.namespace, ds.metadata.name], ['kube-system', 'kured']);
  const pod = ds.spec.template.spec;
  const c = pod.containers[0];
  assert.equal(c.image, 'ghcr.io/kubereboot/kured:1.23.0');
  assert.equal(KURED_IMAGE, c.image);
  // update-engine writes /run/reboot-required; the host's /var/run (Flatcar: /run) is /sentinel in the pod.
  const mount = c.volumeMounts.find((m: Any) => m.name === 'sentinel');
  const vol = pod.volumes.find((v: Any) => v.name === 'sentinel');
  assert.equal(vol.hostPath.path, '/var/run');
  assert.equal(mount.mountPath, '/sentinel');
  assert.ok(c.command.includes('--reboot-sentinel=/sentinel/reboot-required'));
  assert.ok(c.command.includes('--annotate-nodes=true'), 'flatkube status lists the nodes Kured marks');
  // One node at a time is Kured's default (--concurrency=1); nothing here raises it or skips the drain.
  assert.ok(!c.command.some((a: string) => /^--(concurrency|force-reboot|drain-pod-selector|lock-annotation)=/.test(a)), c.command.join(' '));
  // Its pod runs on control planes too (kubeadm taints them NoSchedule).
  assert.ok(pod.tolerations.some((t: Any) => t.key === 'node-role.kubernetes.io/control-plane' && t.effect === 'NoSchedule'));
  assert.equal(pod.hostPID, true);
  assert.equal(c.env.find((e: Any) => e.name === 'KURED_NODE_ID').valueFrom.fieldRef.fieldPath, 'spec.nodeName');
});

test('Kured\'s RBAC lets it drain (evict, patch nodes) and lock its own DaemonSet, nothing more', () => {
  const all = objects();
  assert.deepEqual(all.map((o) => o.kind), ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'ServiceAccount', 'DaemonSet']);
  const cr = all.find((o) => o.kind === 'ClusterRole');
  const verbs = (res: string) => cr.rules.filter((r: Any) => r.resources.includes(res)).flatMap((r: Any) => r.verbs).sort();
  assert.deepEqual(verbs('pods/eviction'), ['create']);
  assert.deepEqual(verbs('nodes'), ['get', 'patch']);
  const role = all.find((o) => o.kind === 'Role');
  assert.deepEqual(role.rules, [{ apiGroups: ['apps'], resources: ['daemonsets'], resourceNames: ['kured'], verbs: ['update'] }]);
  for (const b of all.filter((o) => o.kind.endsWith('Binding'))) assert.deepEqual(b.subjects, [{ kind: 'ServiceAccount', name: 'kured', namespace: 'kube-system' }]);
});

test('reboots kured (the default): a plan step after the pod network applies the manifest; off: no step, no Kured', () => {
  const on = makeSpec();
  assert.equal(on.updates.reboots, 'kured');
  const step = buildPlan(on).steps.find((s) => s.id === 'kured')!;
  assert.deepEqual([step.kind, step.node, step.dependsOn], ['ssh', 'cp-0', ['cni']]);
  assert.ok(buildPlan(on).steps.find((s) => s.id === 'nodes-ready')!.dependsOn.includes('kured'));
  const cmd = kuredPlan(on)!.commands.join('\n');
  assert.match(cmd, /^sudo kubectl --kubeconfig=\/etc\/kubernetes\/admin\.conf apply -f - <<'FLATKUBE_EOF'\n/);
  assert.ok(cmd.includes(kuredManifest()));
  assert.ok(renderAzScript({ spec: on }).includes(KURED_IMAGE), 'the az script installs it too');

  const off = makeSpec({ updates: { reboots: 'off' } });
  assert.equal(kuredPlan(off), undefined);
  assert.ok(!buildPlan(off).steps.some((s) => s.id === 'kured'));
  assert.ok(!renderAzScript({ spec: off }).includes('kured'));
});

test('a spec without updates wants Kured; a recorded one without it had none (off); apply cannot change it', () => {
  const raw = { ...makeSpec() } as Record<string, unknown>;
  delete raw.updates;
  assert.equal(clusterSpecSchema.parse(raw).updates.reboots, 'kured');
  assert.equal(clusterSpecSchema.parse(withRecordedUpdates(raw)).updates.reboots, 'off');
  assert.equal(clusterSpecSchema.parse(withRecordedUpdates(makeSpec({ updates: { reboots: 'kured' } }))).updates.reboots, 'kured');
  const refused = refusedChanges(clusterSpecSchema.parse(withRecordedUpdates(raw)), makeSpec());
  assert.deepEqual(refused.map((r) => r.split(':')[0]), ['updates']);
  assert.match(refused[0]!, /the cluster has updates\.reboots off/, 'says what to write in the spec');
});
