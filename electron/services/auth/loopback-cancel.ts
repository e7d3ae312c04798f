/**
 * Cancelling an interactive sign-in. MSAL Node's acquireTokenInteractive has no AbortSignal: it
 * waits on its loopback server until the browser posts back. To stop it we post what Entra
 * posts when the user cancels (error=access_denied with the request's state) to that same
 * loopback redirect URI; MSAL then closes its server and rejects.
 */
import { request } from 'node:http';

export function postCancelToLoopback(authUrl: string): Promise<void> {
  const url = new URL(authUrl);
  const redirect = url.searchParams.get('redirect_uri');
  const state = url.searchParams.get('state');
  if (!redirect || !state) return Promise.resolve();
  const target = new URL(redirect);
  // MSAL listens on 127.0.0.1 and names it "localhost"; go straight to IPv4 like its server.
  if (target.hostname === 'localhost') target.hostname = '127.0.0.1';
  if (target.protocol !== 'http:' || target.hostname !== '127.0.0.1') return Promise.resolve();
  const body = new URLSearchParams({ error: 'access_denied', error_description: 'The sign-in was cancelled in Flatkube.', state }).toString();
  return new Promise((resolve) => {
    const req = request(target, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    // The server may already be gone (sign-in finished meanwhile): nothing to cancel then.
    req.on('error', () => resolve());
    req.end(body);
  });
}
