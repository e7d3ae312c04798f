import { mkdirSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { createBackend, type Backend, type BackendOptions } from '../../electron/backend/backend';
import type { StartedSandbox } from '../../electron/services/session/session-manager';
import { startSandbox, type Sandbox } from '@flatkube/sandbox';
import { startBrowserMode, type BrowserModeServer } from '../../electron/browser-mode';

export const CHROMIUM = process.env.FLATKUBE_CHROMIUM ?? '/usr/bin/chromium';
export const RESULTS_DIR = path.resolve('test-results');
const RENDERER_DIR = path.resolve('dist/renderer');

/** Flags that keep Debian's Chromium quiet on a closed network, headless, in a container. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Containers (the CI's Debian) give /dev/shm 64 MiB: Chromium's shared memory goes to /tmp.
  '--disable-dev-shm-usage',
  // Chromium 14x preloads its omnibox popup (chrome://omnibox-popup.top-chrome) in a renderer of
  // its own, headless too: about 1.3 s of CPU a launch for a popup no test opens.
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup',
  // One renderer process for the pages of a context (Chromium never shares one between contexts,
  // each of which keeps its own storage, cookies and cache): some tests reload or open a second
  // page, and each new renderer starts Blink and V8 afresh. The e2e suite on 2026-12-07 (all 85
  // tests, /proc accounting): 354 CPU seconds and 181 s with these two flags against 392 and 422
  // (two runs) and 199 s and 214 s without, Chromium 21 processes against 74.
  '--disable-site-isolation-trials',
  '--renderer-process-limit=1',
];

/**
 * One Chromium per test process, launched at its first session and closed after its last test:
 * each session gets a context of its own (cookies, storage and cache as fresh as a new profile's;
 * Playwright gives the browser a fresh temporary --user-data-dir). A launch costs Chromium about
 * 1.7 s of CPU, and a test process holds up to three sessions.
 */
let browser: Promise<Browser> | undefined;
after(async () => {
  const launched = browser;
  browser = undefined;
  await (await launched?.catch(() => undefined))?.close();
});

/** A new context (and page) in the process's Chromium, launched when there is none. */
async function freshContext(): Promise<BrowserContext> {
  browser ??= chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }).catch((error: unknown) => {
    browser = undefined;
    throw error;
  });
  return (await browser).newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
}

