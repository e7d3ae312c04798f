/**
 * A first lesson on a sandbox cluster with the real kubectl (issue 20): one cluster created by
 * the engine (1 control plane + 2 workers, Flannel, instant latency), then Debian's
 * /usr/bin/kubectl against its kubeconfig: nodes and system pods, a deployment scaled, rolled
 * out, exposed, its logs, exec into it, port-forward to it, drain/uncordon, apply of a manifest,
 * delete; and the Clusters view's node readiness from the same API.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { get } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { deployCluster } from '../../../electron/services/cluster/engine/deployment';
import { listNodeReadiness } from '../../../electron/services/kube/nodes';
import { EventLog, exampleSpec, FAST_TIMINGS, startEngineFixture, type EngineFixture } from '../engine/engine-fixture';

/** Debian's kubectl (CI installs kubernetes-client); FLATKUBE_TEST_KUBECTL points at another build. */
const KUBECTL = process.env.FLATKUBE_TEST_KUBECTL ?? '/usr/bin/kubectl';
const skip = existsSync(KUBECTL) ? false : `${KUBECTL} is not installed (Debian: apt-get install kubernetes-client)`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello
  labels:
    app: hello
spec:
  replicas: 2
  selector:
    matchLabels:
      app: hello
  template:
    metadata:
      labels:
        app: hello
    spec:
      containers:
      - name: hello
        image: nginx:1.27
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: hello
spec:
  type: NodePort
  selector:
    app: hello
  ports:
  - port: 80
    targetPort: 80
