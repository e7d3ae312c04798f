import { useEffect, useMemo, useRef, useState } from 'react';
import type { OperationView } from '../../../../shared/ipc/channels/cluster';
import type { IpcError } from '../../../../shared/ipc/result';
import { invoke } from '../../lib/ipc';
import { REPLAY_SPEEDS, replayEvents, ReplayScheduler, type ReplayEvent } from '../../lib/replay';
import { pushLines, REPLAY_PREFIX, setStream } from '../../store/logs-store';
import { ErrorCard, Spinner } from '../Feedback';
import { LogPane } from '../LogPane';

const clock = { now: () => performance.now(), setTimer: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimer: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>) };

function mmss(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

/**
 * A finished operation played again from its record (cluster.operation), offline: steps change
 * and log lines arrive at their recorded times, scaled 1x-16x (lib/replay.ts), with pause. Its
 * panes are streams of their own (REPLAY_PREFIX), apart from any live operation.
 */
export function OperationReplay({ cluster, operationId, onClose }: { cluster: string; operationId: string; onClose: () => void }) {
  const [view, setView] = useState<OperationView | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  useEffect(() => {
    void invoke('cluster.operation', { name: cluster, operationId }).then((r) => {
      if (!r.ok) setError(r.error);
      else if (r.value.operation) setView(r.value.operation);
      else setError({ code: 'NO_RECORD', message: `No record of operation ${operationId}.` });
    });
  }, [cluster, operationId]);
  return (
    <section className="card replay" aria-label={`Replay of ${operationId}`} data-testid="replay">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2>Replay: {view ? `${view.kind} of ${cluster}, ${view.state}` : operationId}</h2>
        <button type="button" onClick={onClose}>
          Close replay
        </button>
      </div>
      {error && <ErrorCard error={error} title="Cannot replay" />}
      {!view && !error && <Spinner label="Reading the record…" />}
      {view && <Player view={view} />}
    </section>
  );
}

function Player({ view }: { view: OperationView }) {
  const events = useMemo(() => replayEvents(view), [view]);
  const streams = useMemo(() => view.logs.map((l) => l.stream).sort((a, b) => (a === 'azure' ? -1 : b === 'azure' ? 1 : a.localeCompare(b))), [view]);
  const [status, setStatus] = useState<Record<string, string>>({});
  const [speed, setSpeed] = useState(8);
  const [playing, setPlaying] = useState(false);
  const [ended, setEnded] = useState(false);
  const [at, setAt] = useState(0);
  const sched = useRef<ReplayScheduler | null>(null);

  useEffect(() => {
    // One Player per record (its state starts empty); the panes start empty too.
    for (const s of streams) setStream(REPLAY_PREFIX + s, []);
    const onEvents = (batch: ReplayEvent[]) => {
      const lines = batch.flatMap((e) => (e.type === 'line' ? [{ stream: REPLAY_PREFIX + e.stream, level: e.level, text: e.text, ts: e.ts }] : []));
      if (lines.length) pushLines(lines);
      const steps = batch.filter((e) => e.type === 'step');
      if (steps.length) setStatus((prev) => ({ ...prev, ...Object.fromEntries(steps.map((e) => [e.stepId, e.status])) }));
    };
    const r = new ReplayScheduler(events, clock, onEvents, speed, () => {
      setPlaying(false);
      setEnded(true);
    });
    sched.current = r;
    return () => r.stop();
    // A new scheduler per record only; the speed changes on the running one.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [events, streams]);
  useEffect(() => {
    if (!playing) return;
    const t = setInterval(() => setAt(sched.current?.position() ?? 0), 250);
    return () => clearInterval(t);
  }, [playing]);

  const toggle = () => {
    const r = sched.current!;
    if (r.isPlaying) r.pause();
    else r.play();
    setPlaying(r.isPlaying);
    setAt(r.position());
  };
  const done = Object.values(status).filter((s) => s === 'done').length;
  return (
    <>
      <div className="row" style={{ alignItems: 'center' }}>
        <button type="button" className="primary" onClick={toggle} disabled={ended}>
          {playing ? 'Pause' : at > 0 ? 'Resume replay' : 'Play'}
        </button>
        <label>
          Speed{' '}
          <select
            aria-label="Replay speed"
            value={speed}
            onChange={(e) => {
              const s = Number(e.target.value);
              setSpeed(s);
              sched.current?.setSpeed(s);
            }}
          >
            {REPLAY_SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}x
              </option>
            ))}
          </select>
        </label>
        <span data-testid="replay-position" role="status">
          {ended ? `replay finished: ${done} of ${view.total} steps done` : `${mmss(at)} of ${mmss(events.at(-1)?.at ?? 0)} recorded · ${done} of ${view.total} steps done`}
        </span>
      </div>
      <ol className="step-list" data-testid="replay-steps">
        {view.steps.map((s) => {
          const st = status[s.id] ?? 'pending';
          return (
            <li key={s.id} data-step-id={s.id} data-status={st}>
              <span className={`status ${st}`}>{st}</span> {s.title}
              {s.node ? ` (${s.node})` : ''}
            </li>
          );
        })}
      </ol>
      <div className="log-panes">
        {streams.map((s) => (
          <LogPane key={s} stream={REPLAY_PREFIX + s} title={`Replay: ${s === 'azure' ? 'Azure operations' : s === 'local' ? 'This computer' : `Node ${s}`}`} />
        ))}
      </div>
    </>
  );
}
