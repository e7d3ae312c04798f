/**
 * A scripted "system browser" for the sandbox's sign-in page: opens the authorize URL over HTTPS
 * (trusting the sandbox CA only), picks a sandbox user, and submits Entra's form_post answer to
 * the loopback redirect URI, as a real browser running the page's script would.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

interface Resp {
  status: number;
  text: string;
}

function send(url: URL, method: string, caPem: string | undefined, body?: string): Promise<Resp> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {};
    if (body !== undefined) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      headers['Content-Length'] = Buffer.byteLength(body);
    }
    const cb = (res: import('node:http').IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    };
    const req = url.protocol === 'https:' ? httpsRequest(url, { method, headers, ca: caPem, agent: false }, cb) : httpRequest(url, { method, headers, agent: false }, cb);
    req.on('error', reject);
    req.end(body);
  });
}

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

export interface BrowserLog {
  opened: string[];
  landed: string[];
}

/** An openBrowser(url) that signs in as `userOid` on the sandbox page. */
export function sandboxBrowser(caPem: string, userOid: string, log: BrowserLog = { opened: [], landed: [] }) {
  return async (authUrl: string): Promise<void> => {
    log.opened.push(authUrl);
    const url = new URL(authUrl);
    const page = await send(url, 'GET', caPem);
    if (page.status !== 200) throw new Error(`sign-in page answered ${page.status}: ${page.text.slice(0, 200)}`);
    const txn = /name="txn" value="([^"]+)"/.exec(page.text)?.[1];
    if (!txn) throw new Error('no sign-in transaction on the page');
    const answer = await send(new URL(url.pathname, url), 'POST', caPem, new URLSearchParams({ txn, user: userOid }).toString());
    const action = /<form method="POST" name="hiddenform" action="([^"]+)"/.exec(answer.text)?.[1];
    if (!action) throw new Error(`expected a form_post page, got ${answer.status}: ${answer.text.slice(0, 200)}`);
    const fields = new URLSearchParams();
    for (const m of answer.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields.append(decode(m[1]!), decode(m[2]!));
    const target = new URL(decode(action));
    // A browser resolves localhost itself; MSAL listens on 127.0.0.1.
    if (target.hostname === 'localhost') target.hostname = '127.0.0.1';
    const landed = await send(target, 'POST', undefined, fields.toString());
    log.landed.push(landed.text);
  };
}
