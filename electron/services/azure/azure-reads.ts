/**
 * The subscription-scoped reads of the wizard, bound to one environment and its signed-in
 * accounts: each call finds the account that listed the subscription and uses its tokens.
 */
import { createArmClients, type ArmClients, type ArmClientTuning } from './arm-clients';
import type { AccountDirectory } from './account-directory';
import type { AzureEnvironment } from './environment';
import type { FlatcarImage, LocationInfo, SizesResult, TermsInfo } from '../../../shared/ipc/channels/azure';
import { azureCall } from './azure-errors';
import { listFlatcarImages } from './images';
import { listLocations } from './locations';
import type { RetailPrices } from './retail-prices';
import { listSizes, type SizeFilter } from './sizes';
import { acceptTerms, getTerms } from './terms';

export class AzureReads {
  constructor(
    readonly env: AzureEnvironment,
    readonly directory: AccountDirectory,
    private readonly prices: RetailPrices,
    private readonly tuning: ArmClientTuning = {},
  ) {}

  /** The ARM clients for a subscription (also for preflight and the cluster engine). */
  async clients(subscriptionId: string, signal?: AbortSignal): Promise<ArmClients> {
    return createArmClients(this.env, await this.directory.credentialFor(subscriptionId, signal), subscriptionId, this.tuning);
  }

  async locations(subscriptionId: string, signal?: AbortSignal): Promise<LocationInfo[]> {
    return listLocations((await this.clients(subscriptionId, signal)).subscriptions, subscriptionId, signal);
  }

  async images(subscriptionId: string, location: string, architecture: 'x64' | 'Arm64', signal?: AbortSignal): Promise<FlatcarImage[]> {
    return listFlatcarImages((await this.clients(subscriptionId, signal)).compute, location, architecture, signal);
  }

  async terms(subscriptionId: string, offer: string, plan: string, signal?: AbortSignal): Promise<TermsInfo> {
    return getTerms((await this.clients(subscriptionId, signal)).marketplace, offer, plan, signal);
  }

  /** Only from the user's explicit "Accept terms" action. */
  async acceptTerms(subscriptionId: string, offer: string, plan: string, signal?: AbortSignal): Promise<TermsInfo> {
    return acceptTerms((await this.clients(subscriptionId, signal)).marketplace, offer, plan, signal);
  }

  async sizes(subscriptionId: string, location: string, filter: SizeFilter, signal?: AbortSignal): Promise<SizesResult> {
    // Mapped here too: the price lookup runs alongside and may end with a bare AbortError.
    return azureCall('Listing VM sizes', async () => {
      const clients = await this.clients(subscriptionId, signal);
      return listSizes(clients.compute, location, filter, (s) => this.prices.forRegion(location, s), signal);
    });
  }
}
