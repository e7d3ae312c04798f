// One simulated node at run time: its persisted state, its filesystem, its
// journal (with live followers for `journalctl -f`), and its units.
import { EventEmitter } from 'node:events';
import { JOURNAL_CAP, type JournalEntry, type NodeState, type UnitActive } from './node-state';
import { mergedSysext, type SysextInfo } from './flatcar-os';
import { VirtualFs } from './vfs';

export class SimNode {
  readonly fs: VirtualFs;
  private readonly journalEvents = new EventEmitter();
  /** Set by the host: writes state to disk (no-op without a stateDir). */
  persist: () => void = () => {};

  constructor(
    readonly state: NodeState,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.fs = VirtualFs.fromJSON(state.fs);
    this.journalEvents.setMaxListeners(0);
  }

  get vmId(): string {
    return this.state.vmId;
  }

  get hostname(): string {
    return this.fs.readText('/etc/hostname')?.trim() || this.state.name;
  }

  sysext(): SysextInfo | undefined {
    return mergedSysext(this.fs, this.state.sysextMerged, this.state.architecture);
  }

  /** Keep `state.fs` in step with the live filesystem before saving. */
  save(): void {
    this.state.fs = this.fs.toJSON();
    this.persist();
  }

  journal(unit: string, ident: string, msg: string): void {
    const e: JournalEntry = { ts: this.now().toISOString(), unit, ident, msg };
    this.state.journal.push(e);
    if (this.state.journal.length > JOURNAL_CAP) this.state.journal.splice(0, this.state.journal.length - JOURNAL_CAP);
    this.journalEvents.emit('entry', e);
  }

  onJournal(listener: (e: JournalEntry) => void): () => void {
    this.journalEvents.on('entry', listener);
    return () => this.journalEvents.off('entry', listener);
  }

  setUnit(name: string, active: UnitActive, sub: string): void {
    const u = this.state.units[name] ?? { enabled: false, masked: false, active: 'inactive', sub: 'dead', since: '' };
    u.active = active;
    u.sub = sub;
    u.since = this.now().toISOString();
    this.state.units[name] = u;
  }

  unit(name: string) {
    return this.state.units[name.endsWith('.service') || name.includes('.') ? name : `${name}.service`];
  }
}

/** Formats a journal entry like journalctl's default short output. */
export function formatJournal(e: JournalEntry, host: string): string {
  const d = new Date(e.ts);
  const mon = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${mon} ${pad(d.getUTCDate())} ${time} ${host} ${e.ident}: ${e.msg}`;
}
