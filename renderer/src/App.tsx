import { lazy, Suspense, useEffect } from 'react';
import { Footer } from './components/Footer';
import { StepPage } from './components/StepPage';
import { StepRail } from './components/StepRail';
import { TopBar } from './components/TopBar';
import { StepBody } from './steps/StepBody';
import { STEP_IDS } from './steps/steps';
import { startDeployFeed } from './store/deploy-store';
import { startLogFeed } from './store/logs-store';
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
  const index = STEP_IDS.indexOf(step);
  useEffect(() => {
    startLogFeed();
    startDeployFeed();
  }, []);
  return (
    <div className="app">
      <TopBar />
      <div className="body">
        <StepRail />
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
              <div className="nav-buttons">
                <button type="button" onClick={back} disabled={index === 0}>
                  Back
                </button>
                <button type="button" className="primary" onClick={next} disabled={index === STEP_IDS.length - 1}>
                  Next
                </button>
              </div>
            </>
          )}
        </main>
      </div>
      <Footer />
    </div>
  );
}
