import { validateClusterSpec, type SpecIssue } from '../../../shared/domain/cluster-spec';
import { STEP_IDS, type StepId } from '../steps/steps';
import type { Draft } from './draft';
import { stepIssues } from './step-checks';

/** The draft's issues on one step's fields. A chunk of its own: the page's entry carries no zod. */
export function issuesOfStep(step: StepId, draft: Draft): SpecIssue[] {
  const v = validateClusterSpec(draft);
  return stepIssues(step, v.ok ? [] : v.issues);
}

/** The steps whose fields are not valid yet (the rail shows them as needing a fix, not done). */
export function invalidSteps(draft: Draft): StepId[] {
  const v = validateClusterSpec(draft);
  const issues = v.ok ? [] : v.issues;
  return STEP_IDS.filter((s) => stepIssues(s, issues).length > 0);
}
