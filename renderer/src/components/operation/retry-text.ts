import type { EngineError } from '../../../../shared/ipc/channels/cluster';
import type { StepState } from '../../lib/operation-merge';

/**
 * What "Retry" will do after a failure, and why it may help: it runs the failed step again and
 * every step not done yet (done steps are kept: the executor skips them, docs/operations.md), and
 * helps when the cause has passed or was fixed; the failure catalogue's hint says which.
 */
export function retryText(steps: readonly StepState[], failed: StepState | undefined, error: EngineError | undefined): { what: string; why: string } {
  const left = steps.filter((s) => s.status !== 'done').length;
  const kept = steps.length - left;
  const what = failed
    ? `Retry runs "${failed.title}" again${left > 1 ? ` and the ${left - 1} step${left - 1 === 1 ? '' : 's'} after it not done yet` : ''}; the ${kept} finished step${kept === 1 ? ' stays' : 's stay'} as they are.`
    : `Retry runs the ${left} step${left === 1 ? '' : 's'} not done yet; finished steps stay.`;
  const why = error?.hint
    ? `Why it may help: ${error.hint}`
    : 'Why it may help: a passing cause (Azure throttling, a dropped connection, a slow download) is gone on the next try. If the same error comes back at once, the cause is still there: fix it first, or tear down.';
  return { what, why };
}
