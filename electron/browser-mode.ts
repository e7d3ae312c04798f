import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Contract, EventContract } from '../shared/ipc/contract';
import type { Backend } from './backend/backend';
import type { IpcRegistry } from './ipc/registry';
import type { EventHub } from './ipc/event-hub';
import { BrowserSessions, isLoopbackHost, isLoopbackOrigin } from './ipc/browser-sessions';
import { attachWsTransport } from './ipc/ws-transport';
import { contentSecurityPolicy } from './security/policy';
import { DOWNLOAD_PATH, type OneTimeDownloads } from './backend/one-time-downloads';

export interface BrowserModeOptions {
  backend: Backend;
  /** Folder with the built renderer (dist/renderer). */
  rendererDir: string;
  port?: number;
}

export interface BrowserModeServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  port: number;
  /**
   * A new one-time sign-in link, `${origin}/#code=...` (the fragment never reaches a server or a
   * Referer). It works once: the page spends the code for a session token (`onUsed` then runs).
   * Never pass it on a command line: other local users can read those (see cli/open-browser.ts).
   */
  signInUrl(onUsed?: () => void): string;
  /** A session token for clients in this process (tests); never printed nor put in a URL. */
  token: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * Browser mode: the same renderer and the same backend, served on 127.0.0.1 with the WebSocket
 * transport. Used by e2e tests, development, and when the Electron runtime is not installed.
 */
export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserModeServer> {
  const root = path.resolve(options.rendererDir);
  if (!existsSync(path.join(root, 'index.html'))) {
    throw new Error(`The renderer is not built (${path.join(root, 'index.html')} is missing): run "npm run build" first.`);
  }
  let port = 0;
  const server = createServer((req, res) => {
    // Only requests for this server's own loopback name: not a DNS-rebinding page's.
    if (!isLoopbackHost(req.headers.host, port)) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Flatkube answers only as 127.0.0.1 or localhost.\n');
      return;
    }
    if ((req.url ?? '').startsWith(DOWNLOAD_PATH)) serveDownload(options.backend.downloads, req, res);
    else serveStatic(root, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const sessions = new BrowserSessions();
  const transport = attachWsTransport(server, {
    registry: options.backend.registry as unknown as IpcRegistry<Contract>,
    hub: options.backend.hub as unknown as EventHub<EventContract>,
    sessions,
    allowedHosts: (host) => isLoopbackHost(host, port),
    allowedOrigins: (o) => isLoopbackOrigin(o, port),
  });
  return {
    origin,
    port,
    signInUrl: (onUsed) => `${origin}/#code=${sessions.issueCode(onUsed)}`,
    token: sessions.newSession(),
    async close() {
      transport.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A one-time download link (backend/one-time-downloads.ts): the file as an attachment, once; the
 * link names nothing but its random token, and nothing of it is cached.
 */
function serveDownload(downloads: OneTimeDownloads, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET') {
    res.writeHead(405).end();
    return;
  }
  const token = new URL(req.url ?? '/', 'http://localhost').pathname.slice(DOWNLOAD_PATH.length);
  const file = downloads.take(token);
  if (!file) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end('This download link was used already or has expired: ask for the file again.\n');
    return;
  }
  res.writeHead(200, {
    'Content-Type': 'application/octet-stream',
    // The file names Flatkube offers are its own ([a-z0-9_-]); quoted all the same.
    'Content-Disposition': `attachment; filename="${file.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
  res.end(file.contents);
}

function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405).end();
    return;
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  const file = path.resolve(root, `.${rel === '/' ? '/index.html' : rel}`);
  // Never serve anything outside the renderer folder (path traversal).
  if (file !== root && !file.startsWith(root + path.sep)) {
    res.writeHead(403).end();
    return;
  }
  const target = existsSync(file) && statSync(file).isFile() ? file : path.join(root, 'index.html');
  res.writeHead(200, {
    'Content-Type': MIME[path.extname(target)] ?? 'application/octet-stream',
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(target).pipe(res);
}
