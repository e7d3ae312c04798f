import { useEffect } from 'react';
import type { ApiCall } from '../../../shared/ipc/channels/azure-calls';
import { rehydrateCalls, startApiCallFeed, useApiCalls } from '../store/api-calls-store';

function ms(n: number): string {
  return n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(1)} s`;
}

/** A status's class: 2xx fine, 429 and 5xx the retry kind, other 4xx and 0 (no answer) failed. */
function statusClass(status: number): string {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 429 || status >= 500) return 'retry';
  return 'failed';
}

/** Scrolls to the step in the operation's step list (its row carries data-step-id) and opens it. */
function showStep(e: React.MouseEvent, stepId: string): void {
  const row = document.querySelector<HTMLElement>(`[data-testid="step-list"] li[data-step-id="${CSS.escape(stepId)}"]`);
  if (!row) return;
  e.preventDefault();
  row.scrollIntoView({ block: 'center' });
  const details = row.querySelector('details');
  if (details) details.open = true;
  row.querySelector<HTMLElement>('summary')?.focus();
}

/**
 * The Azure side of an operation, live: every ARM request the app made for it (method, path
 * without query secrets, status, duration) with the step that made it. Fed by the `azure.call`
 * event and rehydrated from the backend's record on mount, so a reload keeps it. The same in real
 * Azure and the sandbox: the main process records it in the SDK's pipeline.
 */
export function ApiCallsPane({ cluster, stepTitle }: { cluster: string; stepTitle: (stepId: string) => string }) {
  const entry = useApiCalls((s) => s.byCluster[cluster]);
  useEffect(() => {
    startApiCallFeed();
    void rehydrateCalls(cluster);
  }, [cluster]);
  const calls: readonly ApiCall[] = entry?.calls ?? [];
  const writes = calls.filter((c) => c.method !== 'GET').length;
  return (
    <section className="card api-calls" aria-labelledby="api-calls-title" data-testid="api-calls">
      <h2 id="api-calls-title">API calls</h2>
      <p className="api-note">
        {calls.length === 0
          ? 'Each request Flatkube sends to Azure Resource Manager appears here as it is answered.'
          : `${calls.length} requests, ${writes} of them changes (no secrets: tokens, headers and bodies are never recorded).`}
      </p>
      {calls.length > 0 && (
        // Focusable: the table scrolls, by keyboard too.
        <div className="api-calls-scroll" tabIndex={0} role="region" aria-label="API calls of this operation">
          <table>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Method</th>
                <th scope="col">Path</th>
                <th scope="col">Status</th>
                <th scope="col">Time</th>
                <th scope="col">Step</th>
              </tr>
            </thead>
            <tbody>
              {[...calls].reverse().map((c) => (
                <tr key={c.seq} data-method={c.method} data-status={c.status} data-step-id={c.stepId ?? ''}>
                  <td>{c.seq}</td>
                  <td>{c.method}</td>
                  <td className="api-path" title={c.error ?? c.requestId ?? ''}>
                    {c.path}
                  </td>
                  <td className={`api-status ${statusClass(c.status)}`}>{c.status === 0 ? 'no answer' : c.status}</td>
                  <td>{ms(c.durationMs)}</td>
                  <td>{c.stepId ? <a href={`#step-${c.stepId}`} onClick={(e) => showStep(e, c.stepId!)}>
                        {stepTitle(c.stepId)}
                      </a> : <span className="api-note">planning</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
