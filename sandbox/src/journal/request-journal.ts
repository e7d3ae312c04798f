/**
 * The request journal: what was called, with what, what came back. Feeds the training view and
 * lets tests check client behaviour (e.g. that Retry-After was honoured) from sandbox-side
 * timestamps instead of test wall-clock.
 *
 * Bodies are redacted before they are kept: anything that looks like a credential or a key,
 * and custom data (it carries Ignition configs), never reaches the journal.
 *
 * The journal lives in the app's own process, and anyone on the machine can send requests to the
 * sandbox, so it is bounded in bytes as well as in entries: a body is kept as its redacted JSON
 * text, cut to `maxBodyBytes` (and marked so), and the oldest entries go once the total passes
 * `maxBytes`. Which requests keep a body at all is the caller's decision (arm-dispatcher.ts:
 * authenticated and not refused).
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
  /**
   * Redacted request body (JSON requests only): the parsed JSON, or, when it was longer than the
   * journal keeps, the first `maxBodyBytes` of its JSON text (`requestBodyTruncated` is then set).
   */
  requestBody?: unknown;
  /** The body was cut: `requestBody` is a prefix of its redacted JSON text. */
  requestBodyTruncated?: true;
  /** Length of the whole redacted body's JSON text, bytes (set when truncated). */
  requestBodyBytes?: number;
  /** Azure error code of the answer, when it was an error. */
  errorCode?: string;
  /** Retry-After the sandbox sent, seconds. */
  retryAfter?: number;
  /** Id of the injected fault that produced this answer. */
  faultRuleId?: string;
}

export interface JournalLimits {
  /** All entries together, bytes of their JSON (default 8 MiB). */
  maxBytes: number;
  /** One kept body, bytes of its redacted JSON text (default 16 KiB: a VM create body fits). */
  maxBodyBytes: number;
}

export const DEFAULT_JOURNAL_LIMITS: JournalLimits = { maxBytes: 8 * 1024 * 1024, maxBodyBytes: 16 * 1024 };

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

/** What is stored: the entry without its body object, the body as text (strings cost what they weigh). */
interface StoredEntry {
  entry: Omit<JournalEntry, 'requestBody'>;
  bodyText?: string;
  bytes: number;
}

/** The first `max` bytes of `text`, cut at a character boundary. */
function utf8Prefix(text: string, max: number): string {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= max) return text;
  let end = max;
  while (end > 0 && (buf[end]! & 0xc0) === 0x80) end--; // not inside a multi-byte character
  return buf.subarray(0, end).toString('utf8');
}

export class RequestJournal {
  private entries: StoredEntry[] = [];
  private totalBytes = 0;
  private seq = 0;
  private readonly limits: JournalLimits;

  constructor(
    private readonly capacity = 5000,
    limits: Partial<JournalLimits> = {},
  ) {
    this.limits = { ...DEFAULT_JOURNAL_LIMITS, ...limits };
  }

  add(input: Omit<JournalEntry, 'seq'>): JournalEntry {
    const { requestBody, requestBodyTruncated: _t, requestBodyBytes: _b, ...rest } = input;
    const entry: Omit<JournalEntry, 'requestBody'> = { seq: ++this.seq, ...rest };
    let bodyText: string | undefined;
    if (requestBody !== undefined) {
      const whole = JSON.stringify(redact(requestBody));
      const wholeBytes = Buffer.byteLength(whole);
      if (wholeBytes > this.limits.maxBodyBytes) {
        bodyText = utf8Prefix(whole, this.limits.maxBodyBytes);
        entry.requestBodyTruncated = true;
        entry.requestBodyBytes = wholeBytes;
      } else {
        bodyText = whole;
      }
    }
    const bytes = Buffer.byteLength(JSON.stringify(entry)) + (bodyText === undefined ? 0 : Buffer.byteLength(bodyText) + 16);
    this.entries.push({ entry, ...(bodyText === undefined ? {} : { bodyText }), bytes });
    this.totalBytes += bytes;
    // The newest entry always stays, even alone over the budget (a body is at most maxBodyBytes).
    while (this.entries.length > 1 && (this.entries.length > this.capacity || this.totalBytes > this.limits.maxBytes)) {
      this.totalBytes -= this.entries.shift()!.bytes;
    }
    return this.view(this.entries.at(-1)!);
  }

  /** Entries after `sinceSeq` (exclusive), oldest first. */
  list(sinceSeq = 0): JournalEntry[] {
    return this.entries.filter((e) => e.entry.seq > sinceSeq).map((e) => this.view(e));
  }

  /** What the kept entries weigh, bytes (about their JSON): never more than `maxBytes` plus one entry. */
  sizeBytes(): number {
    return this.totalBytes;
  }

  clear(): void {
    this.entries = [];
    this.totalBytes = 0;
  }

  private view(s: StoredEntry): JournalEntry {
    if (s.bodyText === undefined) return { ...s.entry };
    return { ...s.entry, requestBody: s.entry.requestBodyTruncated ? s.bodyText : JSON.parse(s.bodyText) };
  }
}
