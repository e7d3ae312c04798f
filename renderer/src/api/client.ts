import type { FlatkubeApi } from '../../../shared/ipc/api';
import { createWsApi } from './ws-client';

declare global {
  interface Window {
    flatkube?: FlatkubeApi;
  }
}

let api: FlatkubeApi | undefined;

/**
 * The renderer's only door to the main process: Electron's preload API when present, otherwise
 * the WebSocket transport of browser mode (signed in with the one-time code in the URL fragment).
 */
export function getApi(): FlatkubeApi {
  if (api) return api;
  if (window.flatkube) {
    api = window.flatkube;
    return api;
  }
  // A one-time sign-in code arrives in the URL fragment (never sent to a server); the socket spends
  // it for a session token, kept for reloads of this tab only. Take it out of the address bar and
  // the history entry: it is spent anyway, and should not show up in screenshots of a demo.
  const code = new URLSearchParams(window.location.hash.slice(1)).get('code');
  if (code) history.replaceState(null, '', window.location.pathname);
  const token = sessionStorage.getItem(TOKEN_KEY);
  const query = code ? `code=${encodeURIComponent(code)}` : token ? `token=${encodeURIComponent(token)}` : '';
  const wsUrl = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/ipc?${query}`;
  api = createWsApi(wsUrl, {
    onSession: (t) => sessionStorage.setItem(TOKEN_KEY, t),
    unreachable: code
      ? 'Could not sign in: each link works once and this one may have been used already (the terminal shows a new one), or Flatkube has stopped.'
      : token
        ? undefined
        : 'This tab is not signed in to Flatkube: open the one-time link that "flatkube web" printed in its terminal.',
  });
  return api;
}

const TOKEN_KEY = 'flatkube.token';
