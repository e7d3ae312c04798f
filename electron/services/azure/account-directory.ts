/**
 * Accounts -> tenants -> subscriptions. Each signed-in account may see several tenants; each
 * tenant needs its own token (authority = that tenant). Remembers which account and tenant a
 * subscription was listed with, so later calls for it use the right credential. The accounts
 * come from MSAL (AuthService) or from the Azure CLI's sign-in (AzureCliAuth): the same path.
 */
import type { TokenCredential } from '@azure/core-auth';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { SubscriptionInfo, SubscriptionsResult, TenantInfo } from '../../../shared/ipc/channels/azure';
import { AppError } from '../errors';
import type { AccountSource } from './account-source';
import { armClientOptions, type ArmClientTuning } from './arm-clients';
import { azureCall, collect } from './azure-errors';

export class AccountDirectory {
  private readonly bySubscription = new Map<string, { accountId: string; tenantId: string }>();
  /** Why tenants were skipped in the last listing (the errors themselves, for their commands). */
  private skipped: unknown[] = [];

  constructor(
    private readonly auth: AccountSource,
    private readonly tuning: ArmClientTuning = {},
  ) {}

  private client(credential: TokenCredential): SubscriptionClient {
    return new SubscriptionClient(credential, armClientOptions(this.auth.env, this.tuning));
  }

  async tenants(signal?: AbortSignal): Promise<TenantInfo[]> {
    const out: TenantInfo[] = [];
    for (const account of await this.auth.accounts()) {
      const client = this.client(await this.auth.credential(account.homeAccountId));
      const list = await azureCall(`Listing tenants of ${account.username}`, () => collect(client.tenants.list(signal ? { abortSignal: signal } : {}), signal));
      for (const t of list) {
        if (!t.tenantId) continue;
        const info: TenantInfo = { tenantId: t.tenantId, accountId: account.homeAccountId, accountName: account.username };
        if (t.displayName) info.displayName = t.displayName;
        if (t.defaultDomain) info.defaultDomain = t.defaultDomain;
        out.push(info);
      }
    }
    return out;
  }

  async subscriptions(signal?: AbortSignal): Promise<SubscriptionsResult> {
    const result: SubscriptionsResult = { subscriptions: [], skippedTenants: [] };
    const seen = new Set<string>();
    const skipped: unknown[] = [];
    for (const tenant of await this.tenants(signal)) {
      let subs;
      try {
        const client = this.client(await this.auth.credential(tenant.accountId, tenant.tenantId));
        subs = await azureCall(`Listing subscriptions in tenant ${tenant.tenantId}`, () =>
          collect(client.subscriptions.list(signal ? { abortSignal: signal } : {}), signal),
        );
      } catch (err) {
        signal?.throwIfAborted();
        // One tenant needing MFA must not hide the others' subscriptions.
        result.skippedTenants.push({ tenantId: tenant.tenantId, accountName: tenant.accountName, reason: err instanceof AppError ? err.message : String(err) });
        skipped.push(err);
        continue;
      }
      for (const s of subs) {
        if (!s.subscriptionId || seen.has(`${tenant.accountId}|${s.subscriptionId}`)) continue;
        seen.add(`${tenant.accountId}|${s.subscriptionId}`);
        const info: SubscriptionInfo = {
          subscriptionId: s.subscriptionId,
          displayName: s.displayName ?? s.subscriptionId,
          state: s.state ?? 'Unknown',
          tenantId: s.tenantId ?? tenant.tenantId,
          accountId: tenant.accountId,
          accountName: tenant.accountName,
        };
        result.subscriptions.push(info);
        this.bySubscription.set(s.subscriptionId.toLowerCase(), { accountId: tenant.accountId, tenantId: info.tenantId });
      }
    }
    this.skipped = skipped;
    return result;
  }

  /** Why the last listing may have missed a subscription: an Azure CLI tenant failure, with its command. */
  whyNotVisible(subscriptionId: string): AppError | undefined {
    return this.auth.outOfReach?.(subscriptionId, this.skipped);
  }

  /** The credential for calls in a subscription (lists subscriptions once if it is not known yet). */
  async credentialFor(subscriptionId: string, signal?: AbortSignal): Promise<TokenCredential> {
    let hit = this.bySubscription.get(subscriptionId.toLowerCase());
    if (!hit) {
      await this.subscriptions(signal);
      hit = this.bySubscription.get(subscriptionId.toLowerCase());
    }
    if (!hit) {
      // The Azure CLI's sign-in could not reach a tenant: that is why, with the command that fixes it.
      const cli = this.auth.outOfReach?.(subscriptionId, this.skipped);
      if (cli) throw cli;
      throw new AppError('AZURE_SUBSCRIPTION_UNKNOWN', `No signed-in account can see subscription ${subscriptionId}.`, {
        hint: 'Pick a subscription from the list in the Subscription step, or sign in with the account that owns it.',
      });
    }
    return this.auth.credential(hit.accountId, hit.tenantId);
  }
}
