/**
 * The Flatcar marketplace images (publisher `kinvolk`) as the virtualMachineImages API serves them.
 *
 * Source: ASSEMBLED (each source: docs/azure.md#flatcar-images-plans-and-terms) from the
 * Flatcar docs and publishing script poured into real wire shapes (Go SDK recording):
 *  - offers: flatcar-container-linux-free (plan + terms), flatcar-container-linux (legacy, plan +
 *    terms), flatcar-container-linux-corevm-amd64 (x64, no plan), flatcar-container-linux-corevm
 *    (Arm64, Gen2 only, no plan), flatcar_pro (discontinued: no SKUs listed).
 *  - SKUs: channels alpha, beta, stable, lts2024 (the real LTS SKU name; there is no plain `lts`);
 *    x64 offers also have `<channel>-gen2` (Hyper-V Gen2), the Arm64 offer only `<channel>` (Gen2).
 *  - plan: { name: <sku>, product: <offer>, publisher: 'kinvolk' } ("plan name is the image SKU,
 *    plan product is the image offer").
 *  - versions: stable 3815.2.0 / 4152.2.3 / 4230.2.2 (as in the sample), beta 4230.1.1 and
 *    lts2024 4081.3.3 (flatcar/Flatcar#1735). The alpha version 4284.0.0 is an ASSUMPTION (no
 *    source at hand). Lists are in plain string order, as the real service sorts them.
 *  - `latest` is resolved by the VM create (highest version); a GET of version `latest` is answered
 *    404 like any unpublished version (clients resolve `latest` by listing).
 */
import type { CpuArchitecture, HyperVGeneration } from './catalog-types';
import { compareFlatcarVersions } from '../../nodes/flatcar-os';

export const FLATCAR_PUBLISHER = 'kinvolk';

interface OfferDef {
  name: string;
  plan: boolean;
  architecture: CpuArchitecture;
  /** x64 offers publish `<channel>` (Gen1) and `<channel>-gen2`; Arm64 only `<channel>` (Gen2). */
  gen2Suffix: boolean;
  channels: string[];
}

const CHANNELS = ['alpha', 'beta', 'lts2024', 'stable'];

const OFFERS: OfferDef[] = [
  { name: 'flatcar-container-linux', plan: true, architecture: 'x64', gen2Suffix: true, channels: CHANNELS },
  { name: 'flatcar-container-linux-corevm', plan: false, architecture: 'Arm64', gen2Suffix: false, channels: CHANNELS },
  { name: 'flatcar-container-linux-corevm-amd64', plan: false, architecture: 'x64', gen2Suffix: true, channels: CHANNELS },
  { name: 'flatcar-container-linux-free', plan: true, architecture: 'x64', gen2Suffix: true, channels: CHANNELS },
  { name: 'flatcar_pro', plan: true, architecture: 'x64', gen2Suffix: true, channels: [] },
];

const VERSIONS: Record<string, string[]> = {
  alpha: ['4284.0.0'],
  beta: ['4230.1.1'],
  lts2024: ['4081.3.3'],
  stable: ['3815.2.0', '4152.2.3', '4230.2.2'],
};

export interface ImagePlan {
  name: string;
  product: string;
  publisher: string;
}

/** What the compute rules need to know about one image version. */
export interface ResolvedImage {
  publisher: string;
  offer: string;
  sku: string;
  version: string;
  plan?: ImagePlan;
  hyperVGeneration: HyperVGeneration;
  architecture: CpuArchitecture;
}

interface SkuDef {
  offer: OfferDef;
  name: string;
  channel: string;
  generation: HyperVGeneration;
}

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function findOffer(publisher: string, offer: string): OfferDef | undefined {
  if (!eq(publisher, FLATCAR_PUBLISHER)) return undefined;
  return OFFERS.find((o) => eq(o.name, offer));
}

