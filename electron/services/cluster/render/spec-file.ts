import { LineCounter, parseDocument, stringify } from 'yaml';
import { clusterSpecSchema, type ClusterSpec } from '../../../../shared/domain/cluster-spec';

/**
 * Cluster spec files (YAML) for the CLI and "open/save spec" in the app. Errors name the field and,
 * where the field exists in the file, its line, so a user can fix the file without guessing.
 */

export interface SpecFileError {
  /** Dotted path, '' for the document itself. */
  path: string;
  /** 1-based line in the file, when known. */
  line?: number;
  message: string;
}

export type SpecFileResult = { ok: true; spec: ClusterSpec } | { ok: false; errors: SpecFileError[] };

export function parseClusterSpecYaml(text: string): SpecFileResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({
        path: '',
        line: e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line,
        message: e.message.split('\n')[0] ?? e.message,
      })),
    };
  }
  const value: unknown = doc.toJS();
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, errors: [{ path: '', line: 1, message: 'a cluster spec must be a YAML mapping' }] };
  }
  const r = clusterSpecSchema.safeParse(value);
  if (r.success) return { ok: true, spec: r.data };
  return {
    ok: false,
    errors: r.error.issues.map((issue) => {
      const path = issue.path.map(String);
      return { path: path.join('.'), line: lineOf(doc, lineCounter, path), message: issue.message };
    }),
  };
}

/** Line of the deepest node along `path` that exists (a missing field points at its parent). */
function lineOf(doc: ReturnType<typeof parseDocument>, lc: LineCounter, path: string[]): number | undefined {
  for (let n = path.length; n > 0; n--) {
    const prefix = path.slice(0, n);
    // The key's own position reads best ("name: Demo" -> the line with "name").
    const parent = n > 1 ? doc.getIn(prefix.slice(0, -1), true) : doc.contents;
    const pair = (parent as { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] } | null)?.items?.find(
      (item) => String(item.key?.value) === prefix[n - 1],
    );
    if (pair?.key?.range) return lc.linePos(pair.key.range[0]).line;
    const node = doc.getIn(prefix, true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return lc.linePos(node.range[0]).line;
  }
  return undefined;
}

/** Renders a spec back to YAML (defaults included) for "save as". */
export function specToYaml(spec: ClusterSpec): string {
  return stringify(spec, { lineWidth: 0 });
}
