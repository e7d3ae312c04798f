import { create } from 'zustand';
import type { AuthStatus, SignInChoice, SignInMethod } from '../../../shared/ipc/channels/auth';
import type { IpcError, IpcResult } from '../../../shared/ipc/result';
import { invoke } from '../lib/ipc';

interface SessionState {
  status: AuthStatus | null;
  loading: boolean;
  error: IpcError | null;
  /** True while the sandbox is in use (or assumed: it is the default until auth.status answers). */
  sandbox: boolean;
  /** How the current session signs in: the sandbox, the Azure CLI's sign-in, or Microsoft sign-in (MSAL). */
  method: SignInMethod;
  /** The ways to sign in on this machine (auth.choices; main runs `az account show`), null until asked. */
  choices: SignInChoice[] | null;
  checkingChoices: boolean;
  load(): Promise<void>;
  /** Loads once: the first call asks main (boot.ts, before the first render), later ones share it. */
  ensureLoaded(): Promise<void>;
  /** Asks main again which sign-ins work here (after `az login` in a terminal, say). */
  loadChoices(): Promise<void>;
  chooseSandbox(): Promise<void>;
  chooseAzure(): Promise<void>;
  /** Real Azure through the Azure CLI's sign-in: fails with az's reason and the command to run. */
  chooseAzureCli(): Promise<void>;
  signIn(method: 'browser' | 'deviceCode'): Promise<void>;
  signOut(accountId: string): Promise<void>;
}

/** The sign-in method a status describes (older backends say nothing: the sandbox or MSAL). */
function methodOf(s: AuthStatus): SignInMethod {
  return s.method ?? (s.environment === 'sandbox' ? 'sandbox' : 'msal');
}

/** Who is signed in where: from auth.status; the sandbox is the default. Not persisted (main knows). */
export const useSession = create<SessionState>((set, get) => {
  /** Runs a call that answers the auth status and takes the answer in. */
  const apply = async (request: () => Promise<IpcResult<AuthStatus>>) => {
    set({ loading: true, error: null });
    const r = await request();
    if (r.ok) set({ status: r.value, sandbox: r.value.environment === 'sandbox', method: methodOf(r.value), loading: false });
    else set({ error: r.error, loading: false });
  };
  let first: Promise<void> | undefined;
  return {
    status: null,
    loading: false,
    error: null,
    sandbox: true,
    method: 'sandbox',
    choices: null,
    checkingChoices: false,
    loadChoices: async () => {
      set({ checkingChoices: true });
      const r = await invoke('auth.choices', undefined);
      // A backend without the channel keeps the two classic choices (choices stay null).
      set({ choices: r.ok ? r.value : get().choices, checkingChoices: false });
    },
    load: async () => {
      await apply(() => invoke('auth.status', undefined));
      // No account yet: the sandbox is preselected.
      const s = get().status;
      if (s && s.environment === 'sandbox' && s.accounts.length === 0) await apply(() => invoke('auth.useSandbox', undefined));
    },
    ensureLoaded: () => (first ??= get().load()),
    chooseSandbox: () => apply(() => invoke('auth.useSandbox', undefined)),
    chooseAzure: () => apply(() => invoke('auth.useAzure', undefined)),
    chooseAzureCli: async () => {
      await apply(() => invoke('auth.useAzureCli', undefined));
      // az may have been signed out (or in) meanwhile: show what it says now.
      if (get().error) await get().loadChoices();
    },
    signIn: async (method) => {
      set({ loading: true, error: null });
      const r = await invoke('auth.signIn', { method });
      if (!r.ok) set({ error: r.error, loading: false });
      else await apply(() => invoke('auth.status', undefined));
    },
    signOut: (accountId) => apply(() => invoke('auth.signOut', { accountId })),
  };
});
