import type { Page } from 'playwright-core';
import { eventNames } from '../../shared/ipc/contract';
import { AZURE_LOCATIONS } from '@flatkube/sandbox/testing';
import { assertNoProblems, fakeAnswersProblems, fakeCallProblems, fakeEventProblems, type Canned, type FakeAnswers } from './fake-contract';

export type { Canned, FakeAnswers } from './fake-contract';

/**
 * A stand-in for the preload API (window.flatkube) with canned answers, for testing one step's UI
 * in isolation while its backend channel is being built. The real-backend tests (wizard-*.test.ts
 * without "fake") drive the sandbox through the WebSocket transport instead.
 *
 * Fakes are held to the contract (fake-contract.ts): installFakeApi refuses an answer the real
 * channel could not send, emit refuses an event the real hub would not deliver, and
 * assertFakeCallsValid fails on inputs the renderer sent that the real registry would refuse.
 */

declare const window: {
  flatkube?: unknown;
  __fake?: { emit(event: string, batch: unknown[]): void; release(channel: string): void; calls: { channel: string; input: unknown }[] };
};

const FAKE_SOURCE = `function (cfg) {
  for (const [k, v] of Object.entries(cfg.storage)) if (localStorage.getItem(k) === null) localStorage.setItem(k, v);
  const listeners = new Map();
  const calls = [];
  const counters = new Map();
  const held = new Map();
  // Released channels stay released across reloads of the page (the wizard's restart tests).
  const released = new Set(JSON.parse(sessionStorage.getItem('__fakeReleased') || '[]'));
  const invoke = {};
  for (const [channel, answer] of Object.entries(cfg.answers)) {
    invoke[channel] = function (input) {
      calls.push({ channel: channel, input: input });
      let a = answer;
      if (answer && answer.sequence) {
        const n = counters.get(channel) || 0;
        counters.set(channel, n + 1);
        a = answer.sequence[Math.min(n, answer.sequence.length - 1)];
      }
      return new Promise(function (resolve) {
        const deliver = function () { setTimeout(function () { resolve(JSON.parse(JSON.stringify(a))); }, cfg.delayMs[channel] ?? 5); };
        if (cfg.hold.indexOf(channel) < 0 || released.has(channel)) return deliver();
        if (!held.has(channel)) held.set(channel, []);
        held.get(channel).push(deliver);
      });
    };
  }
  const on = {};
  for (const event of cfg.events) {
    on[event] = function (listener) {
      let set = listeners.get(event);
      if (!set) { set = new Set(); listeners.set(event, set); }
      set.add(listener);
      return function () { set.delete(listener); };
    };
  }
  window.flatkube = { invoke: invoke, on: on };
  window.__fake = {
    calls: calls,
    emit: function (event, batch) { const set = listeners.get(event); if (set) set.forEach(function (l) { l(batch); }); },
    release: function (channel) {
      released.add(channel);
      sessionStorage.setItem('__fakeReleased', JSON.stringify(Array.from(released)));
      (held.get(channel) || []).forEach(function (deliver) { deliver(); });
      held.delete(channel);
    },
  };
}`;

export interface FakeApiOptions {
  /** Per channel, how long an answer takes (ms; default 5). */
  delayMs?: Record<string, number>;
  /**
   * Channels whose answers wait for release(page, channel): a loading state stays on screen
   * until the test has seen it, however slow the machine (a timer could end before the test looks).
   */
  hold?: string[];
  storage?: Record<string, string>;
}

/** Installs the fake before the app's scripts run, then reloads the page with it. */
export async function installFakeApi(page: Page, answers: FakeAnswers, options: FakeApiOptions = {}): Promise<void> {
  assertNoProblems(fakeAnswersProblems(answers), 'fake answers');
  // Plain JavaScript text: a function passed from here would carry tsx's helpers (__name) along.
  const config = JSON.stringify({ answers, events: eventNames, delayMs: options.delayMs ?? {}, hold: options.hold ?? [], storage: options.storage ?? {} });
  await page.addInitScript({ content: `(${FAKE_SOURCE})(${config});` });
  await page.reload();
}

export async function emit(page: Page, event: string, batch: unknown[]): Promise<void> {
  assertNoProblems(fakeEventProblems(event, batch), 'fake events');
  await page.evaluate(([e, b]) => window.__fake!.emit(e as string, b as unknown[]), [event, batch] as const);
}

/** Lets the held answers of `channel` go (installFakeApi's `hold`), and every later one at once. */
export async function release(page: Page, channel: string): Promise<void> {
  await page.evaluate((c) => window.__fake!.release(c), channel);
}

export async function calls(page: Page, channel: string): Promise<unknown[]> {
  return page.evaluate((c) => window.__fake!.calls.filter((x) => x.channel === c).map((x) => x.input), channel);
}

/** Fails when the renderer sent a faked channel an input the real registry would refuse. */
export async function assertFakeCallsValid(page: Page): Promise<void> {
  const all = await page.evaluate(() => window.__fake!.calls.map((x) => ({ channel: x.channel, input: x.input })));
  assertNoProblems(fakeCallProblems(all), 'inputs the renderer sent to the fake');
}

export const SUB_ID = '00000000-0000-4000-8000-000000000001';

/** The sandbox's 60 physical regions in the azure.locations output shape. */
export function sandboxLocations() {
  return AZURE_LOCATIONS.map((raw) => {
    const l = raw as { name: string; displayName: string; regionalDisplayName?: string; metadata?: Record<string, unknown> };
    const m = l.metadata ?? {};
    return {
      name: l.name,
      displayName: l.displayName,
      regionalDisplayName: l.regionalDisplayName,
      geography: m.geography as string | undefined,
      geographyGroup: m.geographyGroup as string | undefined,
      latitude: m.latitude !== undefined ? Number(m.latitude) : undefined,
      longitude: m.longitude !== undefined ? Number(m.longitude) : undefined,
      pairedRegions: ((m.pairedRegion as { name: string }[] | undefined) ?? []).map((p) => p.name),
      physicalLocation: m.physicalLocation as string | undefined,
    };
  });
}

export const appInfo: Canned = { ok: true, value: { name: 'Flatkube', version: '0.1.0', shell: 'browser', nodeVersion: '24.0.0', platform: 'linux' } };
export const sandboxStatus: Canned = {
  ok: true,
  value: {
    environment: 'sandbox',
    environmentLabel: 'Flatkube sandbox (simulated Azure)',
    accounts: [{ id: 'acc-1', username: 'demo@sandbox.flatkube.test', homeTenantId: '11111111-1111-4111-8111-111111111111' }],
    persistence: { persistent: true },
    tenant: 'organizations',
  },
};
