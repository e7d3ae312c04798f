// The node's sshd: ssh2 Server on 127.0.0.1 with the node's own host key (made at first boot,
// or an old config's from Ignition).
// Only public-key auth for `core` with a key from sshAuthorizedKeys is
// accepted, and the signature is verified (ssh2 README's server example).
// `exec` runs through the command simulator; `shell` is a line-by-line prompt.
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import ssh2, { type Connection, type ParsedKey, type ServerChannel } from 'ssh2';
import type { ExecIO } from './command-types';
import { SIMULATED_LABEL } from './flatcar-os';

// ssh2 is CommonJS without static named exports: take them off the default export.
const { Server, utils } = ssh2;

export interface NodeSshServerOptions {
  hostKey: string;
  authorizedKeys: string[];
  /** Motd shown to interactive shells. */
  motd: string;
  prompt: string;
  exec(line: string, io: ExecIO, env: Record<string, string>): Promise<number>;
  log?: (line: string) => void;
}

export interface NodeSshServer {
  port: number;
  /** Ends every live connection abruptly (socket destroyed, no SSH disconnect message). */
  dropSessions(): void;
  close(): Promise<void>;
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  // timingSafeEqual needs equal lengths; compare against itself to keep timing flat.
  const ok = a.length === b.length;
  return timingSafeEqual(ok ? a : b, b) && ok;
}

export async function startNodeSsh(opts: NodeSshServerOptions): Promise<NodeSshServer> {
  const allowed = opts.authorizedKeys
    .map((k) => utils.parseKey(k))
    .filter((k): k is ParsedKey => !(k instanceof Error));
  const sockets = new Set<Socket>();
  const clients = new Set<Connection>();

  const server = new Server(
    {
      hostKeys: [opts.hostKey],
      banner: `${SIMULATED_LABEL}\n`,
      ident: 'OpenSSH_9.9 FlatkubeSandbox',
    },
    (client, info) => {
      clients.add(client);
      const sock = (client as unknown as { _sock?: Socket })._sock;
      if (sock) sockets.add(sock);
      client.on('close', () => {
        clients.delete(client);
        if (sock) sockets.delete(sock);
      });
      client.on('error', () => {}); // resets from dropped clients are expected
      client.on('authentication', (ctx) => {
        if (ctx.username !== 'core' || ctx.method !== 'publickey') {
          // Advertise publickey only, as a hardened sshd does.
          return ctx.reject(['publickey']);
        }
        const key = allowed.find((k) => k.type === ctx.key.algo && sameBytes(ctx.key.data, k.getPublicSSH()));
        if (!key) return ctx.reject(['publickey']);
        if (ctx.signature) {
          if (key.verify(ctx.blob as Buffer, ctx.signature, ctx.hashAlgo) !== true) return ctx.reject(['publickey']);
        }
        // Without a signature the client is only asking whether the key is acceptable:
        // accept() answers PK_OK, and the client must then sign to get in.
        ctx.accept();
      });
      client.on('ready', () => {
        opts.log?.(`ssh: core logged in from ${info.ip}:${info.port}`);
        client.on('session', (acceptSession) => {
          const session = acceptSession();
          const env: Record<string, string> = {};
          session.on('pty', (accept) => accept?.());
          session.on('window-change', (accept) => accept?.());
          session.on('env', (accept, _reject, e) => {
            env[e.key] = e.val;
            accept?.();
          });
          session.on('exec', (accept, _reject, e) => {
            const ch = accept();
            void runOnChannel(ch, e.command, env);
          });
          session.on('shell', (accept) => {
            const ch = accept();
            void interactive(ch, env);
          });
        });
      });
    },
  );

  async function runOnChannel(ch: ServerChannel, line: string, env: Record<string, string>): Promise<void> {
    const ac = new AbortController();
    let stdinText = '';
    let stdinDone = false;
    const waiters: (() => void)[] = [];
    ch.on('data', (d: Buffer) => (stdinText += d.toString('utf8')));
    ch.on('end', () => {
      stdinDone = true;
      waiters.splice(0).forEach((w) => w());
    });
    ch.on('close', () => {
      stdinDone = true;
      waiters.splice(0).forEach((w) => w());
      ac.abort();
    });
    const open = () => !ac.signal.aborted && ch.writable;
    const io: ExecIO = {
      stdout: (s) => open() && ch.write(s),
      stderr: (s) => open() && ch.stderr.write(s),
      readStdin: () => (stdinDone ? Promise.resolve(stdinText) : new Promise<void>((r) => waiters.push(r)).then(() => stdinText)),
      signal: ac.signal,
    };
    let status: number;
    try {
      status = await opts.exec(line, io, env);
    } catch (e) {
      io.stderr(`simulator error: ${(e as Error).message}\n`);
      status = 1;
    }
    if (open()) {
      ch.exit(status);
      ch.end();
    }
  }

  async function interactive(ch: ServerChannel, env: Record<string, string>): Promise<void> {
    const ac = new AbortController();
    ch.on('close', () => ac.abort());
    ch.write(opts.motd.replace(/\n/g, '\r\n'));
    ch.write(opts.prompt);
    let buf = '';
    let busy = Promise.resolve();
    ch.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      let i: number;
      while ((i = buf.search(/\r|\n/)) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1).replace(/^\n/, '');
        busy = busy.then(async () => {
          if (ac.signal.aborted) return;
          ch.write('\r\n');
          if (line.trim() === 'exit' || line.trim() === 'logout') {
            ch.exit(0);
            ch.end();
            return;
          }
          const io: ExecIO = {
            stdout: (s) => ch.writable && ch.write(s.replace(/\n/g, '\r\n')),
            stderr: (s) => ch.writable && ch.write(s.replace(/\n/g, '\r\n')),
            readStdin: () => Promise.resolve(''),
            signal: ac.signal,
          };
          if (line.trim()) await opts.exec(line, io, env);
          if (ch.writable) ch.write(opts.prompt);
        });
      }
    });
  }

  server.on('error', (e: Error) => opts.log?.(`ssh: server error: ${e.message}`));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    dropSessions() {
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    close() {
      for (const s of sockets) s.destroy();
      sockets.clear();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
