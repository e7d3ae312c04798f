// SPDY/3.1 for pods/exec, as kubectl before 1.30 (and newer ones falling back) streams it:
// the client opens one SPDY stream per channel (error, stdin, stdout, stderr, resize; the
// "streamtype" header says which) after the HTTP upgrade; the server replies to each, writes
// the command's output on stdout/stderr, a Status on the error stream (remotecommand v4), and
// ends the streams with FIN. Header blocks are zlib-compressed with SPDY/3's dictionary, one
// compression context per direction for the connection's lifetime (RFC-draft
// draft-mbelshe-httpbis-spdy-00, section 2.6.10.1).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { constants, createDeflate, createInflate, type Deflate, type Inflate } from 'node:zlib';
import type { ExecIO } from '../command-types';
import { exitStatus, type ExecRequest, type StreamBackend } from './exec-protocol';
import { isInteractiveShell, startShell, type ShellSession } from './interactive';

/** SPDY/3's header compression dictionary (1423 bytes, adler32 0xe3c6a7c2). */
const DICTIONARY = Buffer.from(
  'AAAAB29wdGlvbnMAAAAEaGVhZAAAAARwb3N0AAAAA3B1dAAAAAZkZWxldGUAAAAFdHJhY2UAAAAGYWNjZXB0AAAADmFjY2VwdC1jaGFyc2V0AAAAD2FjY2VwdC1lbmNvZGluZwAAAA9hY2NlcHQtbGFuZ3VhZ2UAAAANYWNjZXB0LXJhbmdlcwAAAANhZ2UAAAAFYWxsb3cAAAANYXV0aG9yaXphdGlvbgAAAA1jYWNoZS1jb250cm9sAAAACmNvbm5lY3Rpb24AAAAMY29udGVudC1iYXNlAAAAEGNvbnRlbnQtZW5jb2RpbmcAAAAQY29udGVudC1sYW5ndWFnZQAAAA5jb250ZW50LWxlbmd0aAAAABBjb250ZW50LWxvY2F0aW9uAAAAC2NvbnRlbnQtbWQ1AAAADWNvbnRlbnQtcmFuZ2UAAAAMY29udGVudC10eXBlAAAABGRhdGUAAAAEZXRhZwAAAAZleHBlY3QAAAAHZXhwaXJlcwAAAARmcm9tAAAABGhvc3QAAAAIaWYtbWF0Y2gAAAARaWYtbW9kaWZpZWQtc2luY2UAAAANaWYtbm9uZS1tYXRjaAAAAAhpZi1yYW5nZQAAABNpZi11bm1vZGlmaWVkLXNpbmNlAAAADWxhc3QtbW9kaWZpZWQAAAAIbG9jYXRpb24AAAAMbWF4LWZvcndhcmRzAAAABnByYWdtYQAAABJwcm94eS1hdXRoZW50aWNhdGUAAAATcHJveHktYXV0aG9yaXphdGlvbgAAAAVyYW5nZQAAAAdyZWZlcmVyAAAAC3JldHJ5LWFmdGVyAAAABnNlcnZlcgAAAAJ0ZQAAAAd0cmFpbGVyAAAAEXRyYW5zZmVyLWVuY29kaW5nAAAAB3VwZ3JhZGUAAAAKdXNlci1hZ2VudAAAAAR2YXJ5AAAAA3ZpYQAAAAd3YXJuaW5nAAAAEHd3dy1hdXRoZW50aWNhdGUAAAAGbWV0aG9kAAAAA2dldAAAAAZzdGF0dXMAAAAGMjAwIE9LAAAAB3ZlcnNpb24AAAAISFRUUC8xLjEAAAADdXJsAAAABnB1YmxpYwAAAApzZXQtY29va2llAAAACmtlZXAtYWxpdmUAAAAGb3JpZ2luMTAwMTAxMjAxMjAyMjA1MjA2MzAwMzAyMzAzMzA0MzA1MzA2MzA3NDAyNDA1NDA2NDA3NDA4NDA5NDEwNDExNDEyNDEzNDE0NDE1NDE2NDE3NTAyNTA0NTA1MjAzIE5vbi1BdXRob3JpdGF0aXZlIEluZm9ybWF0aW9uMjA0IE5vIENvbnRlbnQzMDEgTW92ZWQgUGVybWFuZW50bHk0MDAgQmFkIFJlcXVlc3Q0MDEgVW5hdXRob3JpemVkNDAzIEZvcmJpZGRlbjQwNCBOb3QgRm91bmQ1MDAgSW50ZXJuYWwgU2VydmVyIEVycm9yNTAxIE5vdCBJbXBsZW1lbnRlZDUwMyBTZXJ2aWNlIFVuYXZhaWxhYmxlSmFuIEZlYiBNYXIgQXByIE1heSBKdW4gSnVsIEF1ZyBTZXB0IE9jdCBOb3YgRGVjIDAwOjAwOjAwIE1vbiwgVHVlLCBXZWQsIFRodSwgRnJpLCBTYXQsIFN1biwgR01UY2h1bmtlZCx0ZXh0L2h0bWwsaW1hZ2UvcG5nLGltYWdlL2pwZyxpbWFnZS9naWYsYXBwbGljYXRpb24veG1sLGFwcGxpY2F0aW9uL3hodG1sK3htbCx0ZXh0L3BsYWluLHRleHQvamF2YXNjcmlwdCxwdWJsaWNwcml2YXRlbWF4LWFnZT1nemlwLGRlZmxhdGUsc2RjaGNoYXJzZXQ9dXRmLThjaGFyc2V0PWlzby04ODU5LTEsdXRmLSwqLGVucT0wLg==',
  'base64',
);

