import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineSplitter } from '../../../electron/services/ssh/line-splitter';

function split(chunks: Array<Buffer | string>): string[] {
  const lines: string[] = [];
  const s = new LineSplitter((l) => lines.push(l));
  for (const c of chunks) s.push(c);
  s.end();
  return lines;
}

describe('LineSplitter', () => {
  it('joins partial lines across chunks and flushes the last one', () => {
    assert.deepEqual(split(['he', 'llo\nwor', 'ld\n', 'tail']), ['hello', 'world', 'tail']);
  });

  it('strips CR of CRLF, also when CR and LF land in different chunks', () => {
    assert.deepEqual(split(['a\r\nb\r', '\nc\r\n']), ['a', 'b', 'c']);
  });

  it('keeps empty lines and does not invent a trailing one', () => {
    assert.deepEqual(split(['\n\nx\n']), ['', '', 'x']);
  });

  it('does not break multi-byte characters split across chunks', () => {
    const bytes = Buffer.from('grüße ✓\n');
    assert.deepEqual(split([bytes.subarray(0, 3), bytes.subarray(3, 9), bytes.subarray(9)]), ['grüße ✓']);
  });

  it('emits lines as soon as they are complete', () => {
    const lines: string[] = [];
    const s = new LineSplitter((l) => lines.push(l));
    s.push('one\ntw');
    assert.deepEqual(lines, ['one']);
    s.push('o\n');
    assert.deepEqual(lines, ['one', 'two']);
  });
});
