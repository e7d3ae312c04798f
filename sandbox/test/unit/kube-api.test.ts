// The simulated Kubernetes API below HTTP (issue 20): protobuf bodies as kubectl >= 1.32 sends
// them, the patch formats, selectors, server-side printing, the API's admission and errors, and
// the controllers on an in-process cluster (nodes' kubectl): workloads come alive, a bad image
// fails to pull, a crashing container backs off, jobs complete, claims without storage wait.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KubeApi } from '../../src/nodes/kube/api';
import { decodeKubeProtobuf } from '../../src/nodes/kube/proto/decode';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, serverSideApply } from '../../src/nodes/kube/patch';
import { parseFieldSelector, parseLabelSelector } from '../../src/nodes/kube/selectors';
import { ObjectStore } from '../../src/nodes/kube/store';
import { humanDuration, podStatusCells, renderTable } from '../../src/nodes/kube/tables';
import { ApiError, type KObj } from '../../src/nodes/kube/types';
import { pullImage } from '../../src/nodes/kube/images';
import { cronJobs, parseCron } from '../../src/nodes/kube/controllers/cronjobs';
import type { ControllerCtx } from '../../src/nodes/kube/controllers/context';
import { recordEvent } from '../../src/nodes/kube/controllers/context';
import { cluster } from '../../src/testing/sim-node-fixture';

const KC = 'sudo kubectl --kubeconfig=/etc/kubernetes/admin.conf';

/** Request bodies captured from kubectl 1.32's `create` commands (protobuf, k8s\0 envelope). */
const KUBECTL_132_BODIES: Record<string, string> = {
  service: 'azhzAAoNCgJ2MRIHU2VydmljZRJsCiEKBHN2YzESABoAIgAqADIAOABCAFoLCgNhcHASBHN2YzESQwobCgc4MC04MDgwEgNUQ1AYUCIHCAAQkD8aACgAEgsKA2FwcBIEc3ZjMRoAIglDbHVzdGVySVA6AEIAUgBaAGAAaAAaAgoAGgAiAA==',
  configmap: 'azhzAAoPCgJ2MRIJQ29uZmlnTWFwEh0KEwoDY20xEgAaACIAKgAyADgAQgASBgoBYRIBYhoAIgA=',
  secret: 'azhzAAoMCgJ2MRIGU2VjcmV0Eh4KEgoCczESABoAIgAqADIAOABCABIGCgFwEgFxGgAaACIA',
  namespace: 'azhzAAoPCgJ2MRIJTmFtZXNwYWNlEhsKEwoDbnMxEgAaACIAKgAyADgAQgASABoCCgAaACIA',
  job: 'azhzAAoPCghiYXRjaC92MRIDSm9iEoQBChIKAmoxEgAaACIAKgAyADgAQgASZDJiChAKABIAGgAiACoAMgA4AEIAEk4SKwoCajESB2J1c3lib3gaBGVjaG8aAmhpKgBCAGoAcgCAAQCIAQCQAQCiAQAaBU5ldmVyMgBCAEoAUgBYAGAAaACCAQCKAQCaAQDCAQAaCCAAKAAwADoAGgAiAA==',
  deployment: 'azhzAAoVCgdhcHBzL3YxEgpEZXBsb3ltZW50Er0BCh8KA3dlYhIAGgAiACoAMgA4AEIAWgoKA2FwcBIDd2ViEosBCAISDAoKCgNhcHASA3dlYhpxChwKABIAGgAiACoAMgA4AEIAWgoKA2FwcBIDd2ViElESMwoFbmdpbngSCm5naW54OjEuMjcqADIKCgAQABhQIgAqAEIAagByAIABAIgBAJABAKIBABoAMgBCAEoAUgBYAGAAaACCAQCKAQCaAQDCAQAiAgoAKAA4ABoMCAAQABgAIAAoADgAGgAiAA==',
};

