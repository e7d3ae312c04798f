/**
 * Flatcar images for the Image step: per region and architecture, the offers Flatkube supports,
 * each channel and Hyper-V generation, its versions (newest first), and whether a marketplace
 * plan applies. The plan, architecture and generation are read from the newest version itself,
 * not inferred from names, so the answer follows what Azure says.
 */
import { setMaxListeners } from 'node:events';
import type { ComputeManagementClient } from '@azure/arm-compute';
import { FLATCAR_OFFERS, FLATCAR_SKU, offerArchitecture } from '../../../shared/domain/cluster-spec';
import type { FlatcarImage } from '../../../shared/ipc/channels/azure';
import { azureCall } from './azure-errors';
import { compareFlatcarVersions } from '../../../shared/domain/flatcar-version';

export const FLATCAR_PUBLISHER = 'kinvolk';

/** `stable-gen2` -> stable; `lts2024` -> lts (the LTS stream is published with its year). */
export function channelOfSku(sku: string): FlatcarImage['channel'] | undefined {
  const base = FLATCAR_SKU.exec(sku)?.[1];
  if (base === undefined) return undefined;
  return base.startsWith('lts') ? 'lts' : (base as FlatcarImage['channel']);
}

export { compareFlatcarVersions };

export async function listFlatcarImages(
  compute: ComputeManagementClient,
  location: string,
  architecture: 'x64' | 'Arm64',
  signal?: AbortSignal,
): Promise<FlatcarImage[]> {
  // About 35 requests run in parallel on this one signal, each with its own abort listener.
  if (signal) setMaxListeners(100, signal);
  const opt = signal ? { abortSignal: signal } : {};
  const offers = await azureCall('Listing Flatcar offers', () => compute.virtualMachineImages.listOffers(location, FLATCAR_PUBLISHER, opt));
  const wanted = offers
    .map((o) => o.name)
    .filter((n): n is (typeof FLATCAR_OFFERS)[number] => (FLATCAR_OFFERS as readonly string[]).includes(n))
    .filter((n) => offerArchitecture(n) === architecture);
  const perOffer = await Promise.all(
    wanted.map(async (offer) => {
      const skus = await azureCall(`Listing SKUs of ${offer}`, () => compute.virtualMachineImages.listSkus(location, FLATCAR_PUBLISHER, offer, opt));
      const images = await Promise.all(
        skus.map(async (s): Promise<FlatcarImage | undefined> => {
          const channel = channelOfSku(s.name);
          if (!channel) return undefined;
          const list = await azureCall(`Listing versions of ${offer}/${s.name}`, () => compute.virtualMachineImages.list(location, FLATCAR_PUBLISHER, offer, s.name, opt));
          const versions = list.map((v) => v.name).sort(compareFlatcarVersions).reverse();
          if (versions.length === 0) return undefined;
          const newest = await azureCall(`Reading ${offer}/${s.name}/${versions[0]}`, () =>
            compute.virtualMachineImages.get(location, FLATCAR_PUBLISHER, offer, s.name, versions[0]!, opt),
          );
          const image: FlatcarImage = {
            publisher: FLATCAR_PUBLISHER,
            offer,
            sku: s.name,
            channel,
            generation: newest.hyperVGeneration === 'V2' ? 2 : 1,
            architecture: newest.architecture === 'Arm64' ? 'Arm64' : 'x64',
            versions,
          };
          if (newest.plan?.name && newest.plan.product && newest.plan.publisher) {
            image.plan = { name: newest.plan.name, product: newest.plan.product, publisher: newest.plan.publisher };
          }
          return image;
        }),
      );
      return images.filter((i): i is FlatcarImage => i !== undefined && i.architecture === architecture);
    }),
  );
  return perOffer.flat();
}

/** Whether one exact image exists (`latest` = any version) and what it is. */
export async function findImage(
  compute: ComputeManagementClient,
  location: string,
  ref: { offer: string; sku: string; version: string },
  signal?: AbortSignal,
): Promise<{ exists: boolean; version?: string; plan?: boolean }> {
  const opt = signal ? { abortSignal: signal } : {};
  const list = await azureCall('Listing image versions', () => compute.virtualMachineImages.list(location, FLATCAR_PUBLISHER, ref.offer, ref.sku, opt));
  const versions = list.map((v) => v.name).sort(compareFlatcarVersions);
  const version = ref.version === 'latest' ? versions.at(-1) : versions.find((v) => v === ref.version);
  if (!version) return { exists: false };
  const img = await azureCall('Reading the image', () => compute.virtualMachineImages.get(location, FLATCAR_PUBLISHER, ref.offer, ref.sku, version, opt));
  return { exists: true, version, plan: !!img.plan };
}
