// pods/portforward as kubectl drives it: SPDY/3.1 streams (directly after the HTTP upgrade, or
// tunnelled through a WebSocket as kubectl >= 1.31 does), one error and one data stream per
// forwarded connection, matched by their requestID header. Behind the data stream answers what
// the simulated container "runs": nginx and httpd serve HTTP from the container's filesystem
// (what `kubectl exec` shows, edits included) and log each request as they do; any other port
// is refused as the kubelet reports it. Nothing else is reachable: there are no real processes.
import { createHash, randomBytes } from 'node:crypto';
import { parseImage } from './images';
import type { SpdyConnection } from './spdy';
import type { KObj } from './types';

/** What a forwarded connection talks to. */
export interface TcpPeer {
  write(data: Buffer): void;
  end(): void;
}

export interface PortForwardBackend {
  /** The container file a web server would serve (undefined: none). */
  containerFile(pod: KObj, container: string, path: string): Buffer | undefined;
  /** Appends a line to a container's log (an access log entry). */
  appendLog(pod: KObj, container: string, line: string): void;
}

const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function accessTime(d: Date): string {
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

interface WebServer {
  container: string;
  server: string;
  root: string;
  index: string;
  notFound(): string;
  logLine(req: { method: string; path: string; proto: string; ua: string; referer: string }, status: number, bytes: number, at: Date): string;
}

/** The web server a container's image runs on `port`, if any. */
function webServerOf(pod: KObj, port: number): WebServer | undefined {
  for (const c of (pod.spec?.containers ?? []) as { name: string; image?: string }[]) {
    const repo = parseImage(c.image ?? '')?.repository.replace(/^library\//, '');
    if (port !== 80) continue;
    if (repo === 'nginx') {
      return {
        container: c.name,
        server: 'nginx/1.29.3',
        root: '/usr/share/nginx/html',
        index: 'index.html',
        notFound: () => '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.29.3</center>\r\n</body>\r\n</html>\r\n',
        logLine: (r, status, bytes, at) => `127.0.0.1 - - [${accessTime(at)}] "${r.method} ${r.path} ${r.proto}" ${status} ${bytes} "${r.referer || '-'}" "${r.ua || '-'}" "-"`,
      };
    }
    if (repo === 'httpd') {
      return {
        container: c.name,
        server: 'Apache/2.4.65 (Unix)',
        root: '/usr/local/apache2/htdocs',
        index: 'index.html',
        notFound: () => '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n',
        logLine: (r, status, bytes, at) => `127.0.0.1 - - [${accessTime(at)}] "${r.method} ${r.path} ${r.proto}" ${status} ${bytes}`,
      };
    }
  }
  return undefined;
}

/** A connection to `port` inside the pod, or the kubelet's error when nothing listens there. */
export function openPort(b: PortForwardBackend, pod: KObj, port: number, out: { data(b: Buffer): void; close(): void }): TcpPeer | string {
  const web = webServerOf(pod, port);
  if (!web) {
    const ns = randomBytes(16).toString('hex');
    return `error forwarding port ${port} to pod ${pod.metadata.uid}, uid : failed to execute portforward in network namespace "/var/run/netns/cni-${ns.slice(0, 8)}-${ns.slice(8, 12)}-${ns.slice(12, 16)}-${ns.slice(16, 20)}-${ns.slice(20)}": failed to connect to localhost:${port} inside namespace "${ns}", IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused IPv6 dial tcp6 [::1]:${port}: connect: connection refused `;
  }
  let buf = Buffer.alloc(0);
  let closed = false;
  const respond = (head: string, body: Buffer, keepAlive: boolean) => {
    out.data(Buffer.concat([Buffer.from(head), body]));
    if (!keepAlive) {
      closed = true;
      out.close();
    }
  };
  const handle = () => {
    for (;;) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0 || closed) return;
      const headText = buf.subarray(0, end).toString('latin1');
      const [requestLine = '', ...headerLines] = headText.split('\r\n');
      const headers = new Map(headerLines.map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      const length = Number(headers.get('content-length') ?? 0);
      if (buf.length < end + 4 + length) return;
      buf = buf.subarray(end + 4 + length);
      const [method = 'GET', target = '/', proto = 'HTTP/1.0'] = requestLine.split(' ');
      const keepAlive = proto === 'HTTP/1.1' ? headers.get('connection')?.toLowerCase() !== 'close' : headers.get('connection')?.toLowerCase() === 'keep-alive';
      const path = decodeURIComponent(target.split('?')[0] ?? '/');
      const at = new Date();
      const file = !path.includes('..') ? b.containerFile(pod, web.container, `${web.root}${path.endsWith('/') ? path + web.index : path}`) : undefined;
      const status = file ? 200 : 404;
      const body = file ?? Buffer.from(web.notFound());
      const common = `Server: ${web.server}\r\nDate: ${at.toUTCString()}\r\nContent-Type: ${file ? (/\.html?$/.test(path) || path.endsWith('/') ? 'text/html' : 'application/octet-stream') : 'text/html'}\r\nContent-Length: ${body.length}\r\n`;
      const extra = file ? `Last-Modified: ${new Date(at.getTime() - 3600_000).toUTCString()}\r\nETag: "${createHash('md5').update(file).digest('hex').slice(0, 8)}-${body.length.toString(16)}"\r\nAccept-Ranges: bytes\r\n` : '';
      const head = `${proto === 'HTTP/1.0' ? 'HTTP/1.0' : 'HTTP/1.1'} ${status} ${status === 200 ? 'OK' : 'Not Found'}\r\n${common}${keepAlive ? 'Connection: keep-alive\r\n' : 'Connection: close\r\n'}${extra}\r\n`;
      b.appendLog(pod, web.container, web.logLine({ method, path: target, proto, ua: headers.get('user-agent') ?? '', referer: headers.get('referer') ?? '' }, status, method === 'HEAD' ? 0 : body.length, at));
      respond(head, method === 'HEAD' ? Buffer.alloc(0) : body, keepAlive);
    }
  };
  return {
    write(data) {
      buf = Buffer.concat([buf, data]);
      handle();
    },
    end() {
      if (!closed) {
        closed = true;
        out.close();
      }
    },
  };
}

/** Serves the port-forward protocol (portforward.k8s.io) on a SPDY connection. */
export function servePortForward(b: PortForwardBackend, pod: KObj, conn: SpdyConnection): void {
  interface Pair {
    port: number;
    error?: number;
    data?: number;
    peer?: TcpPeer;
    pending: Buffer[];
  }
  const pairs = new Map<string, Pair>();
  const byData = new Map<number, Pair>();
  const start = (p: Pair) => {
    const dataId = p.data as number;
    const errorId = p.error as number;
    const peer = openPort(b, pod, p.port, {
      data: (d) => conn.send(dataId, d),
      close: () => {
        conn.send(dataId, Buffer.alloc(0), true);
        conn.send(errorId, Buffer.alloc(0), true);
      },
    });
    if (typeof peer === 'string') {
      conn.send(errorId, peer, true);
      conn.send(dataId, Buffer.alloc(0), true);
      return;
    }
    p.peer = peer;
    for (const d of p.pending) peer.write(d);
    p.pending = [];
  };
  conn.onStream = (s) => {
    const id = s.headers.requestid ?? s.headers['request-id'] ?? '0';
    const p = pairs.get(id) ?? { port: Number(s.headers.port ?? 0), pending: [] };
    pairs.set(id, p);
    if (s.headers.streamtype === 'error') p.error = s.id;
    if (s.headers.streamtype === 'data') {
      p.data = s.id;
      byData.set(s.id, p);
    }
    if (p.error !== undefined && p.data !== undefined) start(p);
  };
  conn.onData = (id, data, fin) => {
    const p = byData.get(id);
    if (!p) return;
    if (data.length) {
      if (p.peer) p.peer.write(data);
      else p.pending.push(data);
    }
    if (fin) p.peer?.end();
  };
  conn.onReset = (id) => byData.get(id)?.peer?.end();
}
