import { useState } from 'react';
import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import { ErrorCard, Skeleton, Spinner } from '../../components/Feedback';
import { OperationLive } from '../../components/OperationLive';
import { invoke } from '../../lib/ipc';
import { changedSpec, changeLines, editablePools, poolIssues, type PoolEdit } from '../../lib/pool-edit';
import { useLoad } from '../../lib/use-load';
import { ChangePools } from './ChangePools';
import { CostDelta, PlanSummary } from './ChangeReview';
import { usePlannedOperation } from './use-planned-operation';

/**
 * "Change": edit the node pools, review the plan (cluster.plan) and the cost before and after,
 * then apply (cluster.apply) and follow it in the same live view as the Deploy step. Refusals
 * (invalid pools, a cluster busy with another operation, a change apply cannot make) show as
 * error cards with the backend's message and hint.
 */
export function ClusterChange({ spec, onClose }: { spec: ClusterSpec; onClose(): void }) {
  const [pools, setPools] = useState<PoolEdit[]>(() => editablePools(spec));
  const { phase, setPhase, preview, busy, error, heading, plan, start } = usePlannedOperation(spec.name, 'edit');
  const sizesLoad = useLoad('azure.sizes', { subscriptionId: spec.subscriptionId, location: spec.location, architecture: spec.architecture, generation: spec.image.generation });
  const sizes = sizesLoad.data?.sizes ?? [];
  const issues = poolIssues(spec, pools);
  const changes = changeLines(spec, pools);
  const desired = changedSpec(spec, pools);
  const why = issues.size > 0 ? 'Fix the pools marked above first.' : changes.length === 0 ? 'Change a count, or add or remove a pool, first.' : '';

  const review = () => plan(() => invoke('cluster.plan', { spec: desired }), 'The change could not be planned');
  const apply = () => start(() => invoke('cluster.apply', { spec: desired }), 'The change did not start');

  return (
    <section className="card cluster-change" aria-labelledby="change-title" data-testid="cluster-change">
      <h2 id="change-title" tabIndex={-1} ref={heading}>
        {phase === 'edit' ? 'Change node pools' : phase === 'review' ? 'Review the change' : 'Applying the change'}
      </h2>
      {phase === 'edit' && (
        <>
          <ChangePools spec={spec} pools={pools} sizes={sizes.map((s) => s.name)} issues={issues} onChange={setPools} />
          {changes.length > 0 && (
            <ul data-testid="change-lines">
              {changes.map((l) => (
                <li key={l}>{l}</li>
              ))}
            </ul>
          )}
          <div className="row" style={{ alignItems: 'center' }}>
            <button type="button" className="primary" onClick={() => void review()} disabled={!!why || !!busy} aria-describedby="change-why">
              Review change
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            {busy && <Spinner label={`${busy}…`} />}
            <span id="change-why" className="notice">
              {why}
            </span>
          </div>
        </>
      )}
      {phase === 'review' && preview && (
        <>
          <PlanSummary preview={preview} />
          <h3>Cost</h3>
          {sizesLoad.data ? (
            <CostDelta sizes={sizes} before={spec} after={desired} asOf={sizesLoad.data.prices.asOf} />
          ) : sizesLoad.loading ? (
            <Skeleton rows={1} label="Fetching prices" />
          ) : (
            <p className="notice">Prices unknown: {sizesLoad.error?.message ?? 'the size list did not load'}.</p>
          )}
          <div className="row" style={{ alignItems: 'center' }}>
            <button type="button" className="primary" onClick={() => void apply()} disabled={!!busy || preview.steps.length === 0}>
              Apply
            </button>
            <button type="button" onClick={() => setPhase('edit')}>
              Back to editing
            </button>
            {busy && <Spinner label={`${busy}…`} />}
          </div>
        </>
      )}
      {error && <ErrorCard error={error.error} title={error.title} />}
      {phase === 'apply' && (
        <OperationLive
          cluster={spec.name}
          plan={preview?.steps ?? []}
          actions={
            <button type="button" onClick={onClose}>
              Close
            </button>
          }
        />
      )}
    </section>
  );
}
