import { useEffect } from 'react';
import { useApplyThemeChoice, useTheme } from '../lib/theme';
import { useApplyPresenter, usePresenter } from '../store/presenter-store';
import { useSession } from '../store/session-store';
import { useWizard } from '../store/wizard-store';

/**
 * Brand, the Sandbox badge (on every screen while the sandbox is in use), the presenter mode toggle
 * (remembered: presenter-store.ts) and the theme toggle: a toggle button "Dark theme" (pressed in
 * the dark theme), the system's scheme until pressed.
 */
export function TopBar() {
  const theme = useTheme();
  const setTheme = useWizard((s) => s.setTheme);
  const sandbox = useSession((s) => s.sandbox);
  const status = useSession((s) => s.status);
  const load = useSession((s) => s.ensureLoaded);
  const view = useWizard((s) => s.view);
  const setView = useWizard((s) => s.setView);
  useEffect(() => {
    void load();
  }, [load]);
  useApplyThemeChoice();
  useApplyPresenter();
  const presenter = usePresenter((p) => p.presenter);
  const setPresenter = usePresenter((p) => p.setPresenter);
  const account = status?.accounts[0];
  return (
    <header className="topbar">
      <span className="brand">Flatkube</span>
      <span className="tagline">Kubernetes on Flatcar in Azure, click by click</span>
      <span className="topbar-spacer" />
      <button
        type="button"
        className="topbar-clusters"
        aria-pressed={view === 'clusters'}
        onClick={() => setView(view === 'clusters' ? 'wizard' : 'clusters')}
        data-testid="topbar-clusters"
      >
        {view === 'clusters' ? 'Back to the wizard' : 'Clusters'}
      </button>
      {sandbox && (
        <span className="sandbox-badge" data-testid="sandbox-badge" title={status?.environmentLabel ?? 'Simulated Azure: nothing is created or billed'}>
          Sandbox
        </span>
      )}
      {account && (
        <span className="account" data-testid="account">
          {account.username}
        </span>
      )}
      <button
        type="button"
        className="theme-toggle"
        aria-pressed={presenter}
        onClick={() => setPresenter(!presenter)}
        data-testid="presenter-toggle"
        title="For a projector: the logs first, larger text, the running step explained; remembered."
      >
        Presenter mode
      </button>
      <button
        type="button"
        className="theme-toggle"
        aria-pressed={theme === 'dark'}
        onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
        data-testid="theme-toggle"
        title="Follows the system's light or dark setting until you choose here; the choice is remembered."
      >
        Dark theme
      </button>
    </header>
  );
}
