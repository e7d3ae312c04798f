// `kubectl exec` into a simulated container: a filesystem laid out like the image's (Debian-based
// nginx/httpd/..., Alpine, BusyBox; distroless images have no shell or tools), the pod's mounts
// (service account token, ConfigMaps and Secrets), /etc/hostname, hosts and resolv.conf, the
// environment a container gets (its env, the services' variables), and the shell and tools of
// the node simulator (shell.ts, commands/basic.ts) with a container's program set. Each
// container keeps its filesystem while the sandbox runs.
import { randomBytes } from 'node:crypto';
import type { CommandFn, ExecIO, NodeDirectory } from '../command-types';
import type { NodeState } from '../node-state';
import type { NodePace } from '../types';
import { SimNode } from '../sim-node';
import { VirtualFs } from '../vfs';
import { basicCommands } from '../commands/basic';
import type { KubeApi } from './api';
import { pullImage, type ImageFamily } from './images';
import type { KObj } from './types';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

const ROOT_DIRS = ['bin', 'boot', 'dev', 'etc', 'home', 'lib', 'media', 'mnt', 'opt', 'proc', 'root', 'run', 'sbin', 'srv', 'sys', 'tmp', 'usr', 'var'];

function baseFs(family: ImageFamily, repo: string): VirtualFs {
  const fs = new VirtualFs();
  if (family === 'distroless') return fs;
  for (const d of ROOT_DIRS) fs.mkdirp(`/${d}`);
  fs.mkdirp('/usr/local/bin');
  fs.mkdirp('/var/log');
  fs.mkdirp('/var/cache');
  fs.writeFile('/etc/passwd', 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n');
  fs.writeFile('/etc/group', 'root:x:0:\nnogroup:x:65534:\n');
  if (family === 'debian') {
    fs.mkdirp('/lib64');
    fs.writeFile('/etc/os-release', 'PRETTY_NAME="Debian GNU/Linux 13 (trixie)"\nNAME="Debian GNU/Linux"\nVERSION_ID="13"\nVERSION="13 (trixie)"\nVERSION_CODENAME=trixie\nID=debian\nHOME_URL="https://www.debian.org/"\n');
    fs.writeFile('/etc/debian_version', '13.1\n');
  } else {
    fs.writeFile('/etc/os-release', family === 'alpine' ? 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.22.2\nPRETTY_NAME="Alpine Linux v3.22"\nHOME_URL="https://alpinelinux.org/"\n' : 'NAME="BusyBox"\nID=busybox\n');
    if (family === 'alpine') fs.writeFile('/etc/alpine-release', '3.22.2\n');
  }
  if (repo === 'nginx') {
    fs.writeFile('/docker-entrypoint.sh', '#!/bin/sh\n# vim:sw=4:ts=4:et\n\nset -e\n', { mode: 0o775 });
    for (const f of ['10-listen-on-ipv6-by-default.sh', '15-local-resolvers.envsh', '20-envsubst-on-templates.sh', '30-tune-worker-processes.sh']) fs.writeFile(`/docker-entrypoint.d/${f}`, '#!/bin/sh\n', { mode: 0o775 });
    fs.writeFile('/etc/nginx/nginx.conf', '\nuser  nginx;\nworker_processes  auto;\n\nerror_log  /var/log/nginx/error.log notice;\npid        /run/nginx.pid;\n\n\nevents {\n    worker_connections  1024;\n}\n\n\nhttp {\n    include       /etc/nginx/mime.types;\n    default_type  application/octet-stream;\n\n    log_format  main  \'$remote_addr - $remote_user [$time_local] "$request" \'\n                      \'$status $body_bytes_sent "$http_referer" \'\n                      \'"$http_user_agent" "$http_x_forwarded_for"\';\n\n    access_log  /var/log/nginx/access.log  main;\n\n    sendfile        on;\n    #tcp_nopush     on;\n\n    keepalive_timeout  65;\n\n    #gzip  on;\n\n    include /etc/nginx/conf.d/*.conf;\n}\n');
    fs.writeFile('/etc/nginx/conf.d/default.conf', 'server {\n    listen       80;\n    listen  [::]:80;\n    server_name  localhost;\n\n    location / {\n        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n    }\n\n    error_page   500 502 503 504  /50x.html;\n    location = /50x.html {\n        root   /usr/share/nginx/html;\n    }\n}\n');
    fs.writeFile('/etc/nginx/mime.types', '\ntypes {\n    text/html                                        html htm shtml;\n    text/css                                         css;\n}\n');
    fs.writeFile('/usr/share/nginx/html/index.html', '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, nginx is successfully installed and working.</p>\n</body>\n</html>\n');
    fs.writeFile('/usr/share/nginx/html/50x.html', '<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n');
    fs.symlink('/var/log/nginx/access.log', '/dev/stdout');
    fs.symlink('/var/log/nginx/error.log', '/dev/stderr');
    fs.mkdirp('/var/cache/nginx');
  }
  if (repo === 'httpd') {
    fs.writeFile('/usr/local/apache2/htdocs/index.html', '<html><body><h1>It works!</h1></body></html>\n');
    fs.writeFile('/usr/local/apache2/conf/httpd.conf', 'ServerRoot "/usr/local/apache2"\nListen 80\n');
  }
  return fs;
}

function resolveEnv(api: KubeApi, pod: KObj, c: Any): Record<string, string> {
  const ns = pod.metadata.namespace as string;
  const env: Record<string, string> = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOSTNAME: pod.spec?.hostname ?? (pod.metadata.name as string),
    HOME: '/root',
  };
  // Service environment variables, as the kubelet sets them for the services of the pod's namespace.
  if (pod.spec?.enableServiceLinks !== false) {
    const services = [...api.list(api.type('', 'services'), ns), ...(ns === 'default' ? [] : api.list(api.type('', 'services'), 'default').filter((s) => s.metadata.name === 'kubernetes'))];
    for (const s of services) {
      const ip = s.spec?.clusterIP;
      if (!ip || ip === 'None') continue;
      const name = String(s.metadata.name).toUpperCase().replace(/-/g, '_');
      const ports = (s.spec?.ports ?? []) as Any[];
      if (!ports.length) continue;
      env[`${name}_SERVICE_HOST`] = ip;
      env[`${name}_SERVICE_PORT`] = String(ports[0].port);
      for (const p of ports) if (p.name) env[`${name}_SERVICE_PORT_${String(p.name).toUpperCase().replace(/-/g, '_')}`] = String(p.port);
      env[`${name}_PORT`] = `${String(ports[0].protocol ?? 'TCP').toLowerCase()}://${ip}:${ports[0].port}`;
      for (const p of ports) {
        const proto = String(p.protocol ?? 'TCP');
        const k = `${name}_PORT_${p.port}_${proto}`;
        env[k] = `${proto.toLowerCase()}://${ip}:${p.port}`;
        env[`${k}_PROTO`] = proto.toLowerCase();
        env[`${k}_PORT`] = String(p.port);
        env[`${k}_ADDR`] = ip;
      }
    }
  }
  for (const e of (c.env ?? []) as Any[]) {
    if (e.value !== undefined) env[e.name] = String(e.value).replace(/\$\((\w+)\)/g, (m: string, v: string) => env[v] ?? m);
    else if (e.valueFrom?.fieldRef) {
      const path = String(e.valueFrom.fieldRef.fieldPath);
      const v: Record<string, string | undefined> = { 'metadata.name': pod.metadata.name, 'metadata.namespace': ns, 'metadata.uid': pod.metadata.uid, 'spec.nodeName': pod.spec?.nodeName, 'spec.serviceAccountName': pod.spec?.serviceAccountName, 'status.podIP': pod.status?.podIP, 'status.hostIP': pod.status?.hostIP };
      env[e.name] = v[path] ?? '';
    } else if (e.valueFrom?.configMapKeyRef) {
      const cm = api.find(api.type('', 'configmaps'), ns, e.valueFrom.configMapKeyRef.name);
      env[e.name] = String((cm?.data as Record<string, string> | undefined)?.[e.valueFrom.configMapKeyRef.key] ?? '');
    } else if (e.valueFrom?.secretKeyRef) {
      const sec = api.find(api.type('', 'secrets'), ns, e.valueFrom.secretKeyRef.name);
      const b = (sec?.data as Record<string, string> | undefined)?.[e.valueFrom.secretKeyRef.key];
      env[e.name] = b ? Buffer.from(b, 'base64').toString('utf8') : '';
    }
  }
  for (const from of (c.envFrom ?? []) as Any[]) {
    const cm = from.configMapRef ? api.find(api.type('', 'configmaps'), ns, from.configMapRef.name) : undefined;
    const sec = from.secretRef ? api.find(api.type('', 'secrets'), ns, from.secretRef.name) : undefined;
    for (const [k, v] of Object.entries((cm?.data as Record<string, string>) ?? {})) env[`${from.prefix ?? ''}${k}`] = v;
    for (const [k, v] of Object.entries((sec?.data as Record<string, string>) ?? {})) env[`${from.prefix ?? ''}${k}`] = Buffer.from(v, 'base64').toString('utf8');
  }
  return env;
}

function mountVolumes(fs: VirtualFs, api: KubeApi, pod: KObj, c: Any, caPem: string): void {
  const ns = pod.metadata.namespace as string;
  const vols = new Map(((pod.spec?.volumes ?? []) as Any[]).map((v) => [v.name, v]));
  for (const m of (c.volumeMounts ?? []) as Any[]) {
    const v = vols.get(m.name);
    const at = String(m.mountPath).replace(/\/$/, '');
    if (!v) continue;
    fs.mkdirp(at);
    const put = (name: string, data: string | Buffer) => fs.writeFile(`${at}/${name}`, data);
    if (v.projected) {
      for (const s of v.projected.sources ?? []) {
        if (s.serviceAccountToken) put(s.serviceAccountToken.path ?? 'token', `eyJhbGciOiJSUzI1NiIsImtpZCI6ImZsYXRrdWJlLXNhbmRib3gifQ.${Buffer.from(JSON.stringify({ sub: `system:serviceaccount:${ns}:${pod.spec?.serviceAccountName ?? 'default'}` })).toString('base64url')}.${randomBytes(32).toString('base64url')}`);
        if (s.configMap?.name === 'kube-root-ca.crt') put('ca.crt', caPem);
        if (s.downwardAPI) put('namespace', ns);
      }
    } else if (v.configMap) {
      const cm = api.find(api.type('', 'configmaps'), ns, v.configMap.name);
      const items: Any[] | undefined = v.configMap.items;
      for (const [k, val] of Object.entries((cm?.data as Record<string, string>) ?? {})) {
        const item = items?.find((i) => i.key === k);
        if (items && !item) continue;
        put(item?.path ?? k, val);
      }
    } else if (v.secret) {
      const sec = api.find(api.type('', 'secrets'), ns, v.secret.secretName);
      for (const [k, val] of Object.entries((sec?.data as Record<string, string>) ?? {})) put(k, Buffer.from(val, 'base64'));
    }
  }
}

const env: CommandFn = async (_args, ctx) => {
  for (const [k, v] of Object.entries(ctx.env)) if (!['PWD', 'USER', '_'].includes(k)) ctx.io.stdout(`${k}=${v}\n`);
  return 0;
};

const printenv: CommandFn = async (args, ctx) => {
  if (args.length === 0) return env(args, ctx);
  let status = 0;
  for (const a of args) {
    if (ctx.env[a] === undefined) status = 1;
    else ctx.io.stdout(`${ctx.env[a]}\n`);
  }
  return status;
};

const sleep: CommandFn = async (args, ctx) => {
  const s = Number(/^(\d+(?:\.\d+)?)/.exec(args[0] ?? '')?.[1] ?? NaN);
  if (Number.isNaN(s)) {
    ctx.io.stderr(`sleep: invalid time interval '${args[0] ?? ''}'\n`);
    return 1;
  }
  await new Promise<void>((r) => {
    const t = setTimeout(r, Math.min(s, 3600) * 1000);
    ctx.io.signal.addEventListener('abort', () => {
      clearTimeout(t);
      r();
    });
  });
  return 0;
};

const date: CommandFn = async (_a, ctx) => {
  ctx.io.stdout(new Date().toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1 $3 $2 $5 UTC $4') + '\n');
  return 0;
};

function programsFor(family: ImageFamily, repo: string): Record<string, CommandFn> {
  if (family === 'distroless') return {};
  const { hostname, cat, echo, ls, mkdir, rm, test, true: t, false: f, id, uname } = basicCommands as Record<string, CommandFn>;
  const base: Record<string, CommandFn> = { sh: async () => 0, hostname: hostname as CommandFn, cat: cat as CommandFn, echo: echo as CommandFn, ls: ls as CommandFn, mkdir: mkdir as CommandFn, rm: rm as CommandFn, test: test as CommandFn, '[': basicCommands['['] as CommandFn, true: t as CommandFn, false: f as CommandFn, id: id as CommandFn, uname: uname as CommandFn, env, printenv, sleep, date, exit: async (args) => Number(args[0] ?? 0) & 255, whoami: async (_a, ctx) => (ctx.io.stdout('root\n'), 0) };
  if (family === 'debian') base.bash = async () => 0;
  if (repo === 'nginx') {
    base.nginx = async (args, ctx) => {
      if (args.includes('-v')) ctx.io.stderr('nginx version: nginx/1.29.3\n');
      else if (args.includes('-t')) ctx.io.stderr('nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n');
      else ctx.io.stderr('nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)\n');
      return args.includes('-v') || args.includes('-t') ? 0 : 1;
    };
  }
  return base;
}

/** `$VAR` and `${VAR}` outside single quotes, as sh expands them before running a command. */
export function expandVars(script: string, env: Record<string, string>): string {
  let out = '';
  let single = false;
  for (let i = 0; i < script.length; i++) {
    const ch = script[i] as string;
    if (ch === "'" ) single = !single;
    if (ch === '$' && !single) {
      const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*)|(\?))/.exec(script.slice(i));
      if (m && (m[1] || m[2])) {
        out += env[(m[1] ?? m[2]) as string] ?? '';
        i += m[0].length - 1;
        continue;
      }
    }
    out += ch;
  }
  return out;
}

