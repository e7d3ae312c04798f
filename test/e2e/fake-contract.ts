import { isDeepStrictEqual } from 'node:util';
import { channels, events, isChannelName, isEventName } from '../../shared/ipc/contract';
import { ipcErrorSchema, describeIssues } from '../../shared/ipc/result';

/**
 * Holds the e2e fakes to the IPC contract (shared/ipc), so a fake cannot drift from what the real
 * backend can answer: every canned answer must be an envelope the channel could really send (an
 * ok value its output schema accepts and delivers unchanged, or an error of the error schema),
 * every faked event must pass its event schema, every channel and event must exist. No browser
 * here: fake-api.ts checks with it before it installs a fake, and a unit test checks the tables.
 */

export type Canned = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; hint?: string; azureCode?: string } };
export type FakeAnswers = Record<string, Canned | { sequence: Canned[] }>;

/** Where the first difference between two values is, as a dotted path ('' when equal). */
function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
      if (d !== undefined) return d;
    }
  }
  return path || '(value)';
}

/** What is wrong with one canned answer of `channel` (empty when the real contract could send it). */
export function answerProblems(channel: string, answer: unknown): string[] {
  if (!isChannelName(channel)) return [`${channel}: no such channel in shared/ipc`];
  const a = answer as { ok?: unknown; value?: unknown; error?: unknown };
  if (a === null || typeof a !== 'object' || typeof a.ok !== 'boolean') return [`${channel}: not an {ok, value} / {ok, error} envelope`];
  if (a.ok === false) {
    const e = ipcErrorSchema.strict().safeParse(a.error);
    return e.success ? [] : [`${channel}: error envelope rejected by the error schema: ${describeIssues(e.error)}`];
  }
  const out = channels[channel].output.safeParse(a.value);
  if (!out.success) return [`${channel}: output schema rejects the fake: ${describeIssues(out.error)}`];
  // The registry answers what the schema delivers: unknown keys stripped, defaults filled in. A fake
  // that differs from that shows the renderer something the real backend never sends.
  const where = firstDifference(a.value, out.data);
  return where === undefined ? [] : [`${channel}: the real backend would deliver this fake changed at ${where} (a field the schema strips or fills in)`];
}

/** Every problem of a table of canned answers (sequences answer by answer). */
export function fakeAnswersProblems(answers: FakeAnswers): string[] {
  return Object.entries(answers).flatMap(([channel, answer]) =>
    'sequence' in answer ? answer.sequence.flatMap((a, i) => answerProblems(channel, a).map((p) => `${p} (sequence answer ${i})`)) : answerProblems(channel, answer),
  );
}

/** Every problem of a batch of faked events. */
export function fakeEventProblems(event: string, batch: unknown[]): string[] {
  if (!isEventName(event)) return [`${event}: no such event in shared/ipc`];
  return batch.flatMap((e, i) => {
    const r = events[event].safeParse(e);
    if (!r.success) return [`${event}[${i}]: event schema rejects the fake: ${describeIssues(r.error)}`];
    const where = firstDifference(e, r.data);
    return where === undefined ? [] : [`${event}[${i}]: the real hub would deliver this event changed at ${where}`];
  });
}

/** What is wrong with inputs the renderer sent to a faked channel (the real registry would refuse them). */
export function fakeCallProblems(calls: Array<{ channel: string; input: unknown }>): string[] {
  return calls.flatMap(({ channel, input }) => {
    if (!isChannelName(channel)) return [`${channel}: no such channel`];
    const r = channels[channel].input.safeParse(input);
    return r.success ? [] : [`${channel}: the renderer sent ${JSON.stringify(input)?.slice(0, 200)}, which the input schema rejects: ${describeIssues(r.error)}`];
  });
}

export function assertNoProblems(problems: string[], what: string): void {
  if (problems.length > 0) throw new Error(`${what} break the IPC contract (shared/ipc):\n  ${problems.join('\n  ')}`);
}
