import type { authChannels, AuthStatus } from '../../../shared/ipc/channels/auth';
import type { HandlerMap } from '../../ipc/registry';
import { AppError } from '../../services/errors';
import type { AzureServices } from '../azure-services';
import type { BackendContext } from '../context';

/**
 * Sign-in channels. Tokens stay in the main process: answers carry account names and ids only.
 * Three ways to sign in: the sandbox's own user, MSAL with an app registration (browser or device
 * code), and the Azure CLI's sign-in (auth.useAzureCli: main runs `az`, the renderer never does).
 */
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
      tenant: s.auth.method === 'azure-cli' ? (await s.auth.current()).tenantId : s.env.kind === 'azure' ? (settings?.tenantId ?? 'organizations') : s.env.tenantId,
      method: s.method,
    };
    if (s.env.clientId && s.method !== 'azure-cli') out.clientId = s.env.clientId;
    if (s.method === 'azure-cli') out.environmentLabel = 'Microsoft Azure (through your Azure CLI sign-in)';
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
        if (s.auth.method !== 'msal') {
          throw new AppError('AUTH_AZURE_CLI_SESSION', 'This session uses your Azure CLI sign-in: Flatkube does not sign in on its own here.', {
            hint: 'Run `az login` in a terminal to change who is signed in, or choose Microsoft sign-in.',
          });
        }
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
      if (s.auth.method !== 'msal') {
        // Flatkube holds nothing to sign out of: stop using az's sign-in (`az logout` ends it for az).
        await session.useSandbox();
        return status();
      }
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
    'auth.choices': () => session.signInChoices(),
    'auth.useAzureCli': async () => {
      await session.useAzureCli();
      return status();
    },
  };
}
