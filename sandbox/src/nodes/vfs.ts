// Per-node virtual filesystem: what Ignition wrote plus what commands changed.
// Paths are absolute and normalised; links are followed on read. Ownership is
// reduced to "root or core" because that is all the simulated commands need
// to decide whether `core` without sudo may read or write a file.

export type Owner = 'root' | 'core';

export type VfsEntry =
  | { type: 'file'; data: Buffer; mode: number; owner: Owner }
  | { type: 'link'; target: string }
  | { type: 'dir'; mode: number; owner: Owner };

export type SerializedEntry =
  | { type: 'file'; base64: string; mode: number; owner: Owner }
  | { type: 'link'; target: string }
  | { type: 'dir'; mode: number; owner: Owner };

export function normalizePath(path: string, cwd = '/'): string {
  const joined = path.startsWith('/') ? path : `${cwd.replace(/\/$/, '')}/${path}`;
  const out: string[] = [];
  for (const seg of joined.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return '/' + out.join('/');
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export class VirtualFs {
  private readonly entries = new Map<string, VfsEntry>();

  constructor() {
    this.entries.set('/', { type: 'dir', mode: 0o755, owner: 'root' });
  }

  /** Resolves links (absolute or relative targets), at most 16 hops like a kernel's loop guard. */
  resolve(path: string): string {
    let p = normalizePath(path);
    for (let hops = 0; hops < 16; hops++) {
      const e = this.entries.get(p);
      if (!e || e.type !== 'link') return p;
      p = normalizePath(e.target, parentOf(p));
    }
    return p;
  }

  lstat(path: string): VfsEntry | undefined {
    return this.entries.get(normalizePath(path));
  }

  stat(path: string): VfsEntry | undefined {
    return this.entries.get(this.resolve(path));
  }

  readFile(path: string): Buffer | undefined {
    const e = this.stat(path);
    return e?.type === 'file' ? e.data : undefined;
  }

  readText(path: string): string | undefined {
    return this.readFile(path)?.toString('utf8');
  }

  mkdirp(path: string, owner: Owner = 'root', mode = 0o755): void {
    const p = normalizePath(path);
    if (p === '/') return;
    this.mkdirp(parentOf(p), owner, mode);
    if (!this.entries.has(p)) this.entries.set(p, { type: 'dir', mode, owner });
  }

  writeFile(path: string, data: Buffer | string, opts: { mode?: number; owner?: Owner } = {}): void {
    const p = this.resolve(path);
    this.mkdirp(parentOf(p));
    const prev = this.entries.get(p);
    const mode = opts.mode ?? (prev?.type === 'file' ? prev.mode : 0o644);
    const owner = opts.owner ?? (prev?.type === 'file' ? prev.owner : 'root');
    this.entries.set(p, { type: 'file', data: Buffer.isBuffer(data) ? data : Buffer.from(data), mode, owner });
  }

  symlink(path: string, target: string): void {
    const p = normalizePath(path);
    this.mkdirp(parentOf(p));
    this.entries.set(p, { type: 'link', target });
  }

  remove(path: string): boolean {
    return this.entries.delete(normalizePath(path));
  }

  list(prefix = '/'): string[] {
    const p = normalizePath(prefix);
    return [...this.entries.keys()].filter((k) => k === p || k.startsWith(p === '/' ? '/' : p + '/')).sort();
  }

  toJSON(): Record<string, SerializedEntry> {
    const out: Record<string, SerializedEntry> = {};
    for (const [k, e] of this.entries) {
      out[k] = e.type === 'file' ? { type: 'file', base64: e.data.toString('base64'), mode: e.mode, owner: e.owner } : e;
    }
    return out;
  }

  static fromJSON(json: Record<string, SerializedEntry>): VirtualFs {
    const fs = new VirtualFs();
    for (const [k, e] of Object.entries(json)) {
      fs.entries.set(k, e.type === 'file' ? { type: 'file', data: Buffer.from(e.base64, 'base64'), mode: e.mode, owner: e.owner } : e);
    }
    return fs;
  }
}
