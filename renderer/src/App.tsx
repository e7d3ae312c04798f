import { lazy, Suspense, useEffect, useState } from 'react';
import { Footer } from './components/Footer';
import { StepPage } from './components/StepPage';
import { StepRail } from './components/StepRail';
import { TopBar } from './components/TopBar';
import { StepBody } from './steps/StepBody';
import { fieldLabel, fieldSelector, plainMessage } from './lib/step-checks';
import { focusWhenShown, useStepChecks } from './lib/use-step-checks';
import { STEP_IDS, type StepId } from './steps/steps';
import { startApiCallFeed } from './store/api-calls-store';
import { startDeployFeed } from './store/deploy-store';
import { startLogFeed } from './store/logs-store';
import { usePrimaryAction } from './store/primary-action-store';
import { useWizard } from './store/wizard-store';

// The Clusters view (and its log panes) is a chunk of its own, fetched when first opened.
const ClustersView = lazy(() => import('./views/ClustersView').then((m) => ({ default: m.ClustersView })));
// A cluster's page (nodes, history, Change) likewise, fetched when a cluster is opened.
const ClusterPage = lazy(() => import('./views/cluster/ClusterPage').then((m) => ({ default: m.ClusterPage })));

export function App() {
  const step = useWizard((s) => s.step);
  const next = useWizard((s) => s.next);
  const back = useWizard((s) => s.back);
  const view = useWizard((s) => s.view);
  const openCluster = useWizard((s) => s.openCluster);
  const draft = useWizard((s) => s.draft);
  const index = STEP_IDS.indexOf(step);
  // Next checks the step's own fields: it stays on an invalid step, lists what is wrong in plain
  // words beside the buttons and focuses the first field at fault.
  const checks = useStepChecks(step);
  const [attempted, setAttempted] = useState<StepId | null>(null);
  // One line per field (the first issue of each), beside the buttons; all of them show at the field.
  const issues = (checks && attempted === step ? checks.issuesOfStep(step, draft) : []).filter((i, n, all) => all.findIndex((j) => j.path === i.path) === n);
  const invalid = checks ? checks.invalidSteps(draft) : [];
  const stepOwnsPrimary = usePrimaryAction((s) => !!s.claimedBy[step]);
  const onNext = () => {
    const found = checks?.issuesOfStep(step, draft) ?? [];
    if (found.length === 0) {
      setAttempted(null);
      return next();
    }
    setAttempted(step);
    focusWhenShown(fieldSelector(found[0]!.path), () => document.getElementById('step-errors'));
  };
  useEffect(() => {
    startLogFeed();
    startDeployFeed();
    // From the start, like the others: an operation's first calls come before its view mounts.
    startApiCallFeed();
  }, []);
  return (
    <div className="app">
      <TopBar />
      <div className="body">
        <StepRail invalid={invalid} />
        <main className="content">
          {view === 'clusters' ? (
            <Suspense fallback={<p className="placeholder" aria-busy="true">Loading…</p>}>
              {openCluster ? <ClusterPage key={openCluster} name={openCluster} /> : <ClustersView />}
            </Suspense>
          ) : (
            <>
              <StepPage id={step}>
                <StepBody id={step} />
              </StepPage>
              {issues.length > 0 && (
                <div id="step-errors" className="field-error step-errors" role="alert" tabIndex={-1} data-testid="step-errors">
                  <p>This step is not finished:</p>
                  <ul>
                    {issues.map((i) => (
                      <li key={`${i.path}:${i.message}`}>
                        {fieldLabel(i.path, draft.nodePools)}: {plainMessage(i.path, i.message)}.
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              <div className="nav-buttons">
                <button type="button" onClick={back} disabled={index === 0}>
                  Back
                </button>
                {/* One primary action per screen: Create cluster on Review, Continue to Done on Deploy
                    (once the cluster is created; before that Done has nothing to show), and a
                    step's own first action while it has one (primary-action-store.ts). */}
                {step !== 'review' && step !== 'deploy' && (
                  <button type="button" className={stepOwnsPrimary ? undefined : 'primary'} onClick={onNext} disabled={index === STEP_IDS.length - 1} aria-describedby={issues.length > 0 ? 'step-errors' : undefined}>
                    Next
                  </button>
                )}
              </div>
            </>
          )}
        </main>
      </div>
      <Footer />
    </div>
  );
}
