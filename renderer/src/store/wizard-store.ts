import { create } from 'zustand';
import type { ChannelOutput } from '../../../shared/ipc/contract';
import { createJSONStorage, persist } from 'zustand/middleware';
import { STEP_IDS, type StepId } from '../steps/steps';
import { emptyDraft, migrateDraft, type Draft } from '../lib/draft';
import { isPrivateKeyText, withoutPrivateKey } from '../lib/ssh-key-input';

export type Theme = 'light' | 'dark';
export type GeneratedKey = ChannelOutput<'cluster.generateSshKey'>;
/** What the main area shows: the wizard's current step, or the Clusters view. */
export type View = 'wizard' | 'clusters';

interface WizardState {
  step: StepId;
  /** The ClusterSpec being built (raw input; validated with validateClusterSpec). */
  draft: Draft;
  /** The theme the user picked with the top bar's toggle; null: follow the system (prefers-color-scheme). */
  themeChoice: Theme | null;
  /** The cluster the Deploy/Done steps follow, once Create was pressed. */
  deployment: string | null;
  view: View;
  /** The key pair main generated for the draft (its public half and the private key's path; no secret). */
  generatedKey: GeneratedKey | null;
  setGeneratedKey(key: GeneratedKey | null): void;
  /** The cluster whose page the Clusters view shows (null: the list). */
  openCluster: string | null;
  /** Shows a wizard step (and leaves the Clusters view). */
  goTo(step: StepId): void;
  setView(view: View): void;
  /** Shows a cluster's page in the Clusters view (null: back to the list). */
  showCluster(name: string | null): void;
  next(): void;
  back(): void;
  /** Shallow-merges a patch into the draft (nested objects are merged one level deep). */
  update(patch: Partial<Draft>): void;
  reset(): void;
  /** Pins the theme (remembered across restarts). */
  setTheme(theme: Theme): void;
  setDeployment(name: string | null): void;
}

function offset(step: StepId, by: number): StepId {
  const i = STEP_IDS.indexOf(step) + by;
  return STEP_IDS[Math.min(STEP_IDS.length - 1, Math.max(0, i))]!;
}

export function mergeDraft(draft: Draft, patch: Partial<Draft>): Draft {
  const out: Record<string, unknown> = { ...draft };
  for (const [key, value] of Object.entries(patch)) {
    const prev = out[key];
    out[key] =
      value && typeof value === 'object' && !Array.isArray(value) && prev && typeof prev === 'object' && !Array.isArray(prev)
        ? { ...(prev as object), ...(value as object) }
        : value;
  }
  return out as Draft;
}

/** The localStorage key of the persisted wizard state. */
export const WIZARD_STORAGE_KEY = 'flatkube.wizard';

/** Which step the wizard shows and the draft ClusterSpec; persisted so the wizard survives a restart. */
export const useWizard = create<WizardState>()(
  persist(
    (set) => ({
      step: 'sign-in',
      draft: emptyDraft(),
      themeChoice: null,
      deployment: null,
      view: 'wizard',
      generatedKey: null,
      setGeneratedKey: (generatedKey) => set({ generatedKey }),
      openCluster: null,
      goTo: (step) => set({ step, view: 'wizard' }),
      // The Clusters entry always opens on the list.
      setView: (view) => set({ view, openCluster: null }),
      showCluster: (openCluster) => set({ view: 'clusters', openCluster }),
      next: () => set((s) => ({ step: offset(s.step, 1) })),
      back: () => set((s) => ({ step: offset(s.step, -1) })),
      // A private key never enters the draft (it is persisted): whoever sets it, it is dropped here.
      update: (patch) => set((s) => ({ draft: withoutPrivateKey(mergeDraft(s.draft, patch)) })),
      reset: () => set({ draft: emptyDraft(), step: 'sign-in', deployment: null, generatedKey: null }),
      setTheme: (themeChoice) => set({ themeChoice }),
      setDeployment: (deployment) => set({ deployment }),
    }),
    {
      name: WIZARD_STORAGE_KEY,
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({ step: s.step, draft: s.draft, themeChoice: s.themeChoice, deployment: s.deployment, generatedKey: s.generatedKey }),
      merge: (persisted, current) => {
        // `theme` (before themeChoice) was the system's scheme at first start, saved whether or not
        // the user ever chose: dropped, so the system is followed until a real choice.
        const { theme: _legacy, ...p } = (persisted ?? {}) as Partial<WizardState> & { theme?: unknown };
        return {
          ...current,
          ...p,
          themeChoice: p.themeChoice === 'light' || p.themeChoice === 'dark' ? p.themeChoice : null,
          step: p.step && STEP_IDS.includes(p.step) ? p.step : current.step,
          // A draft an older wizard saved with a private key in it loses the key on the first load.
          draft: withoutPrivateKey(mergeDraft(current.draft, migrateDraft((p.draft ?? {}) as Record<string, unknown>) as Partial<Draft>)),
        };
      },
    },
  ),
);

// Hydration from localStorage is synchronous, so the state is loaded by now. A stored draft that
// held a private key lost it in merge; write the cleaned state back at once so no copy remains.
if (typeof localStorage !== 'undefined' && isPrivateKeyText(localStorage.getItem(WIZARD_STORAGE_KEY) ?? '')) useWizard.setState({});
