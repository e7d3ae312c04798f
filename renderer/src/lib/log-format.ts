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
  return stripTerminalControls(text);
}

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

/** Plain text for "download all". */
export function plainLine(line: PaneLine): string {
  return `${new Date(line.ts).toISOString()} ${line.stream} ${line.level.toUpperCase().padEnd(5)} ${line.text}`;
}

/** Keeps the newest `max` lines per stream; reports how many were dropped. */
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
}
