import { useState, type SyntheticEvent } from 'react';
import type { StepState } from '../store/deploy-store';
import { CopyButton } from './CopyButton';
import type { PlannedStep } from './OperationLive';

/** A step's `az` equivalent: focusable (a long command scrolls sideways, by keyboard too) and copyable. */
export function AzCommand({ step }: { step: PlannedStep }) {
  return (
    <div className="az-command">
      <pre tabIndex={0} aria-label={`az equivalent of ${step.title}`}>
        {step.az}
      </pre>
      <CopyButton text={step.az} label={`Copy the az equivalent of ${step.title}`} />
    </div>
  );
}

/**
 * The plan's steps with their state, each with its `az` equivalent and explanation. A running
 * step's explanation opens by itself (and closes when it is done) unless the user opened or
 * closed it; "Expand all" / "Collapse all" set every one.
 */
export function StepList({ ids, steps, byId }: { ids: readonly string[]; steps: Record<string, StepState>; byId: ReadonlyMap<string, PlannedStep> }) {
  // What the user chose per step; a step without a choice is open while it runs.
  const [chosen, setChosen] = useState<Record<string, boolean>>({});
  const setAll = (open: boolean) => setChosen(Object.fromEntries(ids.map((id) => [id, open])));
  return (
    <div className="card">
      <div className="row card-head">
        <h2>What happens in Azure now</h2>
        <button type="button" onClick={() => setAll(true)}>
          Expand all
        </button>
        <button type="button" onClick={() => setAll(false)}>
          Collapse all
        </button>
      </div>
      <ol className="step-list" data-testid="step-list">
        {ids.map((id) => {
          const s = steps[id];
          const p = byId.get(id);
          const status = s?.status ?? 'pending';
          const open = chosen[id] ?? status === 'running';
          // A toggle the page made itself (open={...}) reports the state it already has: ignored.
          const onToggle = (e: SyntheticEvent<HTMLDetailsElement>) => {
            const now = e.currentTarget.open;
            if (now !== open) setChosen((c) => ({ ...c, [id]: now }));
          };
          return (
            <li key={id} data-step-id={id} data-status={status}>
              <span className={`status ${status}`}>{status}</span> {s?.title ?? p?.title ?? id}
              {s?.node ? ` (${s.node})` : ''}
              {p && (
                <details open={open} onToggle={onToggle}>
                  <summary>az equivalent{p.explain ? ' and explanation' : ''}</summary>
                  {p.explain && <p>{p.explain}</p>}
                  <AzCommand step={p} />
                </details>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** The step running now, with its explanation, for presenter mode's logs-first layout. */
export function RunningStep({ running, byId, idle }: { running: readonly StepState[]; byId: ReadonlyMap<string, PlannedStep>; idle: string }) {
  const first = running[0];
  const p = first ? byId.get(first.stepId) : undefined;
  return (
    <section className="card running-step" aria-label="Running step" data-testid="running-step">
      {first ? (
        <>
          <h2>
            Now: {first.title}
            {first.node ? ` (${first.node})` : ''}
            {running.length > 1 && <span className="notice"> and {running.length - 1} more at the same time</span>}
          </h2>
          {p?.explain && <p className="running-explain">{p.explain}</p>}
          {p && <AzCommand step={p} />}
        </>
      ) : (
        <p className="notice">{idle}</p>
      )}
    </section>
  );
}
