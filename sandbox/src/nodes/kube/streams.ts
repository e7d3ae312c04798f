// Streaming subresources (pods/exec, pods/attach) as kube-apiserver offers them: upgraded to a
// WebSocket speaking the channel.k8s.io subprotocols (v5 as kubectl >= 1.30 asks first, v4 for
// older clients: one byte of stream id before each message, 0 stdin, 1 stdout, 2 stderr,
// 3 error/status, 4 resize, 255 close in v5), or to SPDY/3.1 (spdy.ts) for kubectl before 1.30.
// The command runs in the simulated container (container-exec.ts); its exit status goes back
// as kubectl expects it (a Status on the error stream).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { createWebSocketStream, WebSocketServer, type WebSocket } from 'ws';
import type { ExecIO } from '../command-types';
import { exitStatus, type ExecRequest, type StreamBackend } from './exec-protocol';
import type { KubeBackend } from './http';
import { isInteractiveShell, startShell } from './interactive';
import { servePortForward, type PortForwardBackend } from './portforward';
import { serveSpdyExec, SpdyConnection } from './spdy';
import { ApiError } from './types';

export type { ExecRequest, StreamBackend } from './exec-protocol';

export const CHANNEL_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

function refuse(socket: Duplex, e: ApiError): void {
  const body = JSON.stringify(e.body());
  socket.end(`HTTP/1.1 ${e.code} ${e.reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** Validates an exec/attach request the way the apiserver and kubelet do before streaming. */
export function execRequest(b: StreamBackend, req: IncomingMessage): ExecRequest {
  const url = new URL(req.url ?? '/', 'https://localhost');
  const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|attach)$/.exec(url.pathname);
  if (!m) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
  b.settle();
  const tp = b.api.type('', 'pods');
  const pod = b.api.get(tp, decodeURIComponent(m[1] as string), decodeURIComponent(m[2] as string));
  const q = url.searchParams;
  const names = (pod.spec?.containers ?? []).map((c: { name: string }) => c.name);
  let container = q.get('container') ?? '';
  if (!container) {
    if (names.length !== 1) throw new ApiError(400, 'BadRequest', `a container name must be specified for pod ${pod.metadata.name}, choose one of: [${names.join(' ')}]`);
    container = names[0];
  }
  if (!names.includes(container)) throw new ApiError(400, 'BadRequest', `container ${container} is not valid for pod ${pod.metadata.name}`);
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') throw new ApiError(400, 'BadRequest', `cannot exec into a container in a completed pod; current phase is ${pod.status.phase}`);
  const st = (pod.status?.containerStatuses ?? []).find((c: { name: string }) => c.name === container);
  if (!st?.state?.running) throw new ApiError(400, 'BadRequest', `unable to upgrade connection: container not found ("${container}")`);
  const command = m[3] === 'attach' ? [] : q.getAll('command');
  const flag = (k: string) => q.get(k) === 'true' || q.get(k) === '1';
  return { pod, container, command, stdin: flag('stdin'), stdout: flag('stdout') || (!q.has('stdout') && m[3] === 'exec'), stderr: flag('stderr'), tty: flag('tty') };
}

const wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => CHANNEL_PROTOCOLS.find((p) => protocols.has(p)) ?? false });

/** kubectl >= 1.31 tunnels port-forward's SPDY through a WebSocket with this subprotocol. */
const PORT_FORWARD_TUNNEL = 'SPDY/3.1+portforward.k8s.io';
const pfWss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => (protocols.has(PORT_FORWARD_TUNNEL) ? PORT_FORWARD_TUNNEL : false) });

function portForward(b: StreamBackend & PortForwardBackend, req: IncomingMessage, socket: Duplex, head: Buffer, ns: string, name: string): void {
  let pod;
  try {
    b.settle();
    pod = b.api.get(b.api.type('', 'pods'), ns, name);
    if (pod.status?.phase !== 'Running') throw new ApiError(400, 'BadRequest', `pod ${name} is not running: ${pod.status?.phase ?? 'Unknown'}`);
  } catch (e) {
    return refuse(socket, e instanceof ApiError ? e : new ApiError(500, 'InternalError', (e as Error).message));
  }
  const p = pod;
  const upgrade = String(req.headers.upgrade ?? '').toLowerCase();
  if (upgrade === 'websocket') {
    const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((x) => x.trim());
    if (!offered.includes(PORT_FORWARD_TUNNEL)) return refuse(socket, new ApiError(400, 'BadRequest', `unable to upgrade: unable to negotiate a WebSocket subprotocol from [${offered.join(' ')}]; supported: [${PORT_FORWARD_TUNNEL}]`));
    pfWss.handleUpgrade(req, socket, head, (ws) => servePortForward(b, p, new SpdyConnection(createWebSocketStream(ws))));
    return;
  }
  if (!upgrade.startsWith('spdy/3.1')) return refuse(socket, new ApiError(400, 'BadRequest', 'Upgrade request required'));
  socket.write('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: portforward.k8s.io\r\n\r\n');
  servePortForward(b, p, new SpdyConnection(socket, head));
}

function serveWebSocket(b: StreamBackend, r: ExecRequest, ws: WebSocket): void {
  const v5 = ws.protocol === 'v5.channel.k8s.io';
  const ac = new AbortController();
  let stdinBuf = '';
  let stdinDone = !r.stdin;
  let stdinWaiters: (() => void)[] = [];
  const send = (channel: number, data: string | Buffer) => {
    if (ws.readyState !== ws.OPEN) return;
    const payload = Buffer.isBuffer(data) ? data : Buffer.from(data);
    ws.send(Buffer.concat([Buffer.from([channel]), payload]));
  };
  const shell = isInteractiveShell(r) ? startShell(b, r, { stdout: (s) => r.stdout && send(1, s), stderr: (s) => send(r.tty ? 1 : 2, s) }, ac.signal) : undefined;
  ws.on('message', (msg: Buffer, isBinary: boolean) => {
    const buf = isBinary ? msg : Buffer.from(msg);
    if (buf.length === 0) return;
    const ch = buf[0] as number;
    if (ch === 0) {
      if (shell) shell.input(buf.subarray(1).toString('utf8'));
      else stdinBuf += buf.subarray(1).toString('utf8');
    } else if (ch === 255 && v5 && buf[1] === 0) {
      stdinDone = true;
      shell?.end();
      stdinWaiters.forEach((w) => w());
      stdinWaiters = [];
    }
  });
  ws.on('close', () => {
    stdinDone = true;
    shell?.end();
    stdinWaiters.forEach((w) => w());
    ac.abort();
  });
  const io: ExecIO = {
    stdout: (s) => r.stdout && send(1, s),
    stderr: (s) => (r.tty ? r.stdout && send(1, s) : r.stderr && send(2, s)),
    readStdin: () => (stdinDone ? Promise.resolve(stdinBuf) : new Promise((res) => stdinWaiters.push(() => res(stdinBuf)))),
    signal: ac.signal,
  };
  void (async () => {
    let code = 0;
    try {
      if (r.command.length === 0) {
        // attach: the simulated main process writes nothing more; stay until the client leaves.
        await new Promise<void>((res) => ac.signal.addEventListener('abort', () => res(), { once: true }));
        return;
      }
      code = shell ? await shell.done : (await b.execRun(r.pod, r.container, r.command, io)).exitCode;
    } catch (e) {
      send(3, JSON.stringify({ metadata: {}, status: 'Failure', message: (e as Error).message, reason: 'InternalError' }));
      ws.close(1000);
      return;
    }
    send(3, JSON.stringify(exitStatus(r.command, code)));
    ws.close(1000);
  })();
}

/** Upgrades an exec/attach request (WebSocket or SPDY); refuses anything else as the apiserver would. */
export function handleUpgrade(backend: KubeBackend, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  const b = backend as StreamBackend & PortForwardBackend;
  const upgrade = String(req.headers.upgrade ?? '').toLowerCase();
  const pf = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/portforward$/.exec(new URL(req.url ?? '/', 'https://localhost').pathname);
  if (pf) return portForward(b, req, socket, head, decodeURIComponent(pf[1] as string), decodeURIComponent(pf[2] as string));
  let r: ExecRequest;
  try {
    r = execRequest(b, req);
    if (r.command.length > 0) {
      const problem = b.execCheck(r.pod, r.container, r.command);
      if (problem) throw new ApiError(500, 'InternalError', problem);
    }
  } catch (e) {
    return refuse(socket, e instanceof ApiError ? e : new ApiError(500, 'InternalError', (e as Error).message));
  }
  if (upgrade === 'websocket') {
    const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
    if (!offered.some((p) => CHANNEL_PROTOCOLS.includes(p))) return refuse(socket, new ApiError(400, 'BadRequest', `unable to upgrade: unable to negotiate a WebSocket subprotocol from [${offered.join(' ')}]; supported: [${CHANNEL_PROTOCOLS.join(' ')}]`));
    wss.handleUpgrade(req, socket, head, (ws) => serveWebSocket(b, r, ws));
    return;
  }
  if (upgrade.startsWith('spdy/3.1')) return serveSpdyExec(b, r, req, socket, head);
  refuse(socket, new ApiError(400, 'BadRequest', 'Upgrade request required'));
}
