/** Formatting of log lines for the xterm.js panes: timestamps, colours, and a bounded store. */

import { stripTerminalControls } from '../../../shared/text/terminal-controls';

export interface PaneLine {
  stream: string;
  ts: number;
  level: 'info' | 'warn' | 'error';
  text: string;
}

const RESET = '\x1b[0m';
const YELLOW = '\x1b[33m';
const RED = '\x1b[1;31m';
const DIM = '\x1b[2m';

/** A line's level: the event's own, raised when the text itself says error/warning (kubeadm, journal). */
export function effectiveLevel(line: PaneLine): PaneLine['level'] {
  if (line.level !== 'info') return line.level;
  if (/\b(error|fatal|failed|panic)\b|^E\d{4} /i.test(line.text)) return 'error';
  if (/\b(warn|warning)\b|^W\d{4} /i.test(line.text)) return 'warn';
  return 'info';
}

export function timestamp(ts: number): string {
  const d = new Date(ts);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/**
 * Strips control sequences a remote line might carry so it cannot drive the terminal. Main strips
 * them before emitting; this second pass keeps the pane safe from any other source of text.
 */
export function sanitize(text: string): string {
  // Every sequence stripTerminalControls removes starts with (or is) a C0/C1 control or DEL: a line
  // without one, nearly every line, is returned as it is without its four passes.
  return ANY_CONTROL.test(text) ? stripTerminalControls(text) : text;
}
// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

/** One terminal line (CRLF-terminated rows for each line of the text). */
export function formatLine(line: PaneLine, opts: { timestamps: boolean }): string {
  const level = effectiveLevel(line);
  const colour = level === 'error' ? RED : level === 'warn' ? YELLOW : '';
  const prefix = opts.timestamps ? `${DIM}${timestamp(line.ts)}${RESET} ` : '';
  return sanitize(line.text)
    .split('\n')
    .map((row) => `${prefix}${colour}${row}${colour ? RESET : ''}`)
    .join('\r\n') + '\r\n';
}

/**
 * Many lines in one terminal string, as formatLine would give them one by one: the batch path of
 * the panes (the time prefix is worked out once per second of timestamps, not once per line).
 */
export function formatLines(lines: readonly PaneLine[], opts: { timestamps: boolean }): string {
  let out = '';
  let second = NaN;
  let secondPrefix = '';
  for (const line of lines) {
    const level = effectiveLevel(line);
    const colour = level === 'error' ? RED : level === 'warn' ? YELLOW : '';
    let prefix = '';
    if (opts.timestamps) {
      const s = Math.floor(line.ts / 1000);
      if (s !== second) {
        second = s;
        const t = timestamp(s * 1000);
        secondPrefix = `${DIM}${t.slice(0, -3)}`;
      }
      const ms = Math.floor(line.ts) - second * 1000;
      prefix = `${secondPrefix}${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}${RESET} `;
    }
    const text = sanitize(line.text);
    if (text.indexOf('\n') < 0) out += `${prefix}${colour}${text}${colour ? RESET : ''}\r\n`;
    else for (const row of text.split('\n')) out += `${prefix}${colour}${row}${colour ? RESET : ''}\r\n`;
  }
  return out;
}

/** Plain text for "download all". */
export function plainLine(line: PaneLine): string {
  return `${new Date(line.ts).toISOString()} ${line.stream} ${line.level.toUpperCase().padEnd(5)} ${line.text}`;
}

/**
 * Keeps the newest `max` lines per stream; reports how many were dropped. Every line has a
 * sequence number (0 for the first line ever pushed): `first` is the oldest one still kept, `end`
 * the one the next line gets, so a reader (a log pane) can hold its place as a number.
 */
export class BoundedLog {
  // Lines before `start` are dropped but not yet cut out: cutting once per `max` lines keeps a
  // push O(1) amortised (a splice per line made a 20,000-line stream crawl under a log flood).
  private lines: PaneLine[] = [];
  private start = 0;
  dropped = 0;
  constructor(readonly max: number) {}
  push(line: PaneLine): void {
    this.lines.push(line);
    if (this.lines.length - this.start > this.max) {
      this.start++;
      this.dropped++;
      if (this.start >= this.max) {
        this.lines = this.lines.slice(this.start);
        this.start = 0;
      }
    }
  }
  all(): readonly PaneLine[] {
    if (this.start > 0) {
      this.lines = this.lines.slice(this.start);
      this.start = 0;
    }
    return this.lines;
  }
  get size(): number {
    return this.lines.length - this.start;
  }
  /** Sequence number of the next line pushed (lines pushed so far). */
  get end(): number {
    return this.dropped + this.size;
  }
  /** Sequence number of the oldest line kept. */
  get first(): number {
    return this.dropped;
  }
  /** Lines with sequence numbers in [from, to), clamped to those kept. */
  slice(from: number, to: number): PaneLine[] {
    const base = this.start - this.dropped;
    return this.lines.slice(base + Math.max(from, this.dropped), base + Math.min(to, this.end));
  }
}
