import { useState } from 'react';
import { ErrorCard, Spinner } from '../../components/Feedback';
import { OperationLive } from '../../components/OperationLive';
import { invoke } from '../../lib/ipc';
import { PlanSummary } from './ChangeReview';
import { usePlannedOperation } from './use-planned-operation';

/**
 * "Upgrade available" (cluster.status's `upgrades`: the releases the bakery offers that the
 * cluster may move to next, nearest first): choose one, review its plan (cluster.planUpgrade:
 * the nodes one at a time, control planes first, the add-ons between), confirm, and follow it
 * (cluster.upgrade) in the same live view as Change's Apply. Refusals (a cluster busy, an
 * unfinished upgrade to another version) show as error cards with the backend's hint.
 */
export function ClusterUpgrade({ cluster, current, offered, onClose }: { cluster: string; current: string | null; offered: readonly string[]; onClose(): void }) {
  const [version, setVersion] = useState(offered[0] ?? '');
  const { phase, setPhase, preview, busy, error, heading, plan, start } = usePlannedOperation(cluster, 'choose');
  const review = () => plan(() => invoke('cluster.planUpgrade', { name: cluster, kubernetesVersion: version }), `The upgrade to ${version} could not be planned`);
  const upgrade = () => start(() => invoke('cluster.upgrade', { name: cluster, kubernetesVersion: version }), 'The upgrade did not start');
  const order = preview ? [...new Set(preview.steps.flatMap((s) => (s.node ? [s.node] : [])))] : [];

  return (
    <section className="card cluster-upgrade" aria-labelledby="upgrade-title" data-testid="cluster-upgrade">
      <h2 id="upgrade-title" tabIndex={-1} ref={heading}>
        {phase === 'choose' ? 'Upgrade Kubernetes' : phase === 'review' ? `Review the upgrade to ${version}` : `Upgrading to ${version}`}
      </h2>
      {phase === 'choose' && (
        <>
          <fieldset>
            <legend>
              From {current ?? 'its version'} to (one minor at a time, as kubeadm requires; nearest first):
            </legend>
            {offered.map((v) => (
              <label key={v} className="row" style={{ alignItems: 'center' }}>
                <input type="radio" name="upgrade-version" value={v} checked={version === v} onChange={() => setVersion(v)} /> {v}
              </label>
            ))}
          </fieldset>
          <div className="row" style={{ alignItems: 'center' }}>
            <button type="button" className="primary" onClick={() => void review()} disabled={!version || !!busy}>
              Review upgrade
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            {busy && <Spinner label={`${busy}…`} />}
          </div>
        </>
      )}
      {phase === 'review' && preview && (
        <>
          {order.length > 0 && (
            <p data-testid="upgrade-order">
              One node at a time (cordoned, drained, the new Kubernetes, back in service): {order.join(', then ')}.
            </p>
          )}
          <PlanSummary preview={preview} />
          <div className="row" style={{ alignItems: 'center' }}>
            <button type="button" className="primary" onClick={() => void upgrade()} disabled={!!busy || preview.steps.length === 0}>
              Upgrade to {version}
            </button>
            <button type="button" onClick={() => setPhase('choose')}>
              Back
            </button>
            {busy && <Spinner label={`${busy}…`} />}
          </div>
        </>
      )}
      {error && <ErrorCard error={error.error} title={error.title} />}
      {phase === 'apply' && (
        <OperationLive
          cluster={cluster}
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
