// Marketplace terms: offer and plan become segments of an ARM path the SDK does not encode
// against dot segments, so "." or ".." would rewrite which resource is read or accepted.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MarketplaceOrderingAgreements } from '@azure/arm-marketplaceordering';
import { azureChannels } from '../../../shared/ipc/channels/azure';
import { IpcErrorCode } from '../../../shared/ipc/result';
import { azureHandlers } from '../../../electron/backend/handlers/azure-handlers';
import type { AzureServices } from '../../../electron/backend/azure-services';
import type { BackendContext } from '../../../electron/backend/context';
import { IpcRegistry } from '../../../electron/ipc/registry';
import { acceptTerms, getTerms } from '../../../electron/services/azure/terms';

const SUB = '0fa7c0be-5a4d-4b0c-8e11-f1a7c0be5a4d';
const HOSTILE: Array<[string, string]> = [
  ['..', 'stable-gen2'],
  ['.', 'stable-gen2'],
  ['flatcar-container-linux-free', '..'],
  ['flatcar-container-linux-free', '.'],
  ['flatcar-container-linux-free', '../../providers/Microsoft.Authorization/x'],
  ['flatcar-container-linux-free', 'stable-gen2/..'],
  ['flatcar-container-linux-free', 'stable%2F..'],
  ['some-other-offer', 'stable-gen2'],
  ['flatcar-container-linux-free', 'pro'],
  ['flatcar-container-linux-free', ''],
];

/** A marketplace client that records what it was asked for. */
function fakeMarketplace() {
  const asked: string[][] = [];
  const agreement = (offer: string, plan: string) => ({ publisher: 'kinvolk', product: offer, plan, accepted: false });
  const client = {
    marketplaceAgreements: {
      get: async (_type: string, publisher: string, offer: string, plan: string) => {
        asked.push(['get', publisher, offer, plan]);
        return agreement(offer, plan);
      },
      create: async (_type: string, publisher: string, offer: string, plan: string) => {
        asked.push(['create', publisher, offer, plan]);
        return { ...agreement(offer, plan), accepted: true };
      },
    },
  } as unknown as MarketplaceOrderingAgreements;
  return { client, asked };
}

describe('image terms: offer and plan', () => {
  it('the IPC channels refuse dot segments and anything but a Flatcar offer and plan, before a handler runs', async () => {
    const { client, asked } = fakeMarketplace();
    const services = {
      session: {
        current: async () => ({
          reads: {
            terms: (_sub: string, offer: string, plan: string) => getTerms(client, offer, plan),
            acceptTerms: (_sub: string, offer: string, plan: string) => acceptTerms(client, offer, plan),
          },
        }),
      },
    } as unknown as AzureServices;
    const registry = new IpcRegistry(azureChannels, azureHandlers({} as BackendContext, services));
    const ctx = { transport: 'test' as const, signal: new AbortController().signal };
    for (const channel of ['azure.terms', 'azure.acceptTerms']) {
      for (const [offer, plan] of HOSTILE) {
        const r = await registry.invoke(channel, { subscriptionId: SUB, offer, plan }, ctx);
        assert.ok(!r.ok, `${channel} accepted ${offer}/${plan}`);
        assert.equal(r.error.code, IpcErrorCode.InvalidInput, `${channel} ${offer}/${plan}: ${r.error.message}`);
      }
    }
    assert.deepEqual(asked, []);
    for (const plan of ['stable-gen2', 'stable', 'lts2024', 'alpha-gen2']) {
      const r = await registry.invoke('azure.terms', { subscriptionId: SUB, offer: 'flatcar-container-linux-free', plan }, ctx);
      assert.ok(r.ok, JSON.stringify(r));
    }
    assert.equal(asked.length, 4);
  });

  it('the service refuses them too (preflight and the CLI call it directly)', async () => {
    const { client, asked } = fakeMarketplace();
    for (const [offer, plan] of HOSTILE) {
      await assert.rejects(getTerms(client, offer, plan), /offer|plan/, `getTerms ${offer}/${plan}`);
      await assert.rejects(acceptTerms(client, offer, plan), /offer|plan/, `acceptTerms ${offer}/${plan}`);
    }
    assert.deepEqual(asked, []);
    assert.equal((await acceptTerms(client, 'flatcar-container-linux-free', 'stable-gen2')).accepted, true);
    assert.deepEqual(asked, [
      ['get', 'kinvolk', 'flatcar-container-linux-free', 'stable-gen2'],
      ['create', 'kinvolk', 'flatcar-container-linux-free', 'stable-gen2'],
    ]);
  });
});
