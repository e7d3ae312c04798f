import { withCallStep } from '../../azure/api-calls/call-scope';
import type { GraphStep } from '../plan/types';
import type { StepRunner } from './types';

/**
 * A step's runner whose ARM calls are recorded as that step's (the API calls pane links each
 * request to the step that made it). Wrapped where the operations hand runners to the executor,
 * so the executor itself stays unaware of the recorder.
 */
export function linkCallsToStep(step: GraphStep, runner: StepRunner): StepRunner {
  return (ctx) => withCallStep(step.id, () => runner(ctx));
}
