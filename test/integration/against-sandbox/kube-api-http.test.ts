/**
 * The simulated Kubernetes API over HTTPS (issue 20), without kubectl: discovery (legacy and
 * aggregated), OpenAPI, the Status bodies of errors, resourceVersion conflicts, every patch
 * format, selectors and paging, Tables, watch; and the cluster's objects surviving a restart
 * of the node host with the same state dir (controllers carry on where they stopped).
 */
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createNodeHost, type SandboxNodeHost } from '@flatkube/sandbox/testing';
import { kubeAccess, type KubeAccess } from '../../../electron/services/kube/kubeconfig';
import { b64, connect, exec, fixtureInternet, ignition, initYaml, instantPace, keyPair } from '@flatkube/sandbox/testing';

const NET = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/http';
const KC = 'sudo kubectl --kubeconfig=/etc/kubernetes/admin.conf';
const FLANNEL = 'https://github.com/flannel-io/flannel/releases/download/v0.28.9/kube-flannel.yml';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

describe('the simulated Kubernetes API over HTTPS', () => {
  let dir: string;
  let host: SandboxNodeHost;
  let access: KubeAccess;
  let port = 0;
  const user = keyPair();
  const hostKey = keyPair();

  function call(method: string, path: string, opts: { body?: unknown; contentType?: string; accept?: string } = {}): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const data = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      const req = request(
        { host: '127.0.0.1', port, path, method, ca: access.caPem, cert: access.certPem, key: access.keyPem, servername: 'localhost', agent: false, headers: { accept: opts.accept ?? 'application/json', ...(data !== undefined ? { 'content-type': opts.contentType ?? 'application/json' } : {}) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown;
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
          });
        },
      );
      req.on('error', reject);
      if (data !== undefined) req.write(data);
      req.end();
    });
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fk-kube-http-'));
    host = createNodeHost({ internet: fixtureInternet(), stateDir: dir, pace: instantPace });
    const r = await host.boot({ vmId: 'vm-cp', name: 'cp-0', privateIp: '10.0.0.4', networkId: NET, architecture: 'x64', customDataBase64: b64(ignition({ hostname: 'cp-0', hostKey, authorizedKeys: [user.public], initYaml: initYaml({ ip: '10.0.0.4' }) })) });
    assert.equal(r.ok, true, r.ok ? '' : r.serialLog);
    const ssh = await connect(host.endpoint('vm-cp')?.sshPort ?? 0, user, hostKey.public);
    try {
      assert.equal((await exec(ssh, 'sudo kubeadm init --config /etc/kubeadm/init.yaml')).code, 0);
      assert.equal((await exec(ssh, `${KC} apply -f ${FLANNEL}`)).code, 0);
      access = kubeAccess((await exec(ssh, 'sudo cat /etc/kubernetes/admin.conf')).stdout);
    } finally {
      ssh.end();
    }
    port = host.endpoint('vm-cp')?.apiServerPort ?? 0;
  });

  after(async () => {
    await host?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('discovery: /version, legacy documents, aggregated discovery as client-go asks for it', async () => {
    const v = await call('GET', '/version');
    assert.equal((v.json as { gitVersion: string }).gitVersion, 'v1.36.1');
    const legacy = await call('GET', '/api/v1');
    const resources = (legacy.json as { resources: { name: string; group?: string; version?: string; kind: string; verbs: string[] }[] }).resources;
    assert.deepEqual(resources.find((x) => x.name === 'pods/eviction'), { name: 'pods/eviction', singularName: '', namespaced: true, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] });
    assert.deepEqual(resources.find((x) => x.name === 'pods')?.verbs, ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']);
    const groups = (await call('GET', '/apis')).json as { groups: { name: string; preferredVersion: { groupVersion: string } }[] };
    assert.equal(groups.groups.find((g) => g.name === 'autoscaling')?.preferredVersion.groupVersion, 'autoscaling/v2');
    const agg = await call('GET', '/apis', { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' });
    assert.equal(agg.headers['content-type'], 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    const apps = (agg.json as { items: { metadata: { name: string }; versions: { version: string; resources: { resource: string; subresources?: { subresource: string }[] }[] }[] }[] }).items.find((i) => i.metadata.name === 'apps');
    assert.deepEqual(apps?.versions[0]?.resources.find((r) => r.resource === 'deployments')?.subresources?.map((s) => s.subresource), ['scale', 'status']);
  });

  it('OpenAPI: v2 in protobuf for old kubectl, v3 documents that let the server validate', async () => {
    const v2 = await call('GET', '/openapi/v2', { accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' });
    assert.equal(v2.status, 200);
    assert.equal(v2.headers['content-type'], 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    const root = (await call('GET', '/openapi/v3')).json as { paths: Record<string, { serverRelativeURL: string }> };
    const appsUrl = root.paths['apis/apps/v1']?.serverRelativeURL as string;
    assert.match(appsUrl, /^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]+$/);
    const doc = (await call('GET', appsUrl)).json as { paths: Record<string, { patch?: { parameters: { name: string }[]; 'x-kubernetes-group-version-kind': unknown } }> };
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']?.patch;
    assert.deepEqual(patch?.['x-kubernetes-group-version-kind'], { group: 'apps', version: 'v1', kind: 'Deployment' });
    assert.ok(patch?.parameters.some((p) => p.name === 'fieldValidation'));
  });

  it('errors are Status objects as kube-apiserver shapes them; a stale resourceVersion conflicts', async () => {
    const missing = await call('GET', '/api/v1/namespaces/default/configmaps/nope');
    assert.deepEqual([missing.status, missing.json], [404, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'configmaps "nope" not found', reason: 'NotFound', details: { name: 'nope', kind: 'configmaps' }, code: 404 }]);
    const created = await call('POST', '/api/v1/namespaces/default/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', labels: { app: 'lesson' } }, data: { color: 'blue' } } });
    assert.equal(created.status, 201);
    const cm = created.json as { metadata: { resourceVersion: string; uid: string; creationTimestamp: string } };
    assert.match(cm.metadata.uid, /^[0-9a-f-]{36}$/);
    const again = await call('POST', '/api/v1/namespaces/default/configmaps', { body: { metadata: { name: 'settings' } } });
    assert.deepEqual([again.status, (again.json as { reason: string }).reason, (again.json as { message: string }).message], [409, 'AlreadyExists', 'configmaps "settings" already exists']);
    const put = await call('PUT', '/api/v1/namespaces/default/configmaps/settings', { body: { ...(created.json as object), data: { color: 'green' } } });
    assert.equal(put.status, 200);
    const stale = await call('PUT', '/api/v1/namespaces/default/configmaps/settings', { body: { ...(created.json as object), data: { color: 'red' } } });
    assert.deepEqual([stale.status, (stale.json as { reason: string }).reason], [409, 'Conflict']);
    const invalid = await call('POST', '/apis/apps/v1/namespaces/default/deployments', { body: { metadata: { name: 'Bad_Name' }, spec: {} } });
    assert.equal(invalid.status, 422);
    assert.match((invalid.json as { message: string }).message, /^Deployment\.apps "Bad_Name" is invalid: \[metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
  });

  it('patches: merge, JSON patch, strategic merge, server-side apply', async () => {
    const base = '/api/v1/namespaces/default/configmaps/settings';
    const merge = await call('PATCH', base, { body: { data: { size: 'L' } }, contentType: 'application/merge-patch+json' });
    assert.deepEqual((merge.json as { data: unknown }).data, { color: 'green', size: 'L' });
    const json = await call('PATCH', base, { body: [{ op: 'remove', path: '/data/size' }], contentType: 'application/json-patch+json' });
    assert.deepEqual((json.json as { data: unknown }).data, { color: 'green' });
    const smp = await call('PATCH', base, { body: { metadata: { labels: { tier: 'web' } } }, contentType: 'application/strategic-merge-patch+json' });
    assert.deepEqual((smp.json as { metadata: { labels: unknown } }).metadata.labels, { app: 'lesson', tier: 'web' });
    const applied = await call('PATCH', '/api/v1/namespaces/default/configmaps/ssa?fieldManager=lesson', { body: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  k: v\n', contentType: 'application/apply-patch+yaml' });
    assert.equal(applied.status, 201, applied.text);
    const unsupported = await call('PATCH', base, { body: {}, contentType: 'text/plain' });
    assert.equal(unsupported.status, 415);
  });

  it('lists: selectors, paging with continue tokens, Tables with the usual columns', async () => {
    const byLabel = (await call('GET', '/api/v1/namespaces/default/configmaps?labelSelector=app%3Dlesson')).json as { items: { metadata: { name: string } }[] };
    assert.deepEqual(byLabel.items.map((i) => i.metadata.name), ['settings']);
    const system = (await call('GET', '/api/v1/pods?fieldSelector=metadata.namespace%3Dkube-system,status.phase%3DRunning')).json as { items: unknown[] };
    assert.ok(system.items.length >= 5, 'the control plane and kube-proxy run');
    const page1 = (await call('GET', '/api/v1/namespaces/kube-system/configmaps?limit=2')).json as { metadata: { continue?: string; remainingItemCount?: number }; items: { metadata: { name: string } }[] };
    assert.equal(page1.items.length, 2);
    assert.ok(page1.metadata.continue);
    const page2 = (await call('GET', `/api/v1/namespaces/kube-system/configmaps?limit=2&continue=${page1.metadata.continue}`)).json as { items: { metadata: { name: string } }[] };
    assert.ok(page2.items.every((i) => !page1.items.some((p) => p.metadata.name === i.metadata.name)));
    const table = (await call('GET', '/api/v1/nodes', { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' })).json as { kind: string; columnDefinitions: { name: string; priority: number }[]; rows: { cells: unknown[]; object: { kind: string } }[] };
    assert.equal(table.kind, 'Table');
    assert.deepEqual(table.columnDefinitions.map((c) => `${c.name}${c.priority ? '*' : ''}`), ['Name', 'Status', 'Roles', 'Age', 'Version', 'Internal-IP*', 'External-IP*', 'OS-Image*', 'Kernel-Version*', 'Container-Runtime*']);
    assert.deepEqual(table.rows[0]?.cells.slice(0, 3), ['cp-0', 'Ready', 'control-plane']);
    assert.equal(table.rows[0]?.object.kind, 'PartialObjectMetadata');
  });

  it('watch: chunked JSON events from a resourceVersion', async () => {
    const list = (await call('GET', '/api/v1/namespaces/default/configmaps')).json as { metadata: { resourceVersion: string } };
    const events: { type: string; object: { metadata: { name: string } } }[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: `/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${list.metadata.resourceVersion}&timeoutSeconds=5`, ca: access.caPem, cert: access.certPem, key: access.keyPem, servername: 'localhost', agent: false },
        (res) => {
          assert.equal(res.headers['transfer-encoding'], 'chunked');
          let buf = '';
          res.on('data', (c: Buffer) => {
            buf += c.toString();
            const lines = buf.split('\n');
            buf = lines.pop() ?? '';
            for (const l of lines) if (l.trim()) events.push(JSON.parse(l));
            if (events.some((e) => e.type === 'DELETED')) {
              req.destroy();
              resolve();
            }
          });
          res.on('end', resolve);
        },
      );
      req.on('error', (e) => (events.some((x) => x.type === 'DELETED') ? resolve() : reject(e)));
      req.end();
    });
    await new Promise((r) => setTimeout(r, 100));
    await call('POST', '/api/v1/namespaces/default/configmaps', { body: { metadata: { name: 'watched' } } });
    await call('DELETE', '/api/v1/namespaces/default/configmaps/watched');
    await done;
    assert.deepEqual(events.map((e) => `${e.type} ${e.object.metadata.name}`), ['ADDED watched', 'DELETED watched']);
  });

  it('keeps the cluster across a restart of the node host with the same state dir', async () => {
    const created = await call('POST', '/apis/apps/v1/namespaces/default/deployments', {
      body: { metadata: { name: 'web' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }], containers: [{ name: 'web', image: 'nginx' }] } } } },
    });
    assert.equal(created.status, 201, created.text);
    let available = 0;
    for (let i = 0; i < 50 && available < 2; i++) {
      available = ((await call('GET', '/apis/apps/v1/namespaces/default/deployments/web')).json as { status: { availableReplicas?: number } }).status.availableReplicas ?? 0;
      if (available < 2) await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(available, 2);
    const before = (await call('GET', '/api/v1/namespaces/default/pods?labelSelector=app%3Dweb')).json as { metadata: { resourceVersion: string }; items: { metadata: { name: string } }[] };
    await host.close();
    host = createNodeHost({ internet: fixtureInternet(), stateDir: dir, pace: instantPace });
    await host.restored;
    port = host.endpoint('vm-cp')?.apiServerPort ?? 0;
    assert.ok(port > 0, 'the API server is back (on a new port)');
    const d = (await call('GET', '/apis/apps/v1/namespaces/default/deployments/web')).json as { status: { availableReplicas: number } };
    assert.equal(d.status.availableReplicas, 2);
    const after = (await call('GET', '/api/v1/namespaces/default/pods?labelSelector=app%3Dweb')).json as { metadata: { resourceVersion: string }; items: { metadata: { name: string }; status: { phase: string } }[] };
    assert.deepEqual(after.items.map((p) => p.metadata.name).sort(), before.items.map((p) => p.metadata.name).sort(), 'the same pods');
    assert.ok(after.items.every((p) => p.status.phase === 'Running'));
    assert.ok(Number(after.metadata.resourceVersion) >= Number(before.metadata.resourceVersion), 'resourceVersions continue');
    const cm = (await call('GET', '/api/v1/namespaces/default/configmaps/settings')).json as { data: unknown };
    assert.deepEqual(cm.data, { color: 'green' });
  });
});
