import type { authChannels, AuthStatus } from '../../../shared/ipc/channels/auth';
import type { HandlerMap } from '../../ipc/registry';
import { AppError } from '../../services/errors';
import type { AzureServices } from '../azure-services';
import type { BackendContext } from '../context';

/** Sign-in channels. Tokens stay in the main process: answers carry account names and ids only. */
export function authHandlers(ctx: BackendContext, services: AzureServices): HandlerMap<typeof authChannels> {
  const { session } = services;

  async function status(): Promise<AuthStatus> {
    const s = await session.current();
    const settings = await session.authSettings().catch(() => undefined);
    const azureUnavailableReason = await session.azureUnavailableReason();
    const out: AuthStatus = {
      environment: s.env.kind,
      environmentLabel: s.env.displayName ?? (s.env.kind === 'azure' ? 'Microsoft Azure' : 'Flatkube sandbox (simulated Azure)'),
      accounts: await s.auth.accountSummaries(),
      persistence: await s.auth.persistence(),
      tenant: s.env.kind === 'azure' ? (settings?.tenantId ?? 'organizations') : s.env.tenantId,
    };
    if (s.env.clientId) out.clientId = s.env.clientId;
    if (azureUnavailableReason) out.azureUnavailableReason = azureUnavailableReason;
    return out;
  }

  return {
    'auth.status': () => status(),
    'auth.signIn': async ({ method }, call) => {
      if (services.signIn.controller) throw new AppError('AUTH_IN_PROGRESS', 'A sign-in is already in progress.', { hint: 'Finish or cancel it first.' });
      const controller = new AbortController();
      services.signIn.controller = controller;
      const signal = AbortSignal.any([controller.signal, call.signal]);
      try {
        const s = await session.current();
        return method === 'browser'
          ? await s.auth.signInInteractive(signal)
          : await s.auth.signInDeviceCode((p) => ctx.hub.emit('auth.deviceCode', p), signal);
      } finally {
        services.signIn.controller = undefined;
      }
    },
    'auth.cancelSignIn': () => {
      const c = services.signIn.controller;
      c?.abort();
      return { cancelled: !!c };
    },
    'auth.signOut': async ({ accountId }) => {
      const s = await session.current();
      await s.auth.signOut(accountId);
      // Back to the sandbox when the last real account leaves.
      if (s.env.kind === 'azure' && (await s.auth.accounts()).length === 0) await session.useSandbox();
      return status();
    },
    'auth.useSandbox': async () => {
      await session.useSandbox();
      return status();
    },
    'auth.useAzure': async () => {
      await session.useAzure();
      return status();
    },
  };
}