function api(): KubeApi {
  const a = new KubeApi(new ObjectStore({ rv: 1, objects: {} }), { serviceSubnet: '10.96.0.0/12' });
  a.create(a.type('', 'namespaces'), undefined, { metadata: { name: 'default' } });
  return a;
}

function apiError(f: () => unknown): ApiError {
  try {
    f();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('no ApiError thrown');
}

describe('protobuf request bodies', () => {
  it('decodes what kubectl 1.32 sends for create deployment/service/configmap/secret/namespace/job', () => {
    const d = decodeKubeProtobuf(Buffer.from(KUBECTL_132_BODIES.deployment as string, 'base64'));
    assert.deepEqual(d, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }], resources: {} }] } }, strategy: {} },
      status: {},
    });
    const svc = decodeKubeProtobuf(Buffer.from(KUBECTL_132_BODIES.service as string, 'base64')) as KObj;
    assert.deepEqual(svc.spec, { ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }], selector: { app: 'svc1' }, type: 'ClusterIP' });
    assert.deepEqual(decodeKubeProtobuf(Buffer.from(KUBECTL_132_BODIES.configmap as string, 'base64')).data, { a: 'b' });
    assert.deepEqual(decodeKubeProtobuf(Buffer.from(KUBECTL_132_BODIES.secret as string, 'base64')).data, { p: Buffer.from('q').toString('base64') });
    assert.deepEqual((decodeKubeProtobuf(Buffer.from(KUBECTL_132_BODIES.namespace as string, 'base64')) as KObj).metadata, { name: 'ns1' });
    const job = decodeKubeProtobuf(Buffer.from(KUBECTL_132_BODIES.job as string, 'base64')) as KObj;
    assert.deepEqual(job.spec.template.spec, { containers: [{ name: 'j1', image: 'busybox', command: ['echo', 'hi'], resources: {} }], restartPolicy: 'Never' });
  });
});

describe('patches', () => {
  const pod = { metadata: { name: 'p', labels: { a: '1', b: '2' }, finalizers: ['x'] }, spec: { containers: [{ name: 'c1', image: 'i1', env: [{ name: 'A', value: '1' }] }, { name: 'c2', image: 'i2' }], tolerations: [{ key: 't' }] } };

  it('strategic merge: lists merged by their key, directives honoured, atomic lists replaced', () => {
    const out = applyStrategicMergePatch(pod, {
      metadata: { labels: { b: null, c: '3' }, finalizers: ['y'], '$deleteFromPrimitiveList/finalizers': ['x'] },
      spec: {
        '$setElementOrder/containers': [{ name: 'c2' }, { name: 'c1' }],
        containers: [{ name: 'c1', image: 'i1b', env: [{ name: 'B', value: '2' }] }, { name: 'c2', $patch: 'delete' }],
        tolerations: [{ key: 'u' }],
      },
    }) as typeof pod;
    assert.deepEqual(out.metadata, { name: 'p', labels: { a: '1', c: '3' }, finalizers: ['y'] });
    assert.deepEqual(out.spec.containers, [{ name: 'c1', image: 'i1b', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }]);
    assert.deepEqual(out.spec.tolerations, [{ key: 'u' }]);
    const replaced = applyStrategicMergePatch(pod, { spec: { $patch: 'replace', containers: [{ name: 'z', image: 'z' }] } }) as typeof pod;
    assert.deepEqual(replaced.spec, { containers: [{ name: 'z', image: 'z' }] });
  });

  it('JSON merge patch and JSON patch (RFC 7386, RFC 6902)', () => {
    assert.deepEqual(applyMergePatch({ a: { b: 1, c: 2 }, l: [1] }, { a: { b: null }, l: [2] }), { a: { c: 2 }, l: [2] });
    assert.deepEqual(applyJsonPatch({ spec: { replicas: 1, l: ['a'] } }, [{ op: 'replace', path: '/spec/replicas', value: 3 }, { op: 'add', path: '/spec/l/-', value: 'b' }, { op: 'test', path: '/spec/l/0', value: 'a' }]), { spec: { replicas: 3, l: ['a', 'b'] } });
    assert.throws(() => applyJsonPatch({ a: 1 }, [{ op: 'remove', path: '/b' }]), /Unable to remove nonexistent key/);
  });

  it('server-side apply removes what a manager stopped applying, keeps others\' fields', () => {
    const first = serverSideApply(undefined, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { a: '1' } }, data: { x: '1', y: '2' } }, 'me', 'now');
    const withOther = { ...first, data: { ...(first.data as object), z: 'other' } };
    const second = serverSideApply(withOther, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { x: '9' } }, 'me', 'now');
    assert.deepEqual(second.data, { x: '9', z: 'other' });
    assert.equal((second.metadata as { labels?: unknown }).labels, undefined);
  });
});

