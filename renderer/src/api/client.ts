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
 * the WebSocket transport of browser mode (the token comes in the URL fragment).
 */
export function getApi(): FlatkubeApi {
  if (api) return api;
  if (window.flatkube) {
    api = window.flatkube;
    return api;
  }
  // The token arrives in the URL fragment; keep it for reloads of this tab only and take it out
  // of the address bar so it does not show up in screenshots of a demo.
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem('flatkube.token', fromHash);
    history.replaceState(null, '', window.location.pathname);
  }
  const token = fromHash ?? sessionStorage.getItem('flatkube.token') ?? '';
  const wsUrl = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/ipc?token=${encodeURIComponent(token)}`;
  api = createWsApi(wsUrl);
  return api;
}
