import { useEffect } from 'react';
import { create } from 'zustand';
import type { StepId } from '../steps/steps';

/**
 * One primary action per screen (issue 16): while a step shows an action of its own that must
 * come first (Sign in with Microsoft before anyone is signed in, Accept terms before they are
 * accepted), that button is the primary one and the wizard's Next is drawn as an ordinary button.
 */
interface PrimaryActionState {
  claimedBy: Partial<Record<StepId, boolean>>;
  claim(step: StepId, claimed: boolean): void;
}

export const usePrimaryAction = create<PrimaryActionState>((set) => ({
  claimedBy: {},
  claim: (step, claimed) => set((s) => (!!s.claimedBy[step] === claimed ? s : { claimedBy: { ...s.claimedBy, [step]: claimed } })),
}));

/** A step's own action is the primary one while `claimed`; released when the step unmounts. */
export function useClaimPrimary(step: StepId, claimed: boolean): void {
  const claim = usePrimaryAction((s) => s.claim);
  useEffect(() => {
    claim(step, claimed);
    return () => claim(step, false);
  }, [claim, step, claimed]);
}
