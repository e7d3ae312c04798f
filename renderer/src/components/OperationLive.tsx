import { useEffect, useState, type ReactNode } from 'react';
import type { IpcError } from '../../../shared/ipc/result';
import { invoke } from '../lib/ipc';
import { criticalPathEta } from '../lib/operation-merge';
import { useDeploy } from '../store/deploy-store';
import { isOperationStream, useLogStreams } from '../store/logs-store';
import { useLogFontSize, usePresenter } from '../store/presenter-store';
import { ErrorCard, Spinner } from './Feedback';
import { LogPane } from './LogPane';
import { CancelOperation } from './operation/CancelOperation';
import { OperationReplay } from './operation/OperationReplay';
import { retryText } from './operation/retry-text';
import { useOperationRecord } from './operation/use-operation-record';
import { PaceBar } from './PaceBar';
import { RunningStep, StepList } from './StepList';
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
 * The phase card sticks to the top while the page scrolls. Presenter mode (TopBar) puts the logs
 * first: the phase card (with the sandbox's pace bar), the running step and its explanation, the
 * log panes, and the step list last.
 */
export function OperationLive({ cluster, plan, actions, offerTeardown = false }: { cluster: string; plan: readonly PlannedStep[]; actions?: ReactNode; offerTeardown?: boolean }) {
  // Rebuilt from the backend's record on mount and when shown again; live events on top.
  useOperationRecord(cluster);
  const { steps, order, done, total, startedAt, finished, finishedAt, operationId, past } = useDeploy();
  const [replaying, setReplaying] = useState(false);
  const streams = orderStreams(useLogStreams().filter(isOperationStream));
  const [now, setNow] = useState(() => Date.now());
  const [actionError, setActionError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState('');
  const presenter = usePresenter((p) => p.presenter);
  const running = !finished;
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [running]);

  const act = async (label: string, channel: 'cluster.resume' | 'cluster.destroy') => {
    setBusy(label);
    setActionError(null);
    const r = await invoke(channel, { name: cluster });
    setBusy('');
    if (!r.ok) setActionError(r.error);
    else if (channel === 'cluster.resume') useDeploy.setState({ finished: null });
  };

  const elapsed = startedAt ? (finished ? (finishedAt ?? Math.max(...Object.values(steps).map((s) => s.endedAt ?? startedAt))) : now) - startedAt : 0;
  // The plan's critical path with measured step times (operation-merge.ts), not a constant.
  const estimate = finished ? 0 : (criticalPathEta(Object.values(steps).map((s) => ({ id: s.stepId, dependsOn: s.dependsOn ?? [], status: s.status, startedAt: s.startedAt, endedAt: s.endedAt })), now, past) ?? 0);
  const failedStep = Object.values(steps).find((s) => s.status === 'failed');
  const failure = finished?.outcome === 'failed' ? (finished.error ?? failedStep?.error) : undefined;
  const byId = new Map(plan.map((p) => [p.id, p]));
  const planOrder = plan.map((p) => p.id);
  const listIds = [...planOrder, ...order.filter((id) => !byId.has(id))];
  const runningSteps = listIds.map((id) => steps[id]).filter((s) => s?.status === 'running') as NonNullable<(typeof steps)[string]>[];
  const stepList = listIds.length > 0 && <StepList ids={listIds} steps={steps} byId={byId} />;

  return (
    <>
      <div className="card phase-card" data-testid="phase">
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
        {running && runningSteps[0] && (
          <p className="phase-now" data-testid="phase-now">
            Now: {runningSteps[0].title}
            {runningSteps.length > 1 ? ` (+${runningSteps.length - 1} more)` : ''}
          </p>
        )}
        <div className="row phase-actions">
          {running && <CancelOperation cluster={cluster} />}
          {finished && operationId && (
            <button type="button" onClick={() => setReplaying((r) => !r)} aria-expanded={replaying}>
              Replay
            </button>
          )}
          {actions}
          {busy && <Spinner label={`${busy}…`} />}
          {running && <PaceBar />}
        </div>
      </div>
      {failure && (
        <ErrorCard error={{ code: failure.azureCode ? 'AZURE_ERROR' : 'DEPLOY_FAILED', message: failure.message, hint: failure.hint, azureCode: failure.azureCode }} title={`Step failed${failedStep ? `: ${failedStep.title}` : ''}`}>
          {(() => {
            const t = retryText(Object.values(steps), failedStep, failure);
            return (
              <p data-testid="retry-explained">
                {t.what} {t.why}
              </p>
            );
          })()}
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
      {replaying && operationId && <OperationReplay cluster={cluster} operationId={operationId} onClose={() => setReplaying(false)} />}
      {presenter && running && <RunningStep running={runningSteps} byId={byId} idle="No step is running at this moment." />}
      {!presenter && stepList}
      <LogPanes streams={streams} />
      {presenter && stepList}
      {/* The Azure side: what is built, and the requests that build it. */}
      <ResourceDiagram plan={plan} statuses={Object.fromEntries(Object.values(steps).map((s) => [s.stepId, s.status]))} />
      <ApiCallsPane cluster={cluster} stepTitle={(id) => steps[id]?.title ?? byId.get(id)?.title ?? id} />
    </>
  );
}

/**
 * One pane per stream: Azure operations, this computer, each node. One pane can be maximised (the
 * others are hidden, not unmounted, so they keep their lines); the text size is the presenter
 * store's, per mode.
 */
export function LogPanes({ streams }: { streams: readonly string[] }) {
  const [maximised, setMaximised] = useState<string | null>(null);
  const fontSize = useLogFontSize();
  const setFont = usePresenter((p) => p.setLogFontSize);
  const big = maximised !== null && streams.includes(maximised) ? maximised : null;
  return (
    <div className="log-area">
      {streams.length > 0 && (
        <div className="log-area-tools" role="group" aria-label="Log text size">
          <button type="button" onClick={() => setFont(fontSize - 1)}>
            Smaller text
          </button>
          <span data-testid="log-font-size">{fontSize} px</span>
          <button type="button" onClick={() => setFont(fontSize + 1)}>
            Larger text
          </button>
          {big && (
            <button type="button" onClick={() => setMaximised(null)}>
              Show all panes
            </button>
          )}
        </div>
      )}
      <div className={`log-panes${big ? ' has-maximised' : ''}`} data-testid="log-panes">
        {streams.map((s) => (
          <LogPane
            key={s}
            stream={s}
            title={s === 'azure' ? 'Azure operations' : s === 'local' ? 'This computer' : `Node ${s}`}
            fontSize={fontSize}
            maximised={big === s}
            hidden={big !== null && big !== s}
            onMaximise={(on) => setMaximised(on ? s : null)}
          />
        ))}
        {streams.length === 0 && <p className="notice">Live logs appear here, one pane per node and one for Azure operations.</p>}
      </div>
    </div>
  );
}
