/**
 * Decides, call by call, whether an injected fault fires (see fault-rules.ts for the rule format).
 * Deterministic: counters per rule and a seeded RNG, never the clock.
 */
import type { FaultHit, FaultInjector, FaultKind, FaultPoint } from '../arm/types';
import type { FaultFile, FaultRule } from './fault-rules';

interface ActiveRule {
  id: string;
  rule: FaultRule;
  regex: RegExp | undefined;
  seen: number;
  fired: number;
}

/** mulberry32: tiny, good enough for fault sampling, reproducible across Node versions. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DEFAULTS: Record<FaultKind, Partial<FaultHit>> = {
  throttle: { status: 429, retryAfterSeconds: 1, code: 'SubscriptionRequestsThrottled' },
  'server-error': { status: 500, code: 'InternalServerError' },
  'operation-failed': { code: 'InternalServerError', message: 'An internal execution error occurred. Please retry later.' },
  'vm-provisioning-failed': {
    code: 'OSProvisioningTimedOut',
    message:
      "OS Provisioning for VM did not finish in the allotted time. The VM may still finish provisioning successfully. Please check provisioning state later. Also, make sure the image has been properly prepared (generalized).",
  },
  'ssh-drop': { afterMs: 0 },
  'download-corrupted': {},
};

export class RuleFaultInjector implements FaultInjector {
  private rules: ActiveRule[] = [];
  private random: () => number = seededRandom(1);
  private seed = 1;
  private nextId = 1;
  private readonly listeners = new Set<(hit: FaultHit, point: FaultPoint) => void>();

  constructor(file?: FaultFile) {
    if (file) this.load(file);
  }

  /** Replaces all rules (and reseeds when the file has a seed). */
  load(file: FaultFile): void {
    this.rules = [];
    this.add(file);
  }

  /** Adds rules (and reseeds when the file has a seed). Returns the ids given to them. */
  add(file: FaultFile): string[] {
    if (file.seed !== undefined) {
      this.seed = file.seed;
      this.random = seededRandom(file.seed);
    }
    return file.rules.map((rule) => {
      const id = rule.id ?? `fault-${this.nextId++}`;
      this.rules.push({ id, rule, regex: rule.path ? new RegExp(rule.path, 'i') : undefined, seen: 0, fired: 0 });
      return id;
    });
  }

  clear(): void {
    this.rules = [];
  }

  /** Rules with their counters, for `GET /_sandbox/faults`. */
  list(): { seed: number; rules: Array<FaultRule & { id: string; seen: number; fired: number }> } {
    return { seed: this.seed, rules: this.rules.map((r) => ({ ...r.rule, id: r.id, seen: r.seen, fired: r.fired })) };
  }

  take(point: FaultPoint): FaultHit | undefined {
    for (const r of this.rules) {
      if (r.rule.kind !== point.kind) continue;
      if (r.rule.method && r.rule.method.toUpperCase() !== point.method.toUpperCase()) continue;
      if (r.regex && !r.regex.test(point.path)) continue;
      r.seen++;
      if (!this.fires(r)) continue;
      r.fired++;
      const d = DEFAULTS[point.kind];
      const hit: FaultHit = { kind: point.kind, ruleId: r.id };
      const status = r.rule.status ?? d.status;
      if (status !== undefined) hit.status = status;
      const retry = r.rule.retryAfterSeconds ?? d.retryAfterSeconds;
      if (retry !== undefined && (point.kind === 'throttle' || r.rule.retryAfterSeconds !== undefined)) hit.retryAfterSeconds = retry;
      const code = r.rule.code ?? (point.kind === 'server-error' && status === 503 ? 'ServiceUnavailable' : d.code);
      if (code !== undefined) hit.code = code;
      const message = r.rule.message ?? d.message;
      if (message !== undefined) hit.message = message;
      const afterMs = r.rule.afterMs ?? d.afterMs;
      if (afterMs !== undefined) hit.afterMs = afterMs;
      for (const l of [...this.listeners]) l(hit, point);
      return hit;
    }
    return undefined;
  }

  private fires(r: ActiveRule): boolean {
    const { nth, count, rate } = r.rule;
    if (rate !== undefined) {
      if (count !== undefined && r.fired >= count) return false;
      return this.random() < rate;
    }
    const first = nth ?? 1;
    const n = count ?? 1;
    return r.seen >= first && r.seen < first + n;
  }

  onFault(listener: (hit: FaultHit, point: FaultPoint) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
