import { useEffect, useRef } from 'react';
import { STEPS, type StepId } from '../steps/steps';

/** A step's page: its heading (focused on arrival, for keyboard and screen-reader users) and body. */
export function StepPage({ id, children }: { id: StepId; children?: React.ReactNode }) {
  const step = STEPS.find((s) => s.id === id)!;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [id]);
  return (
    <section className="step-page" aria-labelledby={`step-${id}-title`} data-testid={`step-${id}`}>
      <h1 id={`step-${id}-title`} tabIndex={-1} ref={heading}>
        {step.title}
      </h1>
      <p className="step-summary">{step.summary}</p>
      {children ?? <p className="placeholder">This step is being built.</p>}
    </section>
  );
}
