import { StringDecoder } from 'node:string_decoder';

/**
 * Turns a byte stream into lines for live logs: keeps partial lines across chunks, strips the
 * '\r' of CRLF endings, never splits a multi-byte UTF-8 character, and flushes the last line
 * even without a final newline.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer | string): void {
    this.pending += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    let start = 0;
    let nl: number;
    // Walk with an index instead of re-slicing the buffer per line (keeps big chunks linear).
    while ((nl = this.pending.indexOf('\n', start)) !== -1) {
      const line = this.pending.slice(start, nl);
      start = nl + 1;
      this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
    }
    this.pending = this.pending.slice(start);
  }

  /** Emits whatever is left as a last line; call once when the stream ends. */
  end(): void {
    this.pending += this.decoder.end();
    if (this.pending !== '') {
      const line = this.pending.endsWith('\r') ? this.pending.slice(0, -1) : this.pending;
      this.pending = '';
      this.onLine(line);
    }
  }
}
