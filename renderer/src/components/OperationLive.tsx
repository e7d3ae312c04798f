import { useEffect, useState, type ReactNode } from 'react';
import type { IpcError } from '../../../shared/ipc/result';
import { invoke } from '../lib/ipc';
import { useDeploy } from '../store/deploy-store';
import { LIVE_PREFIX, useLogStreams } from '../store/logs-store';
import { ErrorCard, Spinner } from './Feedback';
import { LogPane } from './LogPane';
import { ApiCallsPane } from './ApiCallsPane';
import { ResourceDiagram } from './ResourceDiagram';

/** A step of the plan as the live view shows it: its title, the `az` command that does the same, and why. */
export interface PlannedStep {
  id: string;
  title: string;
  az: string;
  explain?: string;
}

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

/** Streams in a stable order: Azure operations first, then nodes by name. */
export function orderStreams(streams: readonly string[]): string[] {
  return [...streams].sort((a, b) => (a === 'azure' ? -1 : b === 'azure' ? 1 : a.localeCompare(b)));
}

/**
 * The live view of one operation on a cluster (a create on the Deploy step, an apply on the
 * cluster page): the phase bar, each step with its `az` equivalent, the failure with Retry, and one
 * log pane per node. It follows useDeploy (cluster.progress / cluster.finished) and the log store;
 * the caller resets both before it starts the operation. `actions` go beside Cancel.
 */
export function OperationLive({ cluster, plan, actions, offerTeardown = false }: { cluster: string; plan: readonly PlannedStep[]; actions?: ReactNode; offerTeardown?: boolean }) {
  const { steps, order, done, total, startedAt, finished } = useDeploy();
  const streams = orderStreams(useLogStreams().filter((s) => !s.startsWith(LIVE_PREFIX)));
  const [now, setNow] = useState(() => Date.now());
  const [actionError, setActionError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState('');
  const running = !finished;
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [running]);

  const act = async (label: string, channel: 'cluster.cancel' | 'cluster.resume' | 'cluster.destroy') => {
    setBusy(label);
    setActionError(null);
    const r = await invoke(channel, { name: cluster });
    setBusy('');
    if (!r.ok) setActionError(r.error);
    else if (channel === 'cluster.resume') useDeploy.setState({ finished: null });
  };

  const elapsed = startedAt ? (finished ? Math.max(...Object.values(steps).map((s) => s.endedAt ?? startedAt)) : now) - startedAt : 0;
  const perStep = done > 0 ? elapsed / done : 0;
  const estimate = done > 0 && total > done ? perStep * (total - done) : 0;
  const failedStep = Object.values(steps).find((s) => s.status === 'failed');
  const failure = finished?.outcome === 'failed' ? (finished.error ?? failedStep?.error) : undefined;
  const byId = new Map(plan.map((p) => [p.id, p]));
  const planOrder = plan.map((p) => p.id);
  const listIds = [...planOrder, ...order.filter((id) => !byId.has(id))];

  return (
    <>
      <div className="card" data-testid="phase">
        <div className="row" style={{ justifyContent: 'space-between' }}>
          <strong>
            {cluster}: {finished ? `${finished.operation} ${finished.outcome}` : total ? `step ${Math.min(done + 1, total)} of ${total}` : 'starting…'}
          </strong>
          <span>
            elapsed {duration(elapsed)}
            {estimate > 0 && !finished ? ` · about ${duration(estimate)} left` : ''}
          </span>
        </div>
        <div className="phase-bar" role="progressbar" aria-label="Deployment progress" aria-valuemin={0} aria-valuemax={total || 1} aria-valuenow={done}>
          <div style={{ width: `${total ? (done / total) * 100 : 0}%` }} />
        </div>
        <div className="row" style={{ marginTop: '0.6rem' }}>
          {running && (
            <button type="button" onClick={() => void act('Cancelling', 'cluster.cancel')} disabled={!!busy}>
              Cancel
            </button>
          )}
          {actions}
          {busy && <Spinner label={`${busy}…`} />}
        </div>
      </div>
      {failure && (
        <ErrorCard error={{ code: failure.azureCode ? 'AZURE_ERROR' : 'DEPLOY_FAILED', message: failure.message, hint: failure.hint, azureCode: failure.azureCode }} title={`Step failed${failedStep ? `: ${failedStep.title}` : ''}`}>
          <button type="button" onClick={() => void act('Retrying', 'cluster.resume')}>
            Retry from the failed step
          </button>
          {offerTeardown && (
            <button type="button" onClick={() => void act('Tearing down', 'cluster.destroy')}>
              Tear down
            </button>
          )}
        </ErrorCard>
      )}
      {actionError && <ErrorCard error={actionError} title="That did not work" />}
      {listIds.length > 0 && (
        <div className="card">
          <h2>What happens in Azure now</h2>
          <ol className="step-list" data-testid="step-list">
            {listIds.map((id) => {
              const s = steps[id];
              const p = byId.get(id);
              const status = s?.status ?? 'pending';
              return (
                <li key={id} data-step-id={id} data-status={status}>
                  <span className={`status ${status}`}>{status}</span> {s?.title ?? p?.title ?? id}
                  {s?.node ? ` (${s.node})` : ''}
                  {p && (
                    <details>
                      <summary>az equivalent{p.explain ? ' and explanation' : ''}</summary>
                      {p.explain && <p>{p.explain}</p>}
                      {/* Focusable: a long command scrolls sideways, by keyboard too. */}
                      <pre tabIndex={0} aria-label={`az equivalent of ${p.title}`}>
                        {p.az}
                      </pre>
                    </details>
                  )}
                </li>
              );
            })}
          </ol>
        </div>
      )}
      {/* The Azure side: what is built, and the requests that build it. */}
      <ResourceDiagram plan={plan} statuses={Object.fromEntries(Object.values(steps).map((s) => [s.stepId, s.status]))} />
      <ApiCallsPane cluster={cluster} stepTitle={(id) => steps[id]?.title ?? byId.get(id)?.title ?? id} />
      <LogPanes streams={streams} />
    </>
  );
}

/** One pane per stream: Azure operations, this computer, each node. */
export function LogPanes({ streams }: { streams: readonly string[] }) {
  return (
    <div className="log-panes" data-testid="log-panes">
      {streams.map((s) => (
        <LogPane key={s} stream={s} title={s === 'azure' ? 'Azure operations' : s === 'local' ? 'This computer' : `Node ${s}`} />
      ))}
      {streams.length === 0 && <p className="notice">Live logs appear here, one pane per node and one for Azure operations.</p>}
    </div>
  );
}
