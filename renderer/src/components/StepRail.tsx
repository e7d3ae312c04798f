import { STEPS } from '../steps/steps';
import { useWizard } from '../store/wizard-store';

/** The left-hand list of steps; each is a button so the rail is reachable by keyboard. */
export function StepRail() {
  const step = useWizard((s) => s.step);
  const goTo = useWizard((s) => s.goTo);
  const current = STEPS.findIndex((s) => s.id === step);
  return (
    <nav className="rail" aria-label="Wizard steps">
      <ol>
        {STEPS.map((s, i) => (
          <li key={s.id}>
            <button
              type="button"
              className={i === current ? 'rail-step current' : i < current ? 'rail-step done' : 'rail-step'}
              aria-current={i === current ? 'step' : undefined}
              data-step={s.id}
              onClick={() => goTo(s.id)}
            >
              <span className="rail-index" aria-hidden="true">{i + 1}</span>
              <span>{s.title}</span>
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
