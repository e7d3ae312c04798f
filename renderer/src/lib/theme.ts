import { useEffect, useSyncExternalStore } from 'react';
import { useWizard, type Theme } from '../store/wizard-store';

const DARK_QUERY = '(prefers-color-scheme: dark)';

function subscribe(onChange: () => void): () => void {
  const mq = window.matchMedia?.(DARK_QUERY);
  mq?.addEventListener('change', onChange);
  return () => mq?.removeEventListener('change', onChange);
}

const systemTheme = (): Theme => (window.matchMedia?.(DARK_QUERY).matches ? 'dark' : 'light');

/** The system's colour scheme (prefers-color-scheme), live: it follows a change of the OS setting. */
export function useSystemTheme(): Theme {
  return useSyncExternalStore(subscribe, systemTheme, () => 'light');
}

/** The theme in force: the user's pick, else the system's scheme. */
export function useTheme(): Theme {
  const choice = useWizard((s) => s.themeChoice);
  const system = useSystemTheme();
  return choice ?? system;
}

/**
 * Puts the user's pick on <html data-theme> (which pins CSS color-scheme, see styles.css); with no
 * pick the attribute is absent and the stylesheet follows prefers-color-scheme by itself.
 */
export function useApplyThemeChoice(): void {
  const choice = useWizard((s) => s.themeChoice);
  useEffect(() => {
    if (choice) document.documentElement.dataset.theme = choice;
    else delete document.documentElement.dataset.theme;
  }, [choice]);
}
