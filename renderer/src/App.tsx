import { Footer } from './components/Footer';
import { StepPage } from './components/StepPage';
import { StepRail } from './components/StepRail';
import { STEP_IDS } from './steps/steps';
import { useWizard } from './store/wizard-store';

export function App() {
  const { step, next, back } = useWizard();
  const index = STEP_IDS.indexOf(step);
  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Flatkube</span>
        <span className="tagline">Kubernetes on Flatcar in Azure, click by click</span>
      </header>
      <div className="body">
        <StepRail />
        <main className="content">
          <StepPage id={step} />
          <div className="nav-buttons">
            <button type="button" onClick={back} disabled={index === 0}>
              Back
            </button>
            <button type="button" className="primary" onClick={next} disabled={index === STEP_IDS.length - 1}>
              Next
            </button>
          </div>
        </main>
      </div>
      <Footer />
    </div>
  );
}
