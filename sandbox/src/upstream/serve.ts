/** Serves the simulated internet's files that live under the sandbox's own origin (its bakery) over HTTPS. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxInternet } from './internet';

export function serveUpstream(internet: SandboxInternet, req: IncomingMessage, res: ServerResponse, url: URL): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('Method Not Allowed\n');
    return;
  }
  const r = internet.fetch(url.toString());
  if (!r.ok) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found\n');
    return;
  }
  res.writeHead(200, { 'content-type': r.file.contentType, 'content-length': String(r.file.body.length), 'cache-control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : r.file.body);
}
