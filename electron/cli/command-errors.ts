import { redactSecrets } from '../services/secrets/redact';
import { UsageError } from './args';

/** The spec file is missing, unreadable or invalid: exit 2 with one line (no usage text). */
export class SpecError extends Error {
  override readonly name = 'SpecError';
}

/**
 * Runs a command and maps its failure to the CLI's exit codes: SpecError -> 2 (one line),
 * UsageError -> rethrown (cli.ts prints the usage and exits 2), anything else -> 1 with a
 * one-line, redacted reason.
 */
export async function guard(command: string, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const line = redactSecrets((err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '');
    process.stderr.write(`flatkube ${command}: ${line}\n`);
    return err instanceof SpecError ? 2 : 1;
  }
}
