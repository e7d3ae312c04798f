/**
 * The small OData `$filter` subset ARM's resource and group lists accept:
 * `tagName eq 'k'`, `tagName eq 'k' and tagValue eq 'v'`, `resourceType eq 'Ns/type'`,
 * `location eq 'x'`, `name eq 'n'`, joined with `and`. Values compare case-insensitively
 * (tag values too, as ARM does for this filter).
 */
import { ArmError, type ArmResource } from '../arm/types';

type Clause = { field: 'tagname' | 'tagvalue' | 'resourcetype' | 'location' | 'name'; value: string };

export function parseResourceFilter(filter: string | undefined): Clause[] {
  if (!filter || !filter.trim()) return [];
  const parts = filter.split(/\s+and\s+/i);
  return parts.map((p) => {
    const m = /^\s*(tagName|tagValue|resourceType|location|name)\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(p);
    if (!m) throw new ArmError(400, 'InvalidFilterInQueryString', `Invalid $filter '${filter}' specified in the query string.`);
    return { field: m[1]!.toLowerCase() as Clause['field'], value: m[2]!.replace(/''/g, "'") };
  });
}

export function matchesFilter(r: ArmResource, clauses: Clause[]): boolean {
  const tagName = clauses.find((c) => c.field === 'tagname')?.value;
  for (const c of clauses) {
    const v = c.value.toLowerCase();
    switch (c.field) {
      case 'tagname':
        if (!Object.keys(r.tags ?? {}).some((k) => k.toLowerCase() === v)) return false;
        break;
      case 'tagvalue': {
        if (tagName === undefined) throw new ArmError(400, 'InvalidFilterInQueryString', "A tagValue filter needs a tagName filter.");
        const entry = Object.entries(r.tags ?? {}).find(([k]) => k.toLowerCase() === tagName.toLowerCase());
        if (!entry || entry[1].toLowerCase() !== v) return false;
        break;
      }
      case 'resourcetype':
        if (r.type.toLowerCase() !== v) return false;
        break;
      case 'location':
        if ((r.location ?? '').toLowerCase().replace(/\s+/g, '') !== v.replace(/\s+/g, '')) return false;
        break;
      case 'name':
        if (r.name.toLowerCase() !== v) return false;
        break;
    }
  }
  return true;
}
