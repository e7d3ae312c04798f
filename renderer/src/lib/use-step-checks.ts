import { useEffect, useState } from 'react';
import type { StepId } from '../steps/steps';

type Checks = typeof import('./step-validation');
let loaded: Checks | null = null;

/**
 * The step checks (lib/step-validation.ts), fetched once the user is past Sign in: until then
 * null, and the shell (Next, the rail) behaves as before.
 */
export function useStepChecks(step: StepId): Checks | null {
  const [checks, setChecks] = useState(loaded);
  useEffect(() => {
    if (checks || step === 'sign-in') return;
    void import('./step-validation').then((m) => {
      loaded = m;
      setChecks(m);
    });
  }, [checks, step]);
  return checks;
}

/** Focuses a field once its step has rendered it (steps are chunks: it may take a few frames). */
export function focusWhenShown(selector: string, fallback: () => HTMLElement | null, frames = 60): void {
  const el = document.querySelector<HTMLElement>(selector);
  if (el) return el.focus();
  if (frames <= 0) return void fallback()?.focus();
  requestAnimationFrame(() => focusWhenShown(selector, fallback, frames - 1));
}
