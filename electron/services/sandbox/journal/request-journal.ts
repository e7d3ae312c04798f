/**
 * The request journal: what was called, with what, what came back. Feeds the training view and
 * lets tests check client behaviour (e.g. that Retry-After was honoured) from sandbox-side
 * timestamps instead of test wall-clock.
 *
 * Bodies are redacted before they are kept: anything that looks like a credential or a key,
 * and custom data (it carries Ignition configs), never reaches the journal.
 */
export interface JournalEntry {
  seq: number;
  requestId: string;
  /** When the request arrived (ISO) and the same as epoch ms, for arithmetic in tests. */
  time: string;
  receivedAtMs: number;
  method: string;
  path: string;
  apiVersion: string | undefined;
  status: number;
  durationMs: number;
  /** Redacted request body (JSON requests only). */
  requestBody?: unknown;
  /** Azure error code of the answer, when it was an error. */
  errorCode?: string;
  /** Retry-After the sandbox sent, seconds. */
  retryAfter?: number;
  /** Id of the injected fault that produced this answer. */
  faultRuleId?: string;
}

/** Keys whose values never leave the request (case-insensitive, substring match). */
const SECRET_KEY = /(token|secret|password|passwd|assertion|verifier|customdata|userdata|keydata|privatekey|publickey|sshkey|^key$|^keys$|authorization|cookie|code)$/i;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 20) return '[truncated]';
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = SECRET_KEY.test(k) ? '[redacted]' : redact(v, depth + 1);
    }
    return out;
  }
  if (typeof value === 'string' && /^eyJ[\w-]+\.[\w-]+\./.test(value)) return '[redacted]'; // a JWT anywhere
  return value;
}

export class RequestJournal {
  private entries: JournalEntry[] = [];
  private seq = 0;

  constructor(private readonly capacity = 5000) {}

  add(entry: Omit<JournalEntry, 'seq'>): JournalEntry {
    const e: JournalEntry = { seq: ++this.seq, ...entry };
    if (e.requestBody !== undefined) e.requestBody = redact(e.requestBody);
    this.entries.push(e);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    return e;
  }

  /** Entries after `sinceSeq` (exclusive), oldest first. */
  list(sinceSeq = 0): JournalEntry[] {
    return this.entries.filter((e) => e.seq > sinceSeq).map((e) => ({ ...e }));
  }

  clear(): void {
    this.entries = [];
  }
}