const SYN_STREAM = 1;
const SYN_REPLY = 2;
const RST_STREAM = 3;
const PING = 6;
const GOAWAY = 7;
const FLAG_FIN = 1;

/** Runs zlib on one header block at a time, keeping the stream's context between blocks. */
function zstream(z: Deflate | Inflate): (input: Buffer) => Promise<Buffer> {
  let chain: Promise<Buffer> = Promise.resolve(Buffer.alloc(0));
  return (input) => {
    chain = chain.then(
      () =>
        new Promise<Buffer>((resolve, reject) => {
          const chunks: Buffer[] = [];
          const onData = (d: Buffer) => chunks.push(d);
          z.on('data', onData);
          z.once('error', reject);
          z.write(input);
          z.flush(constants.Z_SYNC_FLUSH, () => {
            z.off('data', onData);
            z.off('error', reject);
            resolve(Buffer.concat(chunks));
          });
        }),
    );
    return chain;
  };
}

function headerBlock(h: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  const n = Buffer.alloc(4);
  n.writeUInt32BE(Object.keys(h).length);
  parts.push(n);
  for (const [k, v] of Object.entries(h)) {
    for (const s of [k, v]) {
      const b = Buffer.from(s);
      const l = Buffer.alloc(4);
      l.writeUInt32BE(b.length);
      parts.push(l, b);
    }
  }
  return Buffer.concat(parts);
}

function parseHeaders(b: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  const n = b.readUInt32BE(i);
  i += 4;
  for (let k = 0; k < n; k++) {
    const nl = b.readUInt32BE(i);
    const name = b.subarray(i + 4, i + 4 + nl).toString().toLowerCase();
    i += 4 + nl;
    const vl = b.readUInt32BE(i);
    out[name] = b.subarray(i + 4, i + 4 + vl).toString();
    i += 4 + vl;
  }
  return out;
}

function control(type: number, flags: number, data: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(0x8000 | 3, 0);
  h.writeUInt16BE(type, 2);
  h.writeUInt32BE(((flags & 0xff) << 24) | data.length, 4);
  return Buffer.concat([h, data]);
}

function dataFrame(stream: number, flags: number, data: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt32BE(stream & 0x7fffffff, 0);
  h.writeUInt32BE(((flags & 0xff) << 24) | data.length, 4);
  return Buffer.concat([h, data]);
}

export interface SpdyStream {
  id: number;
  headers: Record<string, string>;
}

/**
 * A SPDY/3.1 server connection over a byte stream (a socket after the HTTP upgrade, or a
 * WebSocket tunnel): replies to every stream the client opens, answers pings, delivers data.
 */
export class SpdyConnection {
  private readonly inflate = zstream(createInflate({ dictionary: DICTIONARY }));
  private readonly deflate = zstream(createDeflate({ dictionary: DICTIONARY }));
  private buf = Buffer.alloc(0);
  private queue: Promise<unknown> = Promise.resolve();
  onStream: (s: SpdyStream, fin: boolean) => void = () => {};
  onData: (id: number, data: Buffer, fin: boolean) => void = () => {};
  onReset: (id: number) => void = () => {};
  onClose: () => void = () => {};

  constructor(private readonly socket: Duplex, head: Buffer = Buffer.alloc(0)) {
    socket.on('data', (c: Buffer) => this.receive(c));
    socket.on('close', () => this.onClose());
    socket.on('error', () => this.onClose());
    if (head.length) this.receive(head);
  }

  private write(frame: Buffer): void {
    if (!this.socket.destroyed && this.socket.writable) this.socket.write(frame);
  }

  send(id: number, data: string | Buffer, fin = false): void {
    const b = Buffer.isBuffer(data) ? data : Buffer.from(data);
    // Data frames carry at most 16 MiB; split larger writes anyway at 64 KiB, SPDY's initial window.
    for (let i = 0; i < b.length || (i === 0 && b.length === 0); i += 65536) {
      const part = b.subarray(i, i + 65536);
      this.write(dataFrame(id, fin && i + 65536 >= b.length ? FLAG_FIN : 0, part));
      if (b.length === 0) break;
    }
  }

  reset(id: number): void {
    const body = Buffer.alloc(8);
    body.writeUInt32BE(id & 0x7fffffff, 0);
    body.writeUInt32BE(5, 4); // CANCEL
    this.write(control(RST_STREAM, 0, body));
  }