export interface ExecOutcome {
  exitCode: number;
}

/** A container as exec sees it. */
interface Box {
  node: SimNode;
  programs: Record<string, CommandFn>;
  env: Record<string, string>;
}

export class ContainerExec {
  private boxes = new Map<string, Box>();

  constructor(
    private readonly api: KubeApi,
    private readonly caPem: string,
    private readonly dir: NodeDirectory,
    private readonly pace: NodePace,
  ) {}

  private box(pod: KObj, c: Any, containerId: string): Box {
    const key = `${pod.metadata.uid}/${c.name}/${containerId}`;
    let b = this.boxes.get(key);
    if (b) return b;
    const r = pullImage(c.image ?? '');
    const family: ImageFamily = r.ok ? r.family : 'debian';
    const repo = r.ok ? r.ref.repository.replace(/^library\//, '') : '';
    const fs = baseFs(family, repo);
    if (family !== 'distroless') {
      const name = pod.spec?.hostname ?? pod.metadata.name;
      fs.writeFile('/etc/hostname', `${name}\n`);
      const ns = pod.metadata.namespace;
      fs.writeFile('/etc/hosts', `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n${pod.status?.podIP ?? ''}\t${name}\n`);
      fs.writeFile('/etc/resolv.conf', `search ${ns}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n`);
    }
    mountVolumes(fs, this.api, pod, c, this.caPem);
    const state = { schema: 1, vmId: key, name: String(pod.metadata.name), privateIp: pod.status?.podIP ?? '', networkId: '', architecture: 'x64', bootId: '', bootedAt: '', serialLog: [], fs: fs.toJSON(), units: {}, authorizedKeys: [], journal: [] } as NodeState;
    b = { node: new SimNode(state), programs: programsFor(family, repo), env: resolveEnv(this.api, pod, c) };
    this.boxes.set(key, b);
    return b;
  }

  /** Whether `argv[0]` exists in the container; the runtime's error otherwise. */
  check(pod: KObj, container: string, argv: string[]): string | undefined {
    const c = (pod.spec?.containers ?? []).find((x: Any) => x.name === container);
    const st = (pod.status?.containerStatuses ?? []).find((x: Any) => x.name === container);
    const b = this.box(pod, c, st?.containerID ?? '');
    const prog = (argv[0] ?? '').replace(/^.*\//, '');
    if (argv.length === 0) return 'Internal error occurred: error executing command in container: failed to exec in container: failed to create exec: args must not be empty';
    if (!Object.hasOwn(b.programs, prog)) {
      const id = randomBytes(32).toString('hex');
      return `Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${id}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${argv[0]}": executable file not found in $PATH: unknown`;
    }
    return undefined;
  }

  async run(pod: KObj, container: string, argv: string[], io: ExecIO): Promise<ExecOutcome> {
    const c = (pod.spec?.containers ?? []).find((x: Any) => x.name === container);
    const st = (pod.status?.containerStatuses ?? []).find((x: Any) => x.name === container);
    const b = this.box(pod, c, st?.containerID ?? '');
    // The shell expands its variables (the node simulator's parser only knows $HOME).
    const shell = /^(.*\/)?(sh|bash|ash)$/.test(argv[0] ?? '') && argv[1] === '-c' && argv[2] !== undefined;
    const args = shell ? [argv[0] as string, '-c', expandVars(argv[2] as string, b.env), ...argv.slice(3)] : argv;
    if (!this.dir.runAsRoot) throw new Error('exec is not available on this sandbox');
    const code = await this.dir.runAsRoot({ node: b.node, programs: b.programs }, args, io, { ...b.env, PWD: '/' });
    return { exitCode: code };
  }

  /** A file in the container (what its web server would serve). */
  readFile(pod: KObj, container: string, path: string): Buffer | undefined {
    const c = (pod.spec?.containers ?? []).find((x: Any) => x.name === container);
    const st = (pod.status?.containerStatuses ?? []).find((x: Any) => x.name === container);
    if (!c) return undefined;
    return this.box(pod, c, st?.containerID ?? '').node.fs.readFile(path);
  }

  forget(podUid: string): void {
    for (const k of this.boxes.keys()) if (k.startsWith(`${podUid}/`)) this.boxes.delete(k);
  }
}