describe('selectors and printing', () => {
  it('label selectors: equality, sets, existence', () => {
    const sel = parseLabelSelector('app=web,tier!=db,env in (a, b),!legacy,track');
    assert.equal(sel({ app: 'web', env: 'a', track: 'x' }), true);
    assert.equal(sel({ app: 'web', env: 'c', track: 'x' }), false);
    assert.equal(sel({ app: 'web', env: 'a', track: 'x', legacy: '' }), false);
    assert.equal(sel({ app: 'web', env: 'b' }), false);
  });

  it('field selectors: the fields each type supports, the apiserver\'s error otherwise', () => {
    const pending = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { nodeName: 'n1' }, status: { phase: 'Pending' } } as KObj;
    assert.equal(parseFieldSelector('spec.nodeName=n1,status.phase!=Running', '/pods')(pending), true);
    assert.equal(parseFieldSelector('metadata.name==q', '/pods')(pending), false);
    assert.throws(() => parseFieldSelector('spec.foo=1', '/pods'), /field label not supported: spec\.foo/);
  });

  it('ages as kubectl prints them (duration.HumanDuration)', () => {
    assert.deepEqual([5e3, 119e3, 150e3, 600e3, 7200e3, 3 * 3600e3 + 60e3, 30 * 3600e3, 50 * 3600e3, 800 * 86400e3].map(humanDuration), ['5s', '119s', '2m30s', '10m', '120m', '3h1m', '30h', '2d2h', '2y70d']);
  });

  it('pod STATUS and READY as kubectl\'s printer computes them', () => {
    const pod = (status: unknown, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', ...extra }, spec: { initContainers: [{ name: 'i1' }, { name: 'i2' }], containers: [{ name: 'c' }] }, status }) as KObj;
    assert.equal(podStatusCells(pod({ phase: 'Pending', initContainerStatuses: [{ name: 'i1', state: { running: {} } }, { name: 'i2', state: { waiting: { reason: 'PodInitializing' } } }] })).reason, 'Init:0/2');
    const crash = podStatusCells(pod({ phase: 'Running', conditions: [{ type: 'Initialized', status: 'True' }], containerStatuses: [{ name: 'c', restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { finishedAt: '2025-01-01T00:00:00Z' } } }] }));
    assert.deepEqual([crash.ready, crash.reason, crash.restarts], ['0/1', 'CrashLoopBackOff', 4]);
    assert.equal(podStatusCells(pod({ phase: 'Running', containerStatuses: [{ name: 'c', ready: true, state: { running: {} } }] }, { deletionTimestamp: '2025-01-01T00:00:00Z' })).reason, 'Terminating');
    assert.equal(renderTable(['NAME', 'AGE'], [['a', '1s']]), 'NAME   AGE\na      1s\n');
  });
});

