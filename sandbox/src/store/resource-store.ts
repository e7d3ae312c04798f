/**
 * The sandbox's persisted state: ARM resources keyed case-insensitively by id (keeping the casing
 * of the first PUT, as Azure does), private per-resource data, and namespaced key/value state.
 *
 * With a state dir, every change is written to `state.json` atomically (temp file + rename), so
 * a sandbox killed at any moment restarts from the last complete state. The file can hold
 * secrets (custom data, refresh tokens), hence mode 0600.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArmResource, ResourceStore, StoreChange } from '../arm/types';

interface Entry {
  resource: ArmResource;
  internal?: unknown;
}

interface StateFile {
  version: 1;
  resources: Record<string, Entry>;
  state: Record<string, Record<string, { key: string; value: unknown }>>;
}

const STATE_FILE = 'state.json';

function copy<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

export class JsonResourceStore implements ResourceStore {
  private data: StateFile = { version: 1, resources: {}, state: {} };
  private readonly listeners = new Set<(change: StoreChange) => void>();
  private readonly file: string | undefined;

  /** `stateDir` undefined = memory only. */
  constructor(stateDir?: string) {
    if (stateDir) {
      mkdirSync(stateDir, { recursive: true, mode: 0o700 });
      this.file = join(stateDir, STATE_FILE);
      if (existsSync(this.file)) {
        const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as StateFile;
        if (parsed.version !== 1) throw new Error(`Unsupported sandbox state version in ${this.file}`);
        this.data = parsed;
      }
    }
  }

  private persist(): void {
    if (!this.file) return;
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data), { mode: 0o600 });
    renameSync(tmp, this.file);
  }

  private emit(change: StoreChange): void {
    for (const l of [...this.listeners]) {
      try {
        l(change);
      } catch (err) {
        // A faulty listener must not corrupt the store's caller; report and go on.
        console.error('[sandbox] store listener failed:', (err as Error).message);
      }
    }
  }

  getResource(id: string): ArmResource | undefined {
    return copy(this.data.resources[id.toLowerCase()]?.resource);
  }

  putResource(resource: ArmResource, internal?: unknown): ArmResource {
    const key = resource.id.toLowerCase();
    const prev = this.data.resources[key];
    const stored = copy(resource);
    if (prev) stored.id = prev.resource.id; // keep the casing of the first PUT
    const entry: Entry = { resource: stored };
    const keepInternal = internal !== undefined ? copy(internal) : prev?.internal;
    if (keepInternal !== undefined) entry.internal = keepInternal;
    this.data.resources[key] = entry;
    this.persist();
    this.emit({ kind: 'put', id: stored.id, resource: copy(stored), previous: copy(prev?.resource) });
    return copy(stored);
  }

  deleteResource(id: string): boolean {
    const key = id.toLowerCase();
    const prev = this.data.resources[key];
    if (!prev) return false;
    delete this.data.resources[key];
    this.persist();
    this.emit({ kind: 'delete', id: prev.resource.id, resource: copy(prev.resource) });
    return true;
  }

  listUnder(prefix: string): ArmResource[] {
    const p = prefix.toLowerCase().replace(/\/+$/, '') + '/';
    return Object.entries(this.data.resources)
      .filter(([k]) => k.startsWith(p))
      .map(([, e]) => copy(e.resource));
  }

  listResources(predicate?: (r: ArmResource) => boolean): ArmResource[] {
    const all = Object.values(this.data.resources).map((e) => copy(e.resource));
    return predicate ? all.filter(predicate) : all;
  }

  getInternal<T>(id: string): T | undefined {
    return copy(this.data.resources[id.toLowerCase()]?.internal as T | undefined);
  }

  setInternal(id: string, internal: unknown): void {
    const entry = this.data.resources[id.toLowerCase()];
    if (!entry) throw new Error(`setInternal: no resource ${id}`);
    entry.internal = copy(internal);
    this.persist();
  }

  getState<T>(namespace: string, key: string): T | undefined {
    return copy(this.data.state[namespace]?.[key.toLowerCase()]?.value as T | undefined);
  }

  setState(namespace: string, key: string, value: unknown): void {
    const ns = (this.data.state[namespace] ??= {});
    ns[key.toLowerCase()] = { key, value: copy(value) };
    this.persist();
  }

  deleteState(namespace: string, key: string): void {
    const ns = this.data.state[namespace];
    if (ns && delete ns[key.toLowerCase()]) this.persist();
  }

  listState<T>(namespace: string): Array<{ key: string; value: T }> {
    return Object.values(this.data.state[namespace] ?? {}).map((e) => ({ key: e.key, value: copy(e.value as T) }));
  }

  onChange(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
