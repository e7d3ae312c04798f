/**
 * The rules Azure enforces on a VM PUT, checked synchronously (as CRP does) in this order: names,
 * location, size (offered / restricted), image, architecture and Hyper-V generation, security type
 * (no Trusted Launch for Flatcar), plan and marketplace terms, OS profile (admin user, SSH keys,
 * custom data), network interfaces, quota.
 */
import type { ProviderDeps, ResourceStore } from '../../arm/types';
import { isTermsAccepted } from '../../resources/marketplace-agreements';
import { findVmSku, locationRestriction, vmSizeFacts, type VmSizeFacts } from '../catalog/resource-skus';
import { resolveImage, type ResolvedImage } from '../catalog/flatcar-images';
import { computeUsages, findUsage } from '../catalog/compute-usages';
import { getQuotaOverrides } from '../catalog/quota-overrides';
import { regionalVmUsage } from '../catalog/vm-usage';
import { ArmError } from '../../arm/types';
import { invalidReference, refId, requireLocation } from '../network/common';
import {
  adminUsernameNotAllowed,
  architectureMismatch,
  customDataInvalid,
  generationMismatch,
  invalidComputerName,
  invalidParameter,
  invalidVmName,
  missingParameter,
  planMismatch,
  planMissing,
  platformImageNotFound,
  quotaExceeded,
  securityTypeNotSupported,
  skuNotAvailable,
  sshKeyInvalid,
  termsNotAccepted,
} from './vm-errors';

/**
 * Reserved admin user names (real list: azure-cli DISALLOWED_USER_NAMES, see the reserved-name
 * row of docs/azure.md#errors), compared case-insensitively.
 */
const RESERVED_USERNAMES = new Set([
  'administrator', 'admin', 'user', 'user1', 'test', 'user2', 'test1', 'user3', 'admin1', '1', '123', 'a', 'actuser', 'adm',
  'admin2', 'aspnet', 'backup', 'console', 'guest', 'owner', 'root', 'server', 'sql', 'support', 'support_388945a0', 'sys',
  'test2', 'test3', 'user4', 'user5',
]);

/** 87380 base64 characters = 64 KiB decoded, Azure's custom data limit. */
export const MAX_CUSTOM_DATA_CHARS = 87380;

