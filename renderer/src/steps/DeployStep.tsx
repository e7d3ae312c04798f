import { LogPanes, OperationLive, orderStreams } from '../components/OperationLive';
import { useLoad } from '../lib/use-load';
import { useDeploy } from '../store/deploy-store';
import { isOperationStream, useLogStreams } from '../store/logs-store';
import { useWizard } from '../store/wizard-store';

/** The wizard's create, live: the shared operation view with the plan from the exports (titles, az, explanations). */
export function DeployStep() {
  const deployment = useWizard((s) => s.deployment);
  const draft = useWizard((s) => s.draft);
  const goTo = useWizard((s) => s.goTo);
  const finished = useDeploy((s) => s.finished);
  const streams = orderStreams(useLogStreams().filter(isOperationStream));
  const exportsLoad = useLoad('cluster.exports', deployment ? { spec: draft } : null);

  return (
    <div className="deploy-step">
      {deployment ? (
        <OperationLive
          cluster={deployment}
          plan={exportsLoad.data?.plan ?? []}
          offerTeardown
          actions={
            finished?.outcome === 'succeeded' &&
            finished.operation === 'create' && (
              <button type="button" className="primary" onClick={() => goTo('done')}>
                Continue to Done
              </button>
            )
          }
        />
      ) : (
        <>
          <p className="notice">Nothing is being deployed yet: press Create on the Review step. Log lines that arrive are shown below.</p>
          <LogPanes streams={streams} />
        </>
      )}
    </div>
  );
}
