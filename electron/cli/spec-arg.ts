import { readFile } from 'node:fs/promises';
import type { ClusterSpec } from '../../shared/domain/cluster-spec';
import { parseClusterSpecYaml } from '../services/cluster/render/spec-file';
import { UsageError } from './args';
import { SpecError } from './command-errors';

/** Reads and validates `--spec F`; a missing or invalid spec is a usage error (exit 2). */
export async function loadSpecArg(file: string | boolean | undefined): Promise<ClusterSpec> {
  if (typeof file !== 'string') throw new UsageError('--spec FILE is required');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new SpecError(`cannot read spec ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const r = parseClusterSpecYaml(text);
  if (!r.ok) {
    const first = r.errors[0]!;
    const where = `${file}${first.line ? `:${first.line}` : ''}`;
    const more = r.errors.length > 1 ? ` (+${r.errors.length - 1} more)` : '';
    throw new SpecError(`invalid spec ${where}: ${first.path ? `${first.path}: ` : ''}${first.message}${more}`);
  }
  return r.spec;
}
