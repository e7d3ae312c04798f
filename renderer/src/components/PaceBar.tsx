import { useEffect, useState } from 'react';
import { PACE_MAX_SPEED, PACE_MIN_SPEED, type PaceState } from '../../../shared/ipc/channels/pace';
import type { IpcError } from '../../../shared/ipc/result';
import { invoke, subscribe } from '../lib/ipc';

/** The speeds offered (the sandbox's divisor of Azure-like delays; the app starts the sandbox at 4x). */
const SPEEDS = [1, 2, 4, 6, 8, 10].filter((s) => s >= PACE_MIN_SPEED && s <= PACE_MAX_SPEED);

/**
 * Pace control in the sandbox (shared/ipc/channels/pace.ts): the speed of the simulated delays
 * and a pause that holds the engine's next step (the work, not this view), with Step to let one
 * step start. Shown only while the session is the sandbox.
 */
export function PaceBar() {
  const [pace, setPace] = useState<PaceState | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  useEffect(() => {
    let live = true;
    void invoke('pace.get', undefined).then((r) => live && r.ok && setPace(r.value));
    const off = subscribe('pace.changed', (batch) => {
      const last = batch.at(-1);
      if (last) setPace((p) => (p ? { ...p, ...last } : p));
    });
    return () => {
      live = false;
      off();
    };
  }, []);
  if (!pace?.available) return null;

  const apply = async (r: Promise<Awaited<ReturnType<typeof invoke<'pace.set'>>>>) => {
    const out = await r;
    setError(out.ok ? null : out.error);
    if (out.ok) setPace(out.value);
  };
  const speeds = pace.speed !== null && !SPEEDS.includes(pace.speed) ? [...SPEEDS, pace.speed].sort((a, b) => a - b) : SPEEDS;
  const waiting = pace.waiting[0];
  return (
    <div className="pace-bar" role="group" aria-label="Sandbox pace" data-testid="pace-bar">
      <label className="inline-check">
        Speed
        <select value={pace.speed ?? ''} onChange={(e) => void apply(invoke('pace.set', { speed: Number(e.target.value) }))} aria-label="Sandbox speed">
          {pace.speed === null && <option value="">…</option>}
          {speeds.map((s) => (
            <option key={s} value={s}>
              {s}x{s === 1 ? ' (about Azure’s pace)' : ''}
            </option>
          ))}
        </select>
      </label>
      <button type="button" aria-pressed={pace.paused} onClick={() => void apply(invoke('pace.set', { paused: !pace.paused }))}>
        {/* Not just "Pause": a log pane's Pause only stops its scrolling; this one holds the work. */}
        {pace.paused ? 'Resume steps' : 'Pause steps'}
      </button>
      <button type="button" disabled={!pace.paused} onClick={() => void apply(invoke('pace.step', undefined))} title="Let exactly one more step start">
        Step once
      </button>
      <span role="status" className="pace-status" data-testid="pace-status">
        {pace.paused ? (waiting ? `Paused before ${waiting.title}` : 'Paused: the steps running now finish, the next one waits') : ''}
        {pace.profile === 'instant' ? ' (this sandbox has no delays to speed up)' : ''}
      </span>
      {error && (
        <span className="field-error" role="alert">
          {error.message}
        </span>
      )}
    </div>
  );
}