/** Linux VM name: 1-64, no special characters, not starting with '_', not ending with '.' or '-'. */
const VM_NAME = /^[^\\/"'[\]:|<>+=;,?*@&~!#$%^(){}\s_][^\\/"'[\]:|<>+=;,?*@&~!#$%^(){}\s]{0,63}$/;
const COMPUTER_NAME_BAD = /[`~!@#$%^&*()=+_[\]{}\\|;:'",<>/?\s]/;

export function validateVmName(name: string): void {
  if (!VM_NAME.test(name) || /[.-]$/.test(name)) throw invalidVmName(name);
}

export function validateAdminUsername(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0) throw missingParameter('adminUsername');
  if (RESERVED_USERNAMES.has(name.toLowerCase())) throw adminUsernameNotAllowed();
  return name;
}

/** Valid base64 (standard alphabet, padded) of at most 87380 characters; returns it unchanged. */
export function validateCustomData(customData: unknown): string | undefined {
  if (customData === undefined || customData === null) return undefined;
  if (typeof customData !== 'string') throw customDataInvalid();
  if (customData.length > MAX_CUSTOM_DATA_CHARS) throw customDataInvalid();
  if (customData.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(customData)) throw customDataInvalid();
  return customData;
}

/** OpenSSH public key line of a type Azure accepts for adminSshKey (RSA; Ed25519 since 2024). */
const SSH_KEY = /^(ssh-rsa|ssh-ed25519) [A-Za-z0-9+/]+={0,3}(\s.*)?$/;

interface VmBody {
  location?: unknown;
  plan?: { name?: string; product?: string; publisher?: string };
  properties?: {
    hardwareProfile?: { vmSize?: string };
    storageProfile?: { imageReference?: { publisher?: string; offer?: string; sku?: string; version?: string; id?: string } };
    osProfile?: {
      computerName?: string;
      adminUsername?: string;
      adminPassword?: string;
      customData?: string;
      linuxConfiguration?: { disablePasswordAuthentication?: boolean; ssh?: { publicKeys?: Array<{ path?: string; keyData?: string }> } };
    };
    networkProfile?: { networkInterfaces?: Array<{ id?: string; properties?: { primary?: boolean } }> };
    securityProfile?: { securityType?: string };
  };
}

/** Everything a valid VM create resolved, for building the resource and booting the node. */
export interface ValidatedVm {
  location: string;
  size: VmSizeFacts;
  image: ResolvedImage;
  computerName: string;
  adminUsername: string;
  customData: string | undefined;
  nicIds: string[];
}

export interface VmContext {
  deps: ProviderDeps;
  subscriptionId: string;
  vmId: string;
  vmName: string;
  /** The VM's existing stored record id, when this PUT updates it (excluded from quota usage). */
  existingId?: string;
}

function checkSize(ctx: VmContext, location: string, sizeName: unknown): VmSizeFacts {
  if (typeof sizeName !== 'string' || sizeName === '') throw missingParameter('hardwareProfile.vmSize');
  const sku = findVmSku(sizeName, location);
  if (!sku || locationRestriction(sku, location)) throw skuNotAvailable(ctx.vmId, sizeName, location, ctx.subscriptionId);
  return vmSizeFacts(sku);
}

function checkImage(body: VmBody): ResolvedImage {
  const ref = body.properties?.storageProfile?.imageReference;
  if (!ref) throw missingParameter('storageProfile.imageReference');
  const { publisher, offer, sku, version = 'latest' } = ref;
  if (!publisher || !offer || !sku) {
    throw invalidParameter('The platform image reference must specify publisher, offer, sku and version.', 'imageReference');
  }
  const img = resolveImage(publisher, offer, sku, version);
  if (!img) throw platformImageNotFound(`${publisher}:${offer}:${sku}:${version}`);
  return img;
}

/**
 * securityProfile.securityType (Compute 2025-11-01 and later: Standard, TrustedLaunch,
 * ConfidentialVM). The sandbox serves only Flatcar images, and none of them supports Trusted Launch
 * or Confidential VM (flatcar/Flatcar#1249), so only Standard (or none) passes.
 */
function checkSecurityType(body: VmBody): void {
  const t = body.properties?.securityProfile?.securityType;
  if (typeof t !== 'string') return;
  if (t.toLowerCase() === 'trustedlaunch') throw securityTypeNotSupported('TrustedLaunch');
  if (t.toLowerCase() === 'confidentialvm') throw securityTypeNotSupported('ConfidentialVM');
}

function checkPlanAndTerms(ctx: VmContext, body: VmBody, image: ResolvedImage): void {
  if (!image.plan) return;
  const plan = body.plan;
  if (!plan || !plan.name || !plan.product || !plan.publisher) throw planMissing(ctx.vmId);
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  if (!same(plan.name, image.plan.name) || !same(plan.product, image.plan.product) || !same(plan.publisher, image.plan.publisher)) {
    throw planMismatch(ctx.vmId, image.plan);
  }
  if (!isTermsAccepted(ctx.deps.store, ctx.subscriptionId, image.plan.publisher, image.plan.product, image.plan.name)) {
    throw termsNotAccepted(image.publisher, image.offer);
  }
}

function checkOsProfile(body: VmBody, vmName: string) {
  const os = body.properties?.osProfile;
  if (!os) throw missingParameter('osProfile');
  const computerName = os.computerName ?? vmName;
  if (computerName.length === 0 || computerName.length > 64 || COMPUTER_NAME_BAD.test(computerName)) throw invalidComputerName();
  const adminUsername = validateAdminUsername(os.adminUsername);
  const linux = os.linuxConfiguration ?? {};
  const keys = linux.ssh?.publicKeys ?? [];
  for (const k of keys) if (typeof k.keyData !== 'string' || !SSH_KEY.test(k.keyData.trim())) throw sshKeyInvalid();
  if (linux.disablePasswordAuthentication === true && keys.length === 0) {
    // CRP's wording, from memory.
    throw invalidParameter('Authentication using either SSH or by user name and password must be enabled in Linux profile.', 'linuxConfiguration');
  }
  if (linux.disablePasswordAuthentication !== true && !os.adminPassword && keys.length === 0) throw missingParameter('adminPassword');
  return { computerName, adminUsername, customData: validateCustomData(os.customData) };
}

function checkNics(ctx: VmContext, body: VmBody, location: string): string[] {
  const nics = body.properties?.networkProfile?.networkInterfaces ?? [];
  if (nics.length === 0) throw missingParameter('networkProfile');
  const ids: string[] = [];
  for (const n of nics) {
    const id = refId(n);
    if (!id) throw missingParameter('networkProfile.networkInterfaces.id');
    const nic = ctx.deps.store.getResource(id);
    if (!nic || nic.type.toLowerCase() !== 'microsoft.network/networkinterfaces' || nic.location?.toLowerCase() !== location) {
      throw invalidReference(id, ctx.vmId);
    }
    const other = vmUsingNicOtherThan(ctx.deps.store, nic.id, ctx.vmId);
    if (other) {
      // Code real (NicInUse); wording from memory.
      throw new ArmError(400, 'NicInUse', `Network Interface ${nic.id} is used by existing resource ${other}. In order to delete the network interface, it must be dissociated from the resource. To learn more, see aka.ms/deletenic.`);
    }
    ids.push(nic.id);
  }
  return ids;
}

function vmUsingNicOtherThan(store: ResourceStore, nicId: string, vmId: string): string | undefined {
  const vm = store
    .listResources((r) => r.type.toLowerCase() === 'microsoft.compute/virtualmachines' && r.id.toLowerCase() !== vmId.toLowerCase())
    .find((r) => ((r.properties?.networkProfile as { networkInterfaces?: unknown[] } | undefined)?.networkInterfaces ?? []).some((n) => refId(n)?.toLowerCase() === nicId.toLowerCase()));
  return vm?.id;
}

/** Family quota first (the more specific answer), then the regional total. */
export function checkQuota(ctx: VmContext, location: string, size: VmSizeFacts): void {
  const usage = regionalVmUsage(ctx.deps.store, ctx.subscriptionId, location, ctx.existingId);
  const rows = computeUsages(usage, getQuotaOverrides(ctx.deps.store, ctx.subscriptionId, location));
  const family = findUsage(rows, size.family);
  if (family && family.currentValue + size.vCPUs > family.limit) {
    throw quotaExceeded(ctx.subscriptionId, location, family.name.value, family.name.value, family.limit, family.currentValue, size.vCPUs);
  }
  const cores = findUsage(rows, 'cores')!;
  if (cores.currentValue + size.vCPUs > cores.limit) {
    throw quotaExceeded(ctx.subscriptionId, location, 'Total Regional', 'cores', cores.limit, cores.currentValue, size.vCPUs);
  }
}

/** Runs every create rule; throws the first Azure error that applies. */
export function validateVmCreate(ctx: VmContext, raw: Record<string, unknown>): ValidatedVm {
  const body = raw as VmBody;
  validateVmName(ctx.vmName);
  const location = requireLocation(raw, 'Microsoft.Compute/virtualMachines');
  const size = checkSize(ctx, location, body.properties?.hardwareProfile?.vmSize);
  const image = checkImage(body);
  if (image.architecture !== size.architecture) throw architectureMismatch(size.name, size.architecture, image.architecture);
  if (!size.hyperVGenerations.includes(image.hyperVGeneration)) throw generationMismatch(size.name, image.hyperVGeneration);
  checkSecurityType(body);
  checkPlanAndTerms(ctx, body, image);
  const os = checkOsProfile(body, ctx.vmName);
  const nicIds = checkNics(ctx, body, location);
  checkQuota(ctx, location, size);
  return { location, size, image, ...os, nicIds };
}