export interface E2eSession {
  backend: Backend;
  server: BrowserModeServer;
  /** The backend's data folder (removed by close() unless reused or kept). */
  dataDir: string;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export interface E2eOptions {
  /** Extra backend options (e.g. azure.startSandbox); shell and dataDir are the harness's own. */
  backend?: Omit<BackendOptions, 'shell' | 'dataDir'>;
  /**
   * Reuse this data folder (a backend "restart": clusters, journals and the sandbox state of an
   * earlier session); close() leaves it in place. Without it a throw-away folder is made.
   */
  dataDir?: string;
  /** Leave the data folder in place on close() (so a later session can reuse it). */
  keepDataDir?: boolean;
}

/**
 * A sandbox starter for the backend (azure.startSandbox) with instant latency (or the realistic
 * one at a speed, for a test that needs steps to take a while), its state under <dataDir>/sandbox
 * like the default one. `running()` gives the started sandbox (its info, CA certificate and
 * `api`), so a test can inject faults or lower a quota through the sandbox API.
 */
export function instantSandbox(pace: { latency?: 'instant' | 'realistic'; speed?: number } = {}): { start(dataDir: string): () => Promise<StartedSandbox>; running(): Sandbox | undefined } {
  let sb: Sandbox | undefined;
  return {
    start: (dataDir) => async () => {
      sb = await startSandbox({ stateDir: path.join(dataDir, 'sandbox'), latency: pace.latency ?? 'instant', ...(pace.speed ? { speed: pace.speed } : {}) });
      const started = sb;
      return { info: started.info, caCertPem: started.caCertPem, close: () => started.close() };
    },
    running: () => sb,
  };
}

/** Starts the real backend in browser mode and a fresh browser context pointed at it. */
export async function startE2e(options: E2eOptions & { sandbox?: ReturnType<typeof instantSandbox> } = {}): Promise<E2eSession> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install it with "apt-get install -y chromium"`);
  if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) throw new Error('dist/renderer is missing: run "npm run build" before the e2e tests');
  mkdirSync(RESULTS_DIR, { recursive: true });
  // A throw-away data folder: the tests never touch the user's clusters, tokens or sandbox.
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'flatkube-e2e-data-'));
  const removeDataDir = () => {
    if (!options.dataDir && !options.keepDataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  const azure = { ...options.backend?.azure, ...(options.sandbox ? { startSandbox: options.sandbox.start(dataDir) } : {}) };
  // Events are validated against the contract where they are made (EventHub) and an invalid one is
  // dropped with a log line: collected here, so a test that emits one (wizard-logs) fails saying so.
  const invalidEvents: string[] = [];
  const log = (line: string) => {
    if (line.startsWith('invalid event on')) invalidEvents.push(line);
    options.backend?.log?.(line);
  };
  const backend = createBackend({ ...options.backend, log, azure, shell: 'browser', dataDir });
  const server = await startBrowserMode({ backend, rendererDir: RENDERER_DIR });
  let context: BrowserContext;
  try {
    context = await freshContext();
  } catch (error) {
    await server.close();
    await backend.close();
    removeDataDir();
    throw error;
  }
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(server.signInUrl());
  return {
    backend,
    server,
    dataDir,
    context,
    page,
    async close() {
      await context.close();
      await server.close();
      await backend.close();
      removeDataDir();
      if (pageErrors.length > 0) throw new Error(`errors in the page: ${pageErrors.join('; ')}`);
      if (invalidEvents.length > 0) throw new Error(`events the IPC contract rejects: ${invalidEvents.join('; ')}`);
    },
  };
}

/** Where a test's picture named `name` goes (test-results/, which CI keeps when a run fails). */
export function resultFile(name: string): string {
  return path.join(RESULTS_DIR, `${name}.png`);
}

/**
 * A picture of what the window shows (the context's viewport: 1280x800 unless a test sets another)
 * at a point the test names, for whoever reads a failed run's test-results/. The whole page
 * (`fullPage`) only where a test failed (waitOrExplain): Playwright takes it by laying the page
 * out again at its full height, then back, which cost the e2e suite 28 of its 309 CPU seconds on
 * 2026-12-07 (about 100 pictures; 281 with the window's).
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  const file = resultFile(name);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? false });
  return file;
}

/**
 * Calls the running sandbox's own API (/_sandbox/...) over HTTPS with its CA and its API token,
 * e.g. to lower a quota (PUT /_sandbox/quotas/{subscriptionId}/{location}) or inject faults
 * (POST /_sandbox/faults). Answers status and body.
 */
export async function sandboxRequest(
  sandbox: ReturnType<typeof instantSandbox>,
  method: 'GET' | 'PUT' | 'POST',
  pathname: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const sb = sandbox.running();
  if (!sb) throw new Error('the sandbox is not running yet');
  const url = new URL(pathname, sb.info.armEndpoint);
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${sb.info.apiToken}` };
    const req = request(url, { method, ca: sb.caCertPem, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

export interface ChildE2eSession {
  dataDir: string;
  context: BrowserContext;
  page: Page;
  /** Kills the backend process at once (SIGKILL) and waits until it is gone. */
  kill(): Promise<void>;
  /** Closes the browser (and kills the backend if still running); the data folder stays. */
  close(): Promise<void>;
}

/**
 * The real backend in a child process (test/e2e/backend-process.ts) on `dataDir`, and a fresh
 * Chromium page on it: kill() stops it like a crash, so a later startE2e({ dataDir }) is a restart.
 */
export async function startE2eInChild(dataDir: string): Promise<ChildE2eSession> {
  if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) throw new Error('dist/renderer is missing: run "npm run build" before the e2e tests');
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('test/e2e/backend-process.ts'), dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`the backend process exited early (code ${code})`)));
  });
  const context = await freshContext();
  const page = await context.newPage();
  await page.goto(url);
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return {
    dataDir,
    context,
    page,
    kill,
    async close() {
      await context.close();
      await kill();
    },
  };
}

/**
 * Waits for `target`; on a timeout, fails with what `context` (the card the test waits in) shows
 * instead and a screenshot, so an error card or a spinner that never ends explains itself.
 */
export async function waitOrExplain(page: Page, target: Locator, context: Locator, name: string, timeout: number): Promise<void> {
  try {
    await target.waitFor({ timeout });
  } catch (err) {
    const shown = await context.innerText({ timeout: 1_000 }).catch(() => '(not on the page)');
    await screenshot(page, `${name}-timeout`, { fullPage: true }).catch(() => undefined);
    throw new Error(`${(err as Error).message}\nInstead, the page showed: ${shown}`);
  }
}
