import { create } from 'zustand';
import { STEP_IDS, type StepId } from '../steps/steps';

interface WizardState {
  step: StepId;
  goTo(step: StepId): void;
  next(): void;
  back(): void;
}

function offset(step: StepId, by: number): StepId {
  const i = STEP_IDS.indexOf(step) + by;
  return STEP_IDS[Math.min(STEP_IDS.length - 1, Math.max(0, i))]!;
}

/** Which step the wizard shows. Later steps add the draft ClusterSpec here (persisted). */
export const useWizard = create<WizardState>((set) => ({
  step: 'sign-in',
  goTo: (step) => set({ step }),
  next: () => set((s) => ({ step: offset(s.step, 1) })),
  back: () => set((s) => ({ step: offset(s.step, -1) })),
}));