`;

describe('the real kubectl against a sandbox cluster (a first lesson)', { skip }, () => {
  let f: EngineFixture;
  let home: string;
  let kubeconfig: string;
  let kcText: string;

  function kubectl(...args: string[]): Promise<Run> {
    return kubectlWithInput(undefined, ...args);
  }

  function kubectlWithInput(stdin: string | undefined, ...args: string[]): Promise<Run> {
    return new Promise((resolve, reject) => {
      const p = spawn(KUBECTL, args, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, KUBECONFIG: kubeconfig } });
      if (stdin !== undefined) p.stdin.end(stdin);
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => p.kill('SIGKILL'), 60_000);
      p.on('error', reject);
      p.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? -1, stdout, stderr });
      });
    });
  }

  async function ok(...args: string[]): Promise<string> {
    const r = await kubectl(...args);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}\n${r.stdout}${r.stderr}`);
    return r.stdout;
  }

  /** The data rows of a table output, as [column...] split on runs of spaces. */
  function rows(table: string): string[][] {
    return table.trim().split('\n').slice(1).map((l) => l.trim().split(/\s{2,}/));
  }

  before(async () => {
    f = await startEngineFixture();
    const events = new EventLog();
    const r = await deployCluster({ spec: exampleSpec(), env: f.env, arm: f.arm, secrets: f.secrets, store: f.store, emit: events, timings: FAST_TIMINGS });
    assert.equal(r.status, 'succeeded', `${JSON.stringify(r.error)}\n${events.text()}`);
    home = mkdtempSync(join(tmpdir(), 'fk-kubectl-home-'));
    kcText = readFileSync(r.kubeconfigPath as string, 'utf8');
    kubeconfig = join(home, 'kubeconfig');
    writeFileSync(kubeconfig, kcText, { mode: 0o600 });
  });

  after(async () => {
    await f?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('get nodes -o wide: Ready nodes with roles, versions, addresses and OS', async () => {
    const out = await ok('get', 'nodes', '-o', 'wide');
    assert.match(out.split('\n')[0] as string, /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME$/);
    const nodes = rows(out);
    assert.deepEqual(nodes.map((n) => [n[0], n[1], n[2], n[4]]), [
      ['cp-0', 'Ready', 'control-plane', 'v1.35.3'],
      ['worker-0', 'Ready', '<none>', 'v1.35.3'],
      ['worker-1', 'Ready', '<none>', 'v1.35.3'],
    ]);
    for (const n of nodes) {
      assert.match(n[5] as string, /^10\.0\.1\.\d+$/, 'internal IP in the subnet');
      assert.match(n[7] as string, /^Flatcar Container Linux/);
      assert.match(n[9] as string, /^containerd:\/\//);
    }
  });

  it('get pods -A: the kube-system pods of a kubeadm cluster and the CNI, all Running', async () => {
    const pods = rows(await ok('get', 'pods', '-A'));
    const names = pods.map((p) => `${p[0]}/${p[1]}`);
    for (const want of ['kube-system/etcd-cp-0', 'kube-system/kube-apiserver-cp-0', 'kube-system/kube-controller-manager-cp-0', 'kube-system/kube-scheduler-cp-0']) assert.ok(names.includes(want), `${want} in ${names.join(' ')}`);
    assert.equal(names.filter((n) => /^kube-system\/kube-proxy-[a-z0-9]{5}$/.test(n)).length, 3, 'kube-proxy on every node');
    assert.equal(names.filter((n) => /^kube-system\/coredns-[a-z0-9]{10}-[a-z0-9]{5}$/.test(n)).length, 2, 'two CoreDNS replicas');
    assert.equal(names.filter((n) => /^kube-flannel\/kube-flannel-ds-[a-z0-9]{5}$/.test(n)).length, 3, 'flannel on every node');
    // The Azure integration (on by default): the cloud provider's two parts and the disk driver.
    assert.equal(names.filter((n) => /^kube-system\/cloud-node-manager-[a-z0-9]{5}$/.test(n)).length, 3, 'cloud-node-manager on every node');
    assert.equal(names.filter((n) => /^kube-system\/cloud-controller-manager-[a-z0-9]{10}-[a-z0-9]{5}$/.test(n)).length, 1);
    assert.equal(names.filter((n) => /^kube-system\/csi-azuredisk-node-[a-z0-9]{5}$/.test(n)).length, 3, 'the disk driver on every node');
    // Every container of every pod ready (the disk driver's pods have their sidecars: 3/3, 4/4).
    for (const p of pods) {
      assert.match(p[2] as string, /^(\d+)\/\1$/, `${p[1]} all containers ready`);
      assert.equal(p[3], 'Running', p[1]);
    }
  });

  it('create deployment, scale, rollout status, expose, get svc and endpoints', async () => {
    assert.equal(await ok('create', 'deployment', 'web', '--image=nginx'), 'deployment.apps/web created\n');
    assert.equal(await ok('scale', 'deployment', 'web', '--replicas=3'), 'deployment.apps/web scaled\n');
    assert.match(await ok('rollout', 'status', 'deployment/web', '--timeout=60s'), /deployment "web" successfully rolled out\n$/);
    const deploy = rows(await ok('get', 'deployment', 'web'));
    assert.deepEqual(deploy[0]?.slice(0, 4), ['web', '3/3', '3', '3']);
    const pods = rows(await ok('get', 'pods', '-l', 'app=web', '-o', 'wide'));
    assert.equal(pods.length, 3);
    for (const p of pods) {
      assert.match(p[0] as string, /^web-[a-z0-9]{10}-[a-z0-9]{5}$/);
      assert.deepEqual([p[1], p[2]], ['1/1', 'Running']);
      assert.match(p[5] as string, /^10\.244\.\d+\.\d+$/, 'a pod IP from the node\'s podCIDR');
      assert.notEqual(p[6], 'cp-0', 'the control plane taint keeps workloads off cp-0');
    }
    assert.equal(await ok('expose', 'deployment', 'web', '--port=80'), 'service/web exposed\n');
    const svc = rows(await ok('get', 'svc', 'web'));
    assert.equal(svc[0]?.[1], 'ClusterIP');
    assert.match(svc[0]?.[2] as string, /^10\.(9[6-9]|1[01]\d)\.\d+\.\d+$/, 'a cluster IP from the service CIDR');
    assert.deepEqual(svc[0]?.slice(3, 5), ['<none>', '80/TCP']);
    const ep = await ok('get', 'endpoints', 'web');
    assert.match(ep, /10\.244\.\d+\.\d+:80,10\.244\.\d+\.\d+:80,10\.244\.\d+\.\d+:80/);
  });

  it('logs and exec reach the containers (simulated output, kubectl\'s streaming protocols)', async () => {
    const logs = await kubectl('logs', 'deployment/web');
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(logs.stdout, /\/docker-entrypoint\.sh: Configuration complete; ready for start up/);
    assert.match(logs.stdout, /\[notice\] 1#1: start worker processes/);
    const ls = await ok('exec', 'deployment/web', '--', 'ls', '/');
    for (const entry of ['bin', 'docker-entrypoint.sh', 'etc', 'usr', 'var']) assert.ok(ls.split('\n').includes(entry), `${entry} in ls /:\n${ls}`);
    const html = await ok('exec', 'deployment/web', '--', 'cat', '/usr/share/nginx/html/index.html');
    assert.match(html, /<title>Welcome to nginx!<\/title>/);
    const fail = await kubectl('exec', 'deployment/web', '--', 'sh', '-c', 'echo from $HOSTNAME; exit 3');
    assert.equal(fail.code, 3, 'the command\'s exit status comes back');
    assert.match(fail.stdout, /^from web-[a-z0-9]{10}-[a-z0-9]{5}\n$/);
    assert.match(fail.stderr, /command terminated with exit code 3/);
    // An interactive shell (-i) reads its commands from stdin, `cd` and `exit` included.
    const shell = await kubectlWithInput('cd /etc/nginx\npwd\nls conf.d\nexit 4\n', 'exec', '-i', 'deployment/web', '--', 'sh');
    assert.equal(shell.code, 4, shell.stderr);
    assert.equal(shell.stdout, '/etc/nginx\ndefault.conf\n');
  });

  it('port-forward reaches the simulated nginx (the page exec changed), its access log shows the request', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    // The service picks one of the three pods: make them all serve the same page first.
    const pods = rows(await ok('get', 'pods', '-l', 'app=web')).map((p) => p[0] as string);
    for (const pod of pods) await ok('exec', pod, '--', 'sh', '-c', 'echo "<h1>Hello from my first pod</h1>" > /usr/share/nginx/html/index.html');
    const pf = spawn(KUBECTL, ['port-forward', 'service/web', `${port}:80`], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, KUBECONFIG: kubeconfig } });
    try {
      await new Promise<void>((resolve, reject) => {
        let seen = '';
        const t = setTimeout(() => reject(new Error(`port-forward did not start: ${seen}`)), 20_000);
        pf.stdout.on('data', (d: Buffer) => {
          seen += d.toString();
          if (seen.includes('Forwarding from 127.0.0.1')) {
            clearTimeout(t);
            resolve();
          }
        });
        pf.stderr.on('data', (d: Buffer) => (seen += d.toString()));
      });
      const page = await new Promise<{ status: number; server: string; body: string }>((resolve, reject) => {
        get({ host: '127.0.0.1', port, path: '/', headers: { 'user-agent': 'lesson/1.0' } }, (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, server: String(res.headers.server), body }));
        }).on('error', reject);
      });
      assert.deepEqual(page, { status: 200, server: 'nginx/1.29.3', body: '<h1>Hello from my first pod</h1>\n' });
    } finally {
      pf.kill();
    }
    const logs = (await Promise.all(pods.map((p) => ok('logs', p)))).join('');
    assert.match(logs, /^127\.0\.0\.1 - - \[[^\]]+\] "GET \/ HTTP\/1\.1" 200 33 "-" "lesson\/1\.0" "-"$/m);
  });

  it('drain evicts a worker\'s pods onto the other, uncordon makes it schedulable again', async () => {
    const drain = await kubectl('drain', 'worker-0', '--ignore-daemonsets');
    assert.equal(drain.code, 0, drain.stderr);
    assert.match(drain.stdout, /node\/worker-0 cordoned/);
    assert.match(drain.stdout, /node\/worker-0 (drained|evicted)/);
    const nodes = rows(await ok('get', 'nodes'));
    assert.equal(nodes.find((n) => n[0] === 'worker-0')?.[1], 'Ready,SchedulingDisabled');
    assert.match(await ok('rollout', 'status', 'deployment/web', '--timeout=60s'), /successfully rolled out/);
    const pods = rows(await ok('get', 'pods', '-l', 'app=web', '-o', 'wide'));
    assert.equal(pods.length, 3);
    assert.ok(pods.every((p) => p[6] === 'worker-1' && p[2] === 'Running'), pods.map((p) => p.join(' ')).join('\n'));
    assert.match(await ok('uncordon', 'worker-0'), /node\/worker-0 uncordoned/);
    assert.equal(rows(await ok('get', 'nodes')).find((n) => n[0] === 'worker-0')?.[1], 'Ready');
  });

  it('apply -f of a Deployment and a Service: created, then unchanged, then configured', async () => {
    const file = join(home, 'hello.yaml');
    writeFileSync(file, MANIFEST);
    assert.equal(await ok('apply', '-f', file), 'deployment.apps/hello created\nservice/hello created\n');
    assert.equal(await ok('apply', '-f', file), 'deployment.apps/hello unchanged\nservice/hello unchanged\n');
    writeFileSync(file, MANIFEST.replace('replicas: 2', 'replicas: 3'));
    assert.equal(await ok('apply', '-f', file), 'deployment.apps/hello configured\nservice/hello unchanged\n');
    assert.match(await ok('rollout', 'status', 'deployment/hello', '--timeout=60s'), /successfully rolled out/);
    const svc = rows(await ok('get', 'svc', 'hello'));
    assert.equal(svc[0]?.[1], 'NodePort');
    assert.match(svc[0]?.[4] as string, /^80:3\d{4}\/TCP$/);
    assert.equal(rows(await ok('get', 'pods', '-l', 'app=hello')).length, 3);
  });

  it('an image that does not exist: ErrImagePull, then ImagePullBackOff, with the kubelet\'s events', async () => {
    await ok('create', 'deployment', 'typo', '--image=nginxx');
    let status = '';
    for (let i = 0; i < 50 && !/ImagePullBackOff|ErrImagePull/.test(status); i++) {
      status = rows(await ok('get', 'pods', '-l', 'app=typo'))[0]?.[2] ?? '';
      if (!/ImagePullBackOff|ErrImagePull/.test(status)) await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(status, /^(ErrImagePull|ImagePullBackOff)$/);
    const described = await ok('describe', 'pods', '-l', 'app=typo');
    assert.match(described, /Failed to pull image "nginxx": .*pull access denied, repository does not exist or may require authorization/);
    await ok('delete', 'deployment', 'typo');
  });

  it('delete takes the deployment, its replica sets and pods (garbage collection)', async () => {
    assert.equal(await ok('delete', 'deployment', 'web'), 'deployment.apps "web" deleted\n');
    assert.equal(await ok('delete', 'service', 'web'), 'service "web" deleted\n');
    const left = await kubectl('get', 'pods,rs', '-l', 'app=web');
    assert.equal(left.code, 0);
    assert.equal(left.stdout, '');
    assert.match(left.stderr, /No resources found in default namespace/);
  });

  it('the Clusters view reads node readiness from the same API', async () => {
    const nodes = await listNodeReadiness(kcText);
    assert.deepEqual(nodes.map((n) => [n.name, n.ready]).sort(), [['cp-0', true], ['worker-0', true], ['worker-1', true]]);
  });
});
