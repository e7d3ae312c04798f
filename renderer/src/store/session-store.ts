import { create } from 'zustand';
import type { AuthStatus } from '../../../shared/ipc/channels/auth';
import type { IpcError } from '../../../shared/ipc/result';
import { call, hasChannel } from '../lib/ipc';

interface SessionState {
  status: AuthStatus | null;
  loading: boolean;
  error: IpcError | null;
  /** True while the sandbox is in use (or assumed: it is the default when auth.status is missing). */
  sandbox: boolean;
  load(): Promise<void>;
  chooseSandbox(): Promise<void>;
  chooseAzure(): Promise<void>;
  signIn(method: 'browser' | 'deviceCode'): Promise<void>;
  signOut(accountId: string): Promise<void>;
}

/** Who is signed in where: from auth.status; the sandbox is the default. Not persisted (main knows). */
export const useSession = create<SessionState>((set, get) => {
  const apply = async (channel: string, input?: unknown) => {
    set({ loading: true, error: null });
    const r = await call<AuthStatus>(channel, input);
    if (r.ok) set({ status: r.value, sandbox: r.value.environment === 'sandbox', loading: false });
    else set({ error: r.error, loading: false });
  };
  return {
    status: null,
    loading: false,
    error: null,
    sandbox: true,
    load: async () => {
      if (!hasChannel('auth.status')) return;
      await apply('auth.status');
      // No account yet: the sandbox is preselected.
      const s = get().status;
      if (s && s.environment === 'sandbox' && s.accounts.length === 0 && hasChannel('auth.useSandbox')) await apply('auth.useSandbox');
    },
    chooseSandbox: () => apply('auth.useSandbox'),
    chooseAzure: () => apply('auth.useAzure'),
    signIn: async (method) => {
      set({ loading: true, error: null });
      const r = await call('auth.signIn', { method });
      if (!r.ok) set({ error: r.error, loading: false });
      else await apply('auth.status');
    },
    signOut: (accountId) => apply('auth.signOut', { accountId }),
  };
});
