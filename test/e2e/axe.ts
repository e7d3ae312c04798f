import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

/**
 * axe-core in the e2e suite: injected into the page (node_modules/axe-core/axe.min.js) and run with
 * its default rules on the whole document. Answers the violations with what a failure message
 * needs: the rule, its impact, each node's selector and, for colour contrast, the measured figures.
 *
 * The renderer's Content-Security-Policy (script-src 'self') refuses page.addScriptTag's inline
 * script, and the app is checked with its real policy in force: the script is evaluated through the
 * DevTools protocol instead (as page.evaluate does), which the policy does not govern.
 */
export const AXE_SCRIPT = path.resolve('node_modules/axe-core/axe.min.js');
let axeSource: string | undefined;

export type Impact = 'minor' | 'moderate' | 'serious' | 'critical';

export interface AxeNode {
  target: string[];
  /** For color-contrast: "3.2:1 (#16a34a on #ffffff, 12.8px normal; needs 4.5:1)". */
  detail?: string;
}

export interface AxeViolation {
  id: string;
  impact: Impact | null;
  help: string;
  nodes: AxeNode[];
}

declare const window: { axe?: { run(context: unknown, options: unknown): Promise<RawResults> } };
declare const document: unknown;
interface RawResults {
  violations: {
    id: string;
    impact: Impact | null;
    help: string;
    nodes: { target: unknown[]; any: { id: string; data?: Record<string, unknown> | null }[] }[];
  }[];
}

/**
 * The rules whose outcome depends on colours: all that changes between the light and the dark
 * theme (styles.css: every colour is a light-dark() pair and nothing else differs). axe-core's
 * rule list: https://github.com/dequelabs/axe-core/blob/develop/doc/rule-descriptions.md
 */
export const COLOUR_RULES = ['color-contrast', 'link-in-text-block'] as const;

/**
 * Runs axe-core on the page as it is now (its default rules, or only `rules`); injects it first
 * when the page has none.
 */
export async function runAxe(page: Page, rules?: readonly string[]): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    axeSource ??= readFileSync(AXE_SCRIPT, 'utf8');
    await page.evaluate(axeSource);
  }
  const raw = await page.evaluate(async (only) => {
    const r = await window.axe!.run(document, { resultTypes: ['violations'], ...(only ? { runOnly: { type: 'rule', values: only } } : {}) });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), data: n.any.find((c) => c.id === 'color-contrast')?.data ?? null })),
    }));
  }, rules ? [...rules] : undefined);
  return raw.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target, ...(n.data ? { detail: contrastDetail(n.data) } : {}) })),
  }));
}

function contrastDetail(d: Record<string, unknown>): string {
  const ratio = (x: unknown) => (typeof x === 'number' ? `${x}:1` : String(x ?? '?'));
  return `${ratio(d.contrastRatio)} (${String(d.fgColor)} on ${String(d.bgColor)}, ${String(d.fontSize)} ${String(d.fontWeight)}; needs ${String(d.expectedContrastRatio)})`;
}

export const isBlocking = (v: AxeViolation) => v.impact === 'serious' || v.impact === 'critical';

/** Counts per impact, e.g. "serious 3 (12 nodes) · moderate 1 (1 node)". */
export function summarise(violations: readonly AxeViolation[]): string {
  const by = new Map<string, { rules: number; nodes: number }>();
  for (const v of violations) {
    const k = v.impact ?? 'unknown';
    const e = by.get(k) ?? { rules: 0, nodes: 0 };
    e.rules++;
    e.nodes += v.nodes.length;
    by.set(k, e);
  }
  if (by.size === 0) return 'no violations';
  return ['critical', 'serious', 'moderate', 'minor', 'unknown']
    .filter((k) => by.has(k))
    .map((k) => `${k} ${by.get(k)!.rules} (${by.get(k)!.nodes} node${by.get(k)!.nodes === 1 ? '' : 's'})`)
    .join(' · ');
}

/** One line per violation node: rule, impact, selector and (for contrast) the figures. */
export function describe(violations: readonly AxeViolation[]): string {
  return violations
    .flatMap((v) => v.nodes.map((n) => `  [${v.impact}] ${v.id} (${v.help}): ${n.target.join(' ')}${n.detail ? ` — ${n.detail}` : ''}`))
    .join('\n');
}