function skusOf(offer: OfferDef): SkuDef[] {
  const out: SkuDef[] = [];
  for (const channel of offer.channels) {
    if (offer.gen2Suffix) {
      out.push({ offer, name: channel, channel, generation: 'V1' });
      out.push({ offer, name: `${channel}-gen2`, channel, generation: 'V2' });
    } else {
      out.push({ offer, name: channel, channel, generation: 'V2' });
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

function findSku(publisher: string, offer: string, sku: string): SkuDef | undefined {
  const o = findOffer(publisher, offer);
  return o ? skusOf(o).find((s) => eq(s.name, sku)) : undefined;
}

function base(subscriptionId: string, location: string): string {
  return `/Subscriptions/${subscriptionId}/Providers/Microsoft.Compute/Locations/${location}`;
}

export interface ImageListItem {
  location: string;
  name: string;
  id: string;
  properties?: Record<string, unknown>;
}

export function listImagePublishers(subscriptionId: string, location: string): ImageListItem[] {
  return [{ location, name: FLATCAR_PUBLISHER, id: `${base(subscriptionId, location)}/Publishers/${FLATCAR_PUBLISHER}` }];
}

export function listImageOffers(subscriptionId: string, location: string, publisher: string): ImageListItem[] {
  if (!eq(publisher, FLATCAR_PUBLISHER)) return [];
  return OFFERS.map((o) => ({
    location,
    name: o.name,
    id: `${base(subscriptionId, location)}/Publishers/${FLATCAR_PUBLISHER}/ArtifactTypes/VMImage/Offers/${o.name}`,
  }));
}

export function listImageSkus(subscriptionId: string, location: string, publisher: string, offer: string): ImageListItem[] {
  const o = findOffer(publisher, offer);
  if (!o) return [];
  return skusOf(o).map((s) => ({
    properties: { automaticOSUpgradeProperties: { automaticOSUpgradeSupported: false } },
    location,
    name: s.name,
    id: `${base(subscriptionId, location)}/Publishers/${FLATCAR_PUBLISHER}/ArtifactTypes/VMImage/Offers/${o.name}/Skus/${s.name}`,
  }));
}

export interface VersionListOptions {
  /** `$top` */
  top?: number;
  /** `$orderby`: only `name desc` changes the order (as the API documents). */
  orderby?: string;
}

export function listImageVersions(
  subscriptionId: string,
  location: string,
  publisher: string,
  offer: string,
  sku: string,
  opts: VersionListOptions = {},
): ImageListItem[] {
  const s = findSku(publisher, offer, sku);
  if (!s) return [];
  let versions = [...(VERSIONS[s.channel] ?? [])].sort();
  if (opts.orderby && /name\s+desc/i.test(opts.orderby)) versions.reverse();
  if (opts.top !== undefined && opts.top >= 0) versions = versions.slice(0, opts.top);
  return versions.map((v) => ({
    location,
    name: v,
    id: `${base(subscriptionId, location)}/Publishers/${FLATCAR_PUBLISHER}/ArtifactTypes/VMImage/Offers/${s.offer.name}/Skus/${s.name}/Versions/${v}`,
  }));
}

/** Resolves publisher/offer/sku/version (`latest` allowed) to the image facts, or undefined. */
export function resolveImage(publisher: string, offer: string, sku: string, version: string): ResolvedImage | undefined {
  const s = findSku(publisher, offer, sku);
  if (!s) return undefined;
  const versions = VERSIONS[s.channel] ?? [];
  const v = eq(version, 'latest')
    ? [...versions].sort(compareFlatcarVersions).at(-1)
    : versions.find((x) => x === version);
  if (!v) return undefined;
  const resolved: ResolvedImage = {
    publisher: FLATCAR_PUBLISHER,
    offer: s.offer.name,
    sku: s.name,
    version: v,
    hyperVGeneration: s.generation,
    architecture: s.offer.architecture,
  };
  if (s.offer.plan) resolved.plan = { name: s.name, product: s.offer.name, publisher: FLATCAR_PUBLISHER };
  return resolved;
}

/** The image version GET body (a specific version; `latest` is not served here), or undefined. */
export function getImageVersion(
  subscriptionId: string,
  location: string,
  publisher: string,
  offer: string,
  sku: string,
  version: string,
): Record<string, unknown> | undefined {
  if (eq(version, 'latest')) return undefined;
  const img = resolveImage(publisher, offer, sku, version);
  if (!img) return undefined;
  // Field order and the replica/disallowed values copy the real (Windows) recording; they are not
  // known for Flatcar (reference _notes).
  const properties: Record<string, unknown> = {};
  if (img.plan) properties.plan = { ...img.plan };
  Object.assign(properties, {
    hyperVGeneration: img.hyperVGeneration,
    architecture: img.architecture,
    replicaType: 'Managed',
    replicaCount: 10,
    disallowed: { vmDiskType: 'Unmanaged' },
    automaticOSUpgradeProperties: { automaticOSUpgradeSupported: false },
    imageDeprecationStatus: { imageState: 'Active' },
    osDiskImage: { operatingSystem: 'Linux' },
    dataDiskImages: [],
  });
  return {
    properties,
    location,
    name: img.version,
    id: `${base(subscriptionId, location)}/Publishers/${FLATCAR_PUBLISHER}/ArtifactTypes/VMImage/Offers/${img.offer}/Skus/${img.sku}/Versions/${img.version}`,
  };
}

