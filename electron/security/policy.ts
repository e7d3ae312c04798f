/**
 * The Electron window's security settings and checks, as plain data and pure functions, so a
 * unit test can read the checklist without starting Electron. window.ts and main.ts apply them.
 */

/** The renderer is served from this privileged custom scheme; nothing else may call into main. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'flatkube';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export const secureWebPreferences = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
  navigateOnDragDrop: false,
} as const;

/**
 * Strict CSP: only our own files; the WebSocket transport in browser mode is on the same
 * loopback origin ('self' covers ws: in current Chromium for same-origin, listed for clarity).
 */
export function contentSecurityPolicy(extraConnect: string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${extraConnect.join(' ')}`.trim(),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Hosts the app may open in the user's browser: sign-in, Azure docs and terms, project sites. */
export const EXTERNAL_HOST_ALLOW_LIST = [
  'login.microsoftonline.com',
  'microsoft.com',
  'portal.azure.com',
  'azuremarketplace.microsoft.com',
  'learn.microsoft.com',
  'www.flatcar.org',
  'flatcar.org',
  'kubernetes.io',
  'github.com',
] as const;

export function isAllowedExternalUrl(raw: string, extraHosts: readonly string[] = []): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username || url.password) return false;
  const host = url.hostname.toLowerCase();
  return [...EXTERNAL_HOST_ALLOW_LIST, ...extraHosts].some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
}

export interface SenderFacts {
  /** webContents id of the sender. */
  webContentsId: number;
  /** URL of the frame that sent the message (null when the frame is gone). */
  frameUrl: string | null;
  /** True when the sending frame is the top frame of its page. */
  isMainFrame: boolean;
}

/**
 * GitHub Desktop-style trusted sender check: the message must come from a window we created,
 * from its main frame, showing our own packaged origin. Anything else is dropped.
 */
export function isTrustedSender(facts: SenderFacts, trustedWebContentsIds: ReadonlySet<number>): boolean {
  if (!trustedWebContentsIds.has(facts.webContentsId) || !facts.isMainFrame || !facts.frameUrl) return false;
  try {
    return new URL(facts.frameUrl).origin === APP_ORIGIN || facts.frameUrl.startsWith(`${APP_ORIGIN}/`);
  } catch {
    return false;
  }
}

/** Navigation inside the window is never allowed: the wizard is a single page. */
export function isAllowedNavigation(_url: string): boolean {
  return false;
}
