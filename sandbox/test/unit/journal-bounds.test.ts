/**
 * The request journal is bounded by bytes, not only by entry count (issue 13, task 3): a body is
 * kept redacted and at most `maxBodyBytes` long (longer ones truncated and marked so), and the
 * oldest entries go when the total passes `maxBytes`, so a local user sending large bodies cannot
 * grow the app's heap through it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RequestJournal, type JournalEntry } from '../../src/journal/request-journal';

type NewEntry = Omit<JournalEntry, 'seq'>;

function entry(path: string, requestBody?: unknown): NewEntry {
  return { requestId: path, time: '', receivedAtMs: 0, method: 'PUT', path, apiVersion: 'v', status: 200, durationMs: 1, ...(requestBody === undefined ? {} : { requestBody }) };
}

const bytesOf = (entries: JournalEntry[]) => Buffer.byteLength(JSON.stringify(entries));

describe('journal byte bounds', () => {
  it('keeps the total under maxBytes, dropping the oldest entries', () => {
    const j = new RequestJournal(5000, { maxBytes: 64 * 1024, maxBodyBytes: 4 * 1024 });
    const big = { properties: { text: 'x'.repeat(1024 * 1024) } };
    for (let i = 0; i < 80; i++) j.add(entry(`/big/${i}`, big));
    assert.ok(j.sizeBytes() <= 64 * 1024, `journal holds ${j.sizeBytes()} bytes`);
    const list = j.list();
    assert.ok(bytesOf(list) <= 64 * 1024 + list.length * 64, `listed entries are ${bytesOf(list)} bytes`);
    assert.equal(list.at(-1)?.path, '/big/79', 'the newest entry stays');
    assert.ok(list.length < 80 && list.length > 5, `${list.length} entries kept`);
  });

  it('truncates a long body, marks it and says how long it was; a short one stays whole', () => {
    const j = new RequestJournal(5000, { maxBytes: 1024 * 1024, maxBodyBytes: 1000 });
    const long = { properties: { text: 'y'.repeat(5000), size: 'Standard_B2s' } };
    const e = j.add(entry('/long', long));
    assert.equal(e.requestBodyTruncated, true);
    assert.equal(typeof e.requestBody, 'string');
    assert.ok(Buffer.byteLength(e.requestBody as string) <= 1000);
    assert.ok((e.requestBodyBytes ?? 0) > 5000);
    assert.ok((e.requestBody as string).startsWith('{"properties":{"text":"yyy'));

    const short = j.add(entry('/short', { location: 'westeurope' }));
    assert.equal(short.requestBodyTruncated, undefined);
    assert.deepEqual(short.requestBody, { location: 'westeurope' });
    assert.deepEqual(j.list().map((x) => x.path), ['/long', '/short']);
  });

  it('redacts before it truncates: no secret survives in the kept prefix', () => {
    const j = new RequestJournal(5000, { maxBytes: 1024 * 1024, maxBodyBytes: 200 });
    const e = j.add(entry('/vm', { properties: { osProfile: { adminPassword: 'hunter2', customData: 'SECRET' } }, pad: 'z'.repeat(1000) }));
    assert.equal(e.requestBodyTruncated, true);
    const text = JSON.stringify(j.list());
    assert.ok(!text.includes('hunter2') && !text.includes('SECRET'), text);
  });

  it('still bounds the number of entries', () => {
    const j = new RequestJournal(3);
    for (let i = 0; i < 10; i++) j.add(entry(`/e/${i}`));
    assert.deepEqual(j.list().map((e) => e.path), ['/e/7', '/e/8', '/e/9']);
  });
});
