// What a simulated container "runs": whether it keeps running (a server), exits (and with which
// code), and what it writes to its log. Taken from the image and the container's command and
// args: nginx, httpd, redis, ... print their real start-up lines and keep running; a shell
// image with no command exits at once (so a Deployment of busybox crash-loops, as it does for
// real); `echo` and `sleep` in a command are honoured; postgres and mysql refuse to start
// without a password. No process runs: the output is generated.
import { parseImage } from './images';
import { KERNEL_VERSION } from '../flatcar-os';

export interface Program {
  /** Milliseconds (in simulated seconds' units: multiply by the pace's second) until it exits; undefined = keeps running. */
  exitAfterSeconds?: number;
  exitCode: number;
  /** Log lines written at start. */
  startup: string[];
}

export interface ContainerLike {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string }[];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** nginx's error-log timestamp: 2025/01/31 10:00:00 */
function nginxTime(t: number): string {
  const d = new Date(t);
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function klog(level: string, t: number, where: string, msg: string): string {
  const d = new Date(t);
  return `${level}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}000       1 ${where}] ${msg}`;
}

function nginxLines(t: number, version: string): string[] {
  const ts = nginxTime(t);
  return [
    '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
    '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
    '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
    '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
    '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
    '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
    '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
    '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
    '/docker-entrypoint.sh: Configuration complete; ready for start up',
    `${ts} [notice] 1#1: using the "epoll" event method`,
    `${ts} [notice] 1#1: nginx/${version}`,
    `${ts} [notice] 1#1: built by gcc 14.2.0 (Debian 14.2.0-19) `,
    `${ts} [notice] 1#1: OS: Linux ${KERNEL_VERSION}`,
    `${ts} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576`,
    `${ts} [notice] 1#1: start worker processes`,
    `${ts} [notice] 1#1: start worker process 29`,
    `${ts} [notice] 1#1: start worker process 30`,
  ];
}

function httpdLines(t: number, podIp: string): string[] {
  const d = new Date(t).toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1 $3 $2 $5.000000 $4');
  return [
    `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${podIp}. Set the 'ServerName' directive globally to suppress this message`,
    `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${podIp}. Set the 'ServerName' directive globally to suppress this message`,
    `[${d}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.65 (Unix) configured -- resuming normal operations`,
    `[${d}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'`,
  ];
}

function redisLines(t: number): string[] {
  const d = new Date(t);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const ts = `${pad(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
  return [
    `1:C ${ts} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo`,
    `1:C ${ts} * Redis version=8.2.2, bits=64, commit=00000000, modified=1, pid=1, just started`,
    `1:C ${ts} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf`,
    `1:M ${ts} * monotonic clock: POSIX clock_gettime`,
    `1:M ${ts} * Running mode=standalone, port=6379.`,
    `1:M ${ts} * Server initialized`,
    `1:M ${ts} * Ready to accept connections tcp`,
  ];
}

/** A command line run by a shell: `echo` lines, `sleep N`, `exit N`, loops. */
function shellProgram(script: string): Program {
  const out: string[] = [];
  let seconds = 0;
  let forever = /\bwhile\s+(true|:)\b|\btail\s+-f\b|\bsleep\s+(inf|infinity)\b/.test(script);
  let code = 0;
  for (const step of script.split(/;|&&|\|\||\n/).map((s) => s.trim())) {
    let m: RegExpExecArray | null;
    if ((m = /^echo\s+(.*)$/.exec(step))) out.push(m[1]!.replace(/^(['"])(.*)\1$/, '$2'));
    else if ((m = /^printf\s+(['"])(.*?)\1/.exec(step))) out.push(...m[2]!.replace(/\\n$/, '').split('\\n'));
    else if ((m = /^sleep\s+(\d+(?:\.\d+)?)([smhd]?)$/.exec(step))) {
      const s = Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as string] ?? 1);
      if (s >= 3600) forever = true;
      else seconds += s;
    } else if ((m = /^exit\s+(\d+)$/.exec(step))) {
      code = Number(m[1]);
      break;
    } else if (/^date\b/.test(step)) out.push(new Date().toUTCString().replace('GMT', 'UTC'));
  }
  if (forever) return { exitCode: 0, startup: out };
  return { exitAfterSeconds: seconds, exitCode: code, startup: out };
}

/** The program of a container. `podIp` and `startedAt` shape its start-up lines. */
export function programOf(c: ContainerLike, opts: { podIp: string; startedAt: number }): Program {
  const ref = parseImage(c.image ?? '');
  const repo = ref?.repository.replace(/^library\//, '') ?? '';
  const tag = ref?.tag ?? 'latest';
  const argv = [...(c.command ?? []), ...(c.args ?? [])];
  const env = new Map((c.env ?? []).map((e) => [e.name, e.value ?? '']));
  if (argv.length > 0) {
    const shIdx = argv.findIndex((a) => a === '-c');
    const isShell = /(^|\/)(sh|bash|ash)$/.test(argv[0] ?? '') && shIdx >= 0;
    if (isShell) return shellProgram(argv.slice(shIdx + 1).join(' '));
    const base = (argv[0] ?? '').replace(/^.*\//, '');
    if (base === 'echo') return { exitAfterSeconds: 0, exitCode: 0, startup: [argv.slice(1).join(' ')] };
    if (base === 'sleep') return shellProgram(argv.join(' '));
    if (base === 'true') return { exitAfterSeconds: 0, exitCode: 0, startup: [] };
    if (base === 'false') return { exitAfterSeconds: 0, exitCode: 1, startup: [] };
    if (base === 'date') return { exitAfterSeconds: 0, exitCode: 0, startup: [new Date(opts.startedAt).toUTCString().replace('GMT', 'UTC')] };
    if (base === 'perl' && argv.join(' ').includes('bpi(')) {
      const digits = Number(/bpi\((\d+)\)/.exec(argv.join(' '))?.[1] ?? 100);
      return { exitAfterSeconds: 8, exitCode: 0, startup: [`3.${'14159265358979323846264338327950288419716939937510'.repeat(Math.ceil(digits / 50)).slice(0, Math.max(1, digits - 1))}`] };
    }
    if (base === 'cp' || base === 'mkdir' || base === 'touch') return { exitAfterSeconds: 0, exitCode: 0, startup: [] };
  }
  switch (repo) {
    case 'nginx':
      return { exitCode: 0, startup: nginxLines(opts.startedAt, /^\d+\.\d+\.\d+/.test(tag) ? (/^\d+\.\d+\.\d+/.exec(tag)?.[0] as string) : '1.29.3') };
    case 'httpd':
      return { exitCode: 0, startup: httpdLines(opts.startedAt, opts.podIp) };
    case 'redis':
      return { exitCode: 0, startup: redisLines(opts.startedAt) };
    case 'postgres':
      if (!env.get('POSTGRES_PASSWORD') && env.get('POSTGRES_HOST_AUTH_METHOD') !== 'trust') {
        return {
          exitAfterSeconds: 0,
          exitCode: 1,
          startup: [
            'Error: Database is uninitialized and superuser password is not specified.',
            '       You must specify POSTGRES_PASSWORD to a non-empty value for the',
            '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".',
          ],
        };
      }
      return { exitCode: 0, startup: ['PostgreSQL init process complete; ready for start up.', `${new Date(opts.startedAt).toISOString().replace('T', ' ').slice(0, 23)} UTC [1] LOG:  database system is ready to accept connections`] };
    case 'mysql':
    case 'mariadb':
      if (![...env.keys()].some((k) => /^(MYSQL|MARIADB)_(ROOT_PASSWORD|ALLOW_EMPTY_PASSWORD|RANDOM_ROOT_PASSWORD|ALLOW_EMPTY_ROOT_PASSWORD)$/.test(k))) {
        return { exitAfterSeconds: 0, exitCode: 1, startup: [`${new Date(opts.startedAt).toISOString().replace(/\.\d+Z$/, '+00:00')} [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified`, '    You need to specify one of the following as an environment variable:', '    - MYSQL_ROOT_PASSWORD', '    - MYSQL_ALLOW_EMPTY_PASSWORD', '    - MYSQL_RANDOM_ROOT_PASSWORD'] };
      }
      return { exitCode: 0, startup: ['[Note] [Entrypoint]: Entrypoint script for MySQL Server started.', '[System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections.'] };
    case 'busybox':
    case 'alpine':
    case 'ubuntu':
    case 'debian':
    case 'python':
    case 'node':
    case 'golang':
    case 'perl':
    case 'e2e-test-images/busybox':
      // Their default command is a shell (or REPL) that exits at once without a terminal.
      return { exitAfterSeconds: 0, exitCode: 0, startup: [] };
    case 'hello-world':
      return { exitAfterSeconds: 0, exitCode: 0, startup: ['', 'Hello from Docker!', 'This message shows that your installation appears to be working correctly.', ''] };
    case 'coredns/coredns':
      return { exitCode: 0, startup: ['.:53', '[INFO] plugin/reload: Running configuration SHA512 = 1b226df79860026c6a52e67daa10d7f0d57ec5b023288ec00c5e05f93523c894564e15b91770d3a07ae1cfbe861d15b37d4a0027e69c546ab112970993a3b03b', `CoreDNS-${tag.replace(/^v/, '')}`, 'linux/amd64, go1.24.1, 707c7c1'] };
    case 'kube-proxy':
      return {
        exitCode: 0,
        startup: [
          klog('I', opts.startedAt, 'server_linux.go:53', '"Using iptables proxy"'),
          klog('I', opts.startedAt, 'server.go:208', `"Successfully retrieved NodeIPs" NodeIPs=["${opts.podIp}"]`),
          klog('I', opts.startedAt, 'server_linux.go:132', '"Using iptables Proxier"'),
          klog('I', opts.startedAt, 'proxier.go:242', '"Setting route_localnet=1 to allow node-ports on localhost; to change this either disable iptables.localhostNodePorts (--iptables-localhost-nodeports) or set nodePortAddresses (--nodeport-addresses) to filter loopback addresses" ipFamily="IPv4"'),
          klog('I', opts.startedAt, 'shared_informer.go:350', '"Caches are synced" controller="service config"'),
          klog('I', opts.startedAt, 'shared_informer.go:350', '"Caches are synced" controller="endpoint slice config"'),
          klog('I', opts.startedAt, 'shared_informer.go:350', '"Caches are synced" controller="node config"'),
        ],
      };
    case 'kube-apiserver':
    case 'kube-controller-manager':
    case 'kube-scheduler':
    case 'etcd':
      return { exitCode: 0, startup: [klog('I', opts.startedAt, 'server.go:150', `"Starting ${repo}" version="${tag}"`), klog('I', opts.startedAt, 'secure_serving.go:213', '"Serving securely on [::]:6443"')] };
  }
  return { exitCode: 0, startup: [] };
}