describe('the API: admission, errors, resourceVersion, status, deletion', () => {
  it('DefaultStorageClass: a claim naming no class gets the default one; "" and a named class stay', () => {
    const a = api();
    const pvc = a.type('', 'persistentvolumeclaims');
    const claim = (name: string, extra: Record<string, unknown> = {}) => ({ metadata: { name }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...extra } });
    assert.equal(a.create(pvc, 'default', claim('before')).spec.storageClassName, undefined, 'no default class yet');
    a.create(a.type('storage.k8s.io', 'storageclasses'), undefined, { metadata: { name: 'slow' }, provisioner: 'disk.csi.azure.com' });
    a.create(a.type('storage.k8s.io', 'storageclasses'), undefined, { metadata: { name: 'managed-csi', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'disk.csi.azure.com' });
    assert.equal(a.create(pvc, 'default', claim('data')).spec.storageClassName, 'managed-csi');
    assert.equal(a.create(pvc, 'default', claim('none', { storageClassName: '' })).spec.storageClassName, '');
    assert.equal(a.create(pvc, 'default', claim('named', { storageClassName: 'slow' })).spec.storageClassName, 'slow');
  });

  it('create: defaults, validation (422 with field causes), AlreadyExists, a missing namespace', () => {
    const a = api();
    const deploy = a.type('apps', 'deployments');
    const body = { metadata: { name: 'web' }, spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } } };
    const d = a.create(deploy, 'default', body);
    assert.equal(d.spec.replicas, 1);
    assert.deepEqual(d.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    assert.equal(d.spec.template.spec.containers[0].imagePullPolicy, 'Always');
    assert.equal(d.metadata.generation, 1);
    const dup = apiError(() => a.create(deploy, 'default', body));
    assert.deepEqual([dup.code, dup.reason, dup.message], [409, 'AlreadyExists', 'deployments.apps "web" already exists']);
    const bad = apiError(() => a.create(deploy, 'default', { ...body, metadata: { name: 'bad' }, spec: { ...body.spec, template: { ...body.spec.template, metadata: { labels: { app: 'other' } } } } }));
    assert.equal(bad.code, 422);
    assert.equal(bad.message, 'Deployment.apps "bad" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`');
    assert.deepEqual(bad.body().details, { name: 'bad', group: 'apps', kind: 'Deployment', causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`', field: 'spec.template.metadata.labels' }] });
    const ns = apiError(() => a.create(a.type('', 'configmaps'), 'nope', { metadata: { name: 'c' } }));
    assert.deepEqual([ns.code, ns.message], [404, 'namespaces "nope" not found']);
  });

  it('update: a stale resourceVersion conflicts (409); spec changes bump generation, status through its subresource only', () => {
    const a = api();
    const deploy = a.type('apps', 'deployments');
    const d = a.create(deploy, 'default', { metadata: { name: 'w' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } });
    const next = a.update(deploy, 'default', 'w', { ...d, spec: { ...d.spec, replicas: 3 }, status: { replicas: 99 } });
    assert.equal(next.metadata.generation, 2);
    assert.deepEqual(next.status, {});
    const stale = apiError(() => a.update(deploy, 'default', 'w', { ...d, spec: { ...d.spec, replicas: 4 } }));
    assert.deepEqual([stale.code, stale.reason, stale.message], [409, 'Conflict', 'Operation cannot be fulfilled on deployments.apps "w": the object has been modified; please apply your changes to the latest version and try again']);
    const st = a.update(deploy, 'default', 'w', { ...next, status: { replicas: 3 } }, { subresource: 'status' });
    assert.deepEqual([st.status, st.metadata.generation], [{ replicas: 3 }, 2]);
    const scaled = a.patch(deploy, 'default', 'w', 'strategic', { spec: { replicas: 5 } });
    assert.equal(scaled.spec.replicas, 5);
  });

  it('services get a cluster IP from the service CIDR; changing it is refused', () => {
    const a = api();
    const svc = a.type('', 'services');
    const s = a.create(svc, 'default', { metadata: { name: 's' }, spec: { selector: { a: 'b' }, ports: [{ port: 80 }], type: 'NodePort' } });
    assert.match(s.spec.clusterIP, /^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    assert.equal(s.spec.ports[0].targetPort, 80);
    assert.ok(s.spec.ports[0].nodePort >= 30000 && s.spec.ports[0].nodePort <= 32767);
    const changed = apiError(() => a.update(a.type('', 'services'), 'default', 's', { ...s, spec: { ...s.spec, clusterIP: '10.96.0.99' } }));
    assert.equal(changed.code, 422);
  });

  it('deletion: pods on a node are deleted gracefully, finalizers hold objects, namespaces terminate', () => {
    const a = api();
    const pods = a.type('', 'pods');
    a.create(pods, 'default', { metadata: { name: 'p' }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'nginx' }] } });
    const graceful = a.delete(pods, 'default', 'p');
    assert.equal(graceful.gone, false);
    assert.equal(graceful.obj.metadata.deletionGracePeriodSeconds, 30);
    assert.equal(a.delete(pods, 'default', 'p', { gracePeriodSeconds: 0 }).gone, true);
    const cms = a.type('', 'configmaps');
    a.create(cms, 'default', { metadata: { name: 'held', finalizers: ['example.com/keep'] } });
    assert.equal(a.delete(cms, 'default', 'held').gone, false);
    const held = a.get(cms, 'default', 'held');
    a.update(cms, 'default', 'held', { ...held, metadata: { ...held.metadata, finalizers: [] } });
    assert.equal(a.find(cms, 'default', 'held'), undefined, 'the last finalizer removed: gone');
    const nsTp = a.type('', 'namespaces');
    a.create(nsTp, undefined, { metadata: { name: 'lesson' } });
    a.delete(nsTp, undefined, 'lesson');
    assert.equal(a.get(nsTp, undefined, 'lesson').status.phase, 'Terminating');
    const refused = apiError(() => a.create(cms, 'lesson', { metadata: { name: 'late' } }));
    assert.deepEqual([refused.code, refused.message], [403, 'configmaps "late" is forbidden: unable to create new content in namespace lesson because it is being terminated']);
    assert.equal(apiError(() => a.delete(nsTp, undefined, 'default')).code, 403);
  });

  it('watches resume from a resourceVersion the history still holds, else 410 Expired', () => {
    const store = new ObjectStore({ rv: 1, objects: {} });
    const a = new KubeApi(store, { serviceSubnet: '10.96.0.0/12' });
    a.create(a.type('', 'namespaces'), undefined, { metadata: { name: 'default' } });
    const rv = store.rv;
    a.create(a.type('', 'configmaps'), 'default', { metadata: { name: 'c' } });
    const events = store.since(rv);
    assert.ok(Array.isArray(events) && events.length === 1 && events[0]?.type === 'ADDED');
    assert.equal(new ObjectStore({ rv: 50, objects: {} }).since(10), 'expired');
  });

  it('custom resources become served when their CRD is created; strategic merge is refused for them', () => {
    const a = api();
    a.create(a.type('apiextensions.k8s.io', 'customresourcedefinitions'), undefined, {
      metadata: { name: 'widgets.example.com' },
      spec: { group: 'example.com', scope: 'Namespaced', names: { kind: 'Widget', plural: 'widgets' }, versions: [{ name: 'v1', served: true, storage: true, additionalPrinterColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }] }] },
    });
    const tp = a.type('example.com', 'widgets');
    a.create(tp, 'default', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 3 } });
    assert.equal(apiError(() => a.patch(tp, 'default', 'w', 'strategic', { spec: { size: 4 } })).code, 415);
    assert.equal(a.patch(tp, 'default', 'w', 'merge', { spec: { size: 4 } }).spec.size, 4);
  });
});

describe('container images', () => {
  it('known images pull; a repository, tag or registry that does not exist fails as containerd says', () => {
    assert.equal(pullImage('nginx').ok, true);
    assert.equal(pullImage('nginx:1.27-alpine').ok, true);
    assert.equal(pullImage('registry.k8s.io/pause:3.10').ok, true);
    const typo = pullImage('nginxx');
    assert.equal(typo.ok, false);
    assert.match(typo.ok ? '' : typo.message, /docker\.io\/library\/nginxx:latest.*pull access denied, repository does not exist or may require authorization/);
    const tag = pullImage('nginx:doesnotexist');
    assert.match(tag.ok ? '' : tag.message, /docker\.io\/library\/nginx:doesnotexist: not found$/);
    const host = pullImage('registry.example.com/team/app:1.0');
    assert.match(host.ok ? '' : host.message, /lookup registry\.example\.com on 168\.63\.129\.16:53: no such host/);
  });
});

describe('controllers on an in-process cluster (the nodes\' own kubectl)', () => {
  async function withFlannel(workers = 1) {
    const c = await cluster({ workers });
    const r = await c.on(`${KC} apply -f https://github.com/flannel-io/flannel/releases/download/v0.28.9/kube-flannel.yml`);
    assert.equal(r.code, 0, r.stderr);
    return c;
  }

  it('a deployment comes up on the worker, its service gets the pods as endpoints', async () => {
    const c = await withFlannel();
    const manifest = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n  - port: 80\n';
    assert.equal((await c.on(`${KC} apply -f -`, manifest)).code, 0);
    const rollout = await c.on(`${KC} rollout status deployment/web --timeout=30s`);
    assert.equal(rollout.stdout.trim().split('\n').at(-1), 'deployment "web" successfully rolled out');
    const pods = await c.on(`${KC} get pods -o wide`);
    assert.equal(pods.stdout.match(/^web-\w{10}-\w{5}\s+1\/1\s+Running\s+0\s+\S+\s+10\.244\.1\.\d+\s+worker-0\s/gm)?.length, 2, pods.stdout);
    const ep = await c.on(`${KC} get endpoints web`);
    assert.match(ep.stdout, /^web\s+10\.244\.1\.\d+:80,10\.244\.1\.\d+:80\s/m);
  });

  it('without a pod network, CoreDNS waits (the scheduler says why) and nodes are NotReady', async () => {
    const c = await cluster();
    const pods = await c.on(`${KC} get pods -n kube-system -l k8s-app=kube-dns`);
    assert.match(pods.stdout, /^coredns-\w{10}-\w{5}\s+0\/1\s+Pending\s/m);
    const events = await c.on(`${KC} get events -n kube-system -o json`);
    const msgs = (JSON.parse(events.stdout) as { items: { reason: string; message: string }[] }).items.filter((e) => e.reason === 'FailedScheduling').map((e) => e.message);
    assert.ok(msgs.includes('0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.'), msgs.join('\n'));
  });

  it('a bad image: ErrImagePull then ImagePullBackOff; a container that exits: CrashLoopBackOff with restarts', async () => {
    const c = await withFlannel();
    const bad = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: typo\nspec:\n  containers:\n  - name: c\n    image: nginxx\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: quits\nspec:\n  containers:\n  - name: c\n    image: busybox\n';
    assert.equal((await c.on(`${KC} apply -f -`, bad)).code, 0);
    await new Promise((r) => setTimeout(r, 100));
    const pods = await c.on(`${KC} get pods`);
    assert.match(pods.stdout, /^typo\s+0\/1\s+(ErrImagePull|ImagePullBackOff)\s+0\s/m);
    assert.match(pods.stdout, /^quits\s+0\/1\s+(CrashLoopBackOff|Completed)\s+\d+/m);
    const logs = await c.on(`${KC} logs typo`);
    assert.equal(logs.stderr, 'Error from server (BadRequest): container "c" in pod "typo" is waiting to start: trying and failing to pull image\n');
  });

  it('a job runs its pod to completion; a claim without storage keeps its pod Pending', async () => {
    const c = await withFlannel();
    const job = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: hello\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: hello\n        image: busybox\n        command: ["sh", "-c", "echo hello from the job"]\n';
    assert.equal((await c.on(`${KC} apply -f -`, job)).code, 0);
    const wait = await c.on(`${KC} wait --for=condition=complete job/hello --timeout=10s`);
    assert.equal(wait.stdout, 'job.batch/hello condition met\n', wait.stderr);
    assert.match((await c.on(`${KC} get pods -l job-name=hello`)).stdout, /^hello-\w{5}\s+0\/1\s+Completed\s/m);
    assert.equal((await c.on(`${KC} logs -l job-name=hello`)).stdout, 'hello from the job\n');
    const claim = 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: db\nspec:\n  containers:\n  - name: c\n    image: redis\n  volumes:\n  - name: d\n    persistentVolumeClaim:\n      claimName: data\n';
    assert.equal((await c.on(`${KC} apply -f -`, claim)).code, 0);
    assert.match((await c.on(`${KC} get pods db`)).stdout, /^db\s+0\/1\s+Pending\s/m);
    assert.match((await c.on(`${KC} get pvc data`)).stdout, /^data\s+Pending\s/m);
  });
});

describe('CronJobs', () => {
  it('cron schedules: steps, ranges, lists, macros; day of month or day of week', () => {
    const at = (iso: string) => new Date(iso);
    assert.equal(parseCron('*/15 * * * *')?.(at('2026-01-05T10:30:00Z')), true);
    assert.equal(parseCron('*/15 * * * *')?.(at('2026-01-05T10:31:00Z')), false);
    assert.equal(parseCron('0 9-17 * * 1-5')?.(at('2026-01-05T09:00:00Z')), true, 'a Monday at 9');
    assert.equal(parseCron('0 9-17 * * 1-5')?.(at('2026-01-04T09:00:00Z')), false, 'a Sunday');
    assert.equal(parseCron('@hourly')?.(at('2026-01-05T10:00:00Z')), true);
    assert.equal(parseCron('0 0 1 * 0')?.(at('2026-01-04T00:00:00Z')), true, 'day of month or day of week');
    assert.equal(parseCron('61 * * * *'), undefined);
  });

  it('a Job per scheduled minute, named after it; history limits', () => {
    const a = api();
    const cjTp = a.type('batch', 'cronjobs');
    const created = Date.parse('2026-01-05T10:00:30Z');
    const cj = new KubeApi(a.store, { serviceSubnet: '10.96.0.0/12', now: () => created }).create(cjTp, 'default', {
      metadata: { name: 'tick' },
      spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['date'] }] } } } } },
    });
    const ctx = (now: number): ControllerCtx => ({ api: a, now, rec: {} as never, dir: {} as never, pace: { delayMs: () => 0 }, state: {}, second: 0, t: (g, p) => a.type(g, p), wake: () => {}, evict: () => {}, event: (inv, type, reason, msg, src, fp) => recordEvent(a, now, inv, type, reason, msg, src, fp) });
    cronJobs(ctx(created + 10_000));
    assert.equal(a.list(a.type('batch', 'jobs'), 'default').length, 0, 'nothing before the first scheduled minute');
    cronJobs(ctx(Date.parse('2026-01-05T10:01:02Z')));
    const jobs = a.list(a.type('batch', 'jobs'), 'default');
    assert.deepEqual(jobs.map((j) => j.metadata.name), [`tick-${Date.parse('2026-01-05T10:01:00Z') / 60_000}`]);
    assert.equal(jobs[0]?.metadata.ownerReferences?.[0]?.uid, cj.metadata.uid);
    const cur = a.get(cjTp, 'default', 'tick');
    assert.equal(cur.status.lastScheduleTime, '2026-01-05T10:01:00Z');
    assert.equal(cur.status.active.length, 1);
  });
});