  end(afterMs = 0): void {
    const t = setTimeout(() => this.socket.end(), afterMs);
    t.unref();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buf = Buffer.concat([this.buf, chunk]);
    while (this.buf.length >= 8) {
      const len = this.buf.readUInt32BE(4) & 0xffffff;
      if (this.buf.length < 8 + len) break;
      const frame = this.buf.subarray(0, 8 + len);
      this.buf = this.buf.subarray(8 + len);
      this.queue = this.queue.then(() => this.frame(frame)).catch(() => this.socket.destroy());
    }
  }

  private async frame(frame: Buffer): Promise<void> {
    const isControl = (frame[0] as number) & 0x80;
    const flags = frame[4] as number;
    const body = frame.subarray(8);
    if (!isControl) {
      this.onData(frame.readUInt32BE(0) & 0x7fffffff, body, !!(flags & FLAG_FIN));
      return;
    }
    const type = frame.readUInt16BE(2);
    if (type === SYN_STREAM) {
      const id = body.readUInt32BE(0) & 0x7fffffff;
      const headers = parseHeaders(await this.inflate(body.subarray(10)));
      const reply = Buffer.alloc(4);
      reply.writeUInt32BE(id);
      this.write(control(SYN_REPLY, 0, Buffer.concat([reply, await this.deflate(headerBlock({}))])));
      this.onStream({ id, headers }, !!(flags & FLAG_FIN));
    } else if (type === PING) this.write(control(PING, 0, body.subarray(0, 4)));
    else if (type === RST_STREAM) this.onReset(body.readUInt32BE(0) & 0x7fffffff);
    else if (type === GOAWAY) this.onClose();
  }
}

export function serveSpdyExec(b: StreamBackend, r: ExecRequest, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  const offered = String(req.headers['x-stream-protocol-version'] ?? '').split(',').map((s) => s.trim());
  const protocol = ['v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'].find((p) => offered.includes(p)) ?? 'channel.k8s.io';
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${protocol}\r\n\r\n`);
  const conn = new SpdyConnection(socket, head);
  const streams = new Map<string, number>();
  const ac = new AbortController();
  let stdinBuf = '';
  let stdinDone = !r.stdin;
  let waiters: (() => void)[] = [];
  let started = false;
  const want = ['error', ...(r.stdin ? ['stdin'] : []), ...(r.stdout ? ['stdout'] : []), ...(r.stderr && !r.tty ? ['stderr'] : []), ...(r.tty ? ['resize'] : [])];
  const send = (type: string, s: string | Buffer, fin = false) => {
    const id = streams.get(type);
    if (id !== undefined) conn.send(id, s, fin);
  };
  const finishStdin = () => {
    stdinDone = true;
    waiters.forEach((w) => w());
    waiters = [];
  };
  // An interactive shell starts once its streams are open; stdin that came before waits for it.
  const interactive = isInteractiveShell(r);
  let shell: ShellSession | undefined;
  let pending = '';
  let pendingEnd = false;
  const run = async () => {
    started = true;
    if (interactive) {
      shell = startShell(b, r, { stdout: (s) => send('stdout', s), stderr: (s) => send(r.tty ? 'stdout' : 'stderr', s) }, ac.signal);
      if (pending) shell.input(pending);
      if (pendingEnd) shell.end();
    }
    const io: ExecIO = {
      stdout: (s) => send('stdout', s),
      stderr: (s) => send(r.tty ? 'stdout' : 'stderr', s),
      readStdin: () => (stdinDone ? Promise.resolve(stdinBuf) : new Promise((res) => waiters.push(() => res(stdinBuf)))),
      signal: ac.signal,
    };
    let code = 0;
    let failure: string | undefined;
    try {
      code = shell ? await shell.done : (await b.execRun(r.pod, r.container, r.command, io)).exitCode;
    } catch (e) {
      failure = (e as Error).message;
    }
    for (const t of ['stdout', 'stderr']) send(t, Buffer.alloc(0), true);
    const status = failure ? { metadata: {}, status: 'Failure', message: failure, reason: 'InternalError' } : exitStatus(r.command, code);
    if (protocol === 'v4.channel.k8s.io') send('error', JSON.stringify(status), true);
    else send('error', failure ?? (code === 0 ? '' : `command terminated with non-zero exit code: error executing command [${r.command.join(' ')}], exit code ${code}`), true);
    conn.end(2000);
  };
  conn.onStream = (s, fin) => {
    const type = s.headers.streamtype ?? '';
    streams.set(type, s.id);
    if (type === 'stdin' && fin) {
      if (shell) shell.end();
      else pendingEnd = true;
      finishStdin();
    }
    if (!started && want.every((w) => streams.has(w))) void run();
  };
  conn.onData = (id, body, fin) => {
    if (id !== streams.get('stdin')) return;
    if (shell) shell.input(body.toString('utf8'));
    else if (interactive) pending += body.toString('utf8');
    else stdinBuf += body.toString('utf8');
    if (fin) {
      if (shell) shell.end();
      else pendingEnd = true;
      finishStdin();
    }
  };
  conn.onClose = () => {
    shell?.end();
    finishStdin();
    ac.abort();
  };
  // A client that never opens its streams is not waited for forever.
  setTimeout(() => {
    if (!started) conn.destroy();
  }, 30_000).unref();
}
