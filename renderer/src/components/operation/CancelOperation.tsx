import { useState } from 'react';
import type { IpcError } from '../../../../shared/ipc/result';
import { invoke } from '../../lib/ipc';
import { useDeploy } from '../../store/deploy-store';
import { ErrorCard, Spinner } from '../Feedback';

/**
 * Cancel, asked once in the page: the running steps are stopped and the operation ends
 * "cancelled" (done steps stay, so Retry continues from there). Until the engine says it ended
 * (cluster.finished), the view says it is cancelling rather than looking frozen.
 */
export function CancelOperation({ cluster }: { cluster: string }) {
  const cancelling = useDeploy((s) => s.cancelling);
  const kind = useDeploy((s) => s.kind) ?? 'operation';
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  if (cancelling) return <Spinner label="Cancelling… waiting for the running steps to stop" />;
  const cancel = async () => {
    setAsking(false);
    setError(null);
    useDeploy.setState({ cancelling: true });
    const r = await invoke('cluster.cancel', { name: cluster });
    if (!r.ok) setError(r.error);
    // Nothing ran here to cancel (another window's or process's operation): say so, stop waiting.
    if (!r.ok || !r.value.cancelled) useDeploy.setState({ cancelling: false });
    if (r.ok && !r.value.cancelled) setError({ code: 'NOT_RUNNING_HERE', message: `No ${kind} of ${cluster} runs in this Flatkube to cancel.`, hint: 'It may have just ended, or it runs in another Flatkube process (the CLI).' });
  };
  return (
    <>
      {asking ? (
        <span role="group" aria-label="Confirm cancel" className="row">
          <span>Cancel the {kind} of {cluster}? Running steps stop; finished steps stay, and Retry continues from there.</span>
          <button type="button" className="danger" onClick={() => void cancel()}>
            Yes, cancel
          </button>
          <button type="button" onClick={() => setAsking(false)}>
            Keep going
          </button>
        </span>
      ) : (
        <button type="button" onClick={() => setAsking(true)}>
          Cancel
        </button>
      )}
      {error && <ErrorCard error={error} title="Could not cancel" />}
    </>
  );
}
