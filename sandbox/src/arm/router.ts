/**
 * ARM path routing: literal segments match case-insensitively (ARM paths are), `{param}` takes
 * exactly one segment and keeps the casing the client sent.
 */
import type { ArmRouter, RouteDefinition } from './types';

interface CompiledRoute {
  def: RouteDefinition;
  segments: Array<{ literal: string } | { param: string }>;
  literals: number;
}

export type RouteMatch =
  | { kind: 'match'; route: RouteDefinition; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'none' };

export function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

export class PatternRouter implements ArmRouter {
  private readonly routes: CompiledRoute[] = [];

  add(def: RouteDefinition): void {
    const segments = splitPath(def.pattern).map((s) => {
      const m = /^\{([A-Za-z0-9_]+)\}$/.exec(s);
      return m ? { param: m[1]! } : { literal: s.toLowerCase() };
    });
    const literals = segments.filter((s) => 'literal' in s).length;
    this.routes.push({ def: { ...def, methods: def.methods.map((m) => m.toUpperCase()) }, segments, literals });
    // Most specific first: more literal segments win over generic patterns.
    this.routes.sort((a, b) => b.literals - a.literals);
  }

  /** `pathSegments` are already percent-decoded. */
  match(method: string, pathSegments: string[]): RouteMatch {
    const allowed = new Set<string>();
    for (const r of this.routes) {
      if (r.segments.length !== pathSegments.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < r.segments.length; i++) {
        const seg = r.segments[i]!;
        const actual = pathSegments[i]!;
        if ('literal' in seg) {
          if (seg.literal !== actual.toLowerCase()) {
            ok = false;
            break;
          }
        } else {
          params[seg.param] = actual;
        }
      }
      if (!ok) continue;
      if (r.def.methods.includes(method)) return { kind: 'match', route: r.def, params };
      r.def.methods.forEach((m) => allowed.add(m));
    }
    return allowed.size > 0 ? { kind: 'method-not-allowed', allowed: [...allowed] } : { kind: 'none' };
  }
}
