import { useEffect } from 'react';
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

/** The localStorage key of the presenter preferences (nothing secret: a layout and font sizes). */
export const PRESENTER_STORAGE_KEY = 'flatkube-presenter';

export const LOG_FONT_MIN = 10;
export const LOG_FONT_MAX = 28;
const clampFont = (n: number) => Math.min(LOG_FONT_MAX, Math.max(LOG_FONT_MIN, Math.round(n)));

interface PresenterState {
  /** Presenter mode: the operation view logs-first, large log text, for a projector. */
  presenter: boolean;
  /** The log panes' font size (px) outside and inside presenter mode: each mode keeps its own. */
  logFont: { normal: number; presenter: number };
  setPresenter(on: boolean): void;
  /** Changes the font size of the mode in force. */
  setLogFontSize(px: number): void;
}

/** Presenter preferences, remembered across reloads and restarts (like the theme's choice). */
export const usePresenter = create<PresenterState>()(
  persist(
    (set) => ({
      presenter: false,
      logFont: { normal: 13, presenter: 18 },
      setPresenter: (presenter) => set({ presenter }),
      setLogFontSize: (px) => set((s) => ({ logFont: { ...s.logFont, [s.presenter ? 'presenter' : 'normal']: clampFont(px) } })),
    }),
    {
      name: PRESENTER_STORAGE_KEY,
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({ presenter: s.presenter, logFont: s.logFont }),
      merge: (persisted, current) => {
        const p = (persisted ?? {}) as Partial<PresenterState>;
        const font = (n: unknown, d: number) => (typeof n === 'number' && Number.isFinite(n) ? clampFont(n) : d);
        return {
          ...current,
          presenter: p.presenter === true,
          logFont: { normal: font(p.logFont?.normal, current.logFont.normal), presenter: font(p.logFont?.presenter, current.logFont.presenter) },
        };
      },
    },
  ),
);

/** The log font size in force. */
export const useLogFontSize = () => usePresenter((s) => (s.presenter ? s.logFont.presenter : s.logFont.normal));

/** Puts presenter mode on <html data-presenter> so the stylesheet can lay the page out for it. */
export function useApplyPresenter(): void {
  const on = usePresenter((s) => s.presenter);
  useEffect(() => {
    if (on) document.documentElement.dataset.presenter = 'on';
    else delete document.documentElement.dataset.presenter;
  }, [on]);
}
