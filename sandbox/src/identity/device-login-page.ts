/**
 * The sandbox's device sign-in page (`/devicelogin`, what Entra's https://microsoft.com/devicelogin
 * is for a device code). Approving a code there signs the device in as a sandbox user without any
 * password (they are public), so the page asks for the sandbox API token too: anyone on the
 * machine can reach the page, only the person who started the sandbox has the token (the JSON
 * line `flatkube sandbox` printed, or `<state dir>/sandbox-api-token`). Scripts approve through
 * `POST /_sandbox/devicecode/approve` with the same token.
 */
import { escapeHtml } from '../http/http-util';
import type { SandboxUser } from './sandbox-users';

export function deviceLoginHtml(users: readonly SandboxUser[], code: string, note = ''): string {
  const options = users.map((u) => `<option value="${escapeHtml(u.oid)}">${escapeHtml(u.name)} (${escapeHtml(u.upn)})</option>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Device sign-in - Flatkube sandbox (simulated)</title></head>
<body style="font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto"><h1>Flatkube sandbox device sign-in</h1>
<p>Simulated Entra ID. Approving a code needs this sandbox's API token: <code>apiToken</code> in the JSON line
<code>flatkube sandbox</code> printed, or the file <code>sandbox-api-token</code> in its state dir.</p>${note ? `<p><strong>${escapeHtml(note)}</strong></p>` : ''}
<form method="post"><p><label>Code <input name="otc" value="${escapeHtml(code)}" autocomplete="off"></label></p>
<p><label>User <select name="user">${options}</select></label></p>
<p><label>Sandbox API token <input name="api_token" type="password" autocomplete="off"></label></p>
<p><button type="submit">Sign in</button></p></form></body></html>`;
}
