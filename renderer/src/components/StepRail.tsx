import { STEPS, type StepId } from '../steps/steps';
import { useWizard } from '../store/wizard-store';

/**
 * The left-hand list of steps, then the Clusters view; each is a button so the rail is reachable by
 * keyboard. A step before the current one turns green only when its fields are valid (`invalid`
 * lists those that are not).
 */
export function StepRail({ invalid = [] }: { invalid?: readonly StepId[] }) {
  const step = useWizard((s) => s.step);
  const goTo = useWizard((s) => s.goTo);
  const view = useWizard((s) => s.view);
  const setView = useWizard((s) => s.setView);
  const current = view === 'clusters' ? -1 : STEPS.findIndex((s) => s.id === step);
  return (
    <div className="rail">
      <nav aria-label="Wizard steps">
        <ol>
          {STEPS.map((s, i) => (
            <li key={s.id}>
              <button
                type="button"
                className={i === current ? 'rail-step current' : i < current ? (invalid.includes(s.id) ? 'rail-step invalid' : 'rail-step done') : 'rail-step'}
                data-state={i === current ? 'current' : i < current ? (invalid.includes(s.id) ? 'invalid' : 'done') : 'ahead'}
                aria-current={i === current ? 'step' : undefined}
                data-step={s.id}
                onClick={() => goTo(s.id)}
              >
                <span className="rail-index" aria-hidden="true">{i + 1}</span>
                <span>{s.title}</span>
                {i !== current && invalid.includes(s.id) && <span className="visually-hidden"> (needs a fix)</span>}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <nav aria-label="Your clusters" className="rail-extra">
        <button
          type="button"
          className={view === 'clusters' ? 'rail-step current' : 'rail-step'}
          aria-current={view === 'clusters' ? 'page' : undefined}
          data-view="clusters"
          onClick={() => setView('clusters')}
        >
          <span className="rail-index" aria-hidden="true">
            ☰
          </span>
          <span>Clusters</span>
        </button>
      </nav>
    </div>
  );
}
