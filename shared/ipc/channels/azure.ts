import { z } from 'zod';
import { flatcarPlanImageSchema } from '../../domain/cluster-spec';

/**
 * Azure read channels (the wizard's Subscription, Location, Image, Sizes and Review steps) and
 * preflight. The shapes here are also the services' return types (electron/services/azure), so
 * a field cannot drift between the service and the renderer.
 */

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'a GUID');
const region = z.string().regex(/^[a-z0-9]+$/, 'an Azure region name such as westeurope');
const architecture = z.enum(['x64', 'Arm64']);

export const tenantSchema = z.object({
  tenantId: z.string(),
  displayName: z.string().optional(),
  defaultDomain: z.string().optional(),
  accountId: z.string(),
  accountName: z.string(),
});
export type TenantInfo = z.infer<typeof tenantSchema>;

export const subscriptionSchema = z.object({
  subscriptionId: z.string(),
  displayName: z.string(),
  state: z.string(),
  tenantId: z.string(),
  /** The account (homeAccountId) it was listed with; calls for it use that account's tokens. */
  accountId: z.string(),
  accountName: z.string(),
});
export type SubscriptionInfo = z.infer<typeof subscriptionSchema>;

export const subscriptionsResultSchema = z.object({
  subscriptions: z.array(subscriptionSchema),
  /** Tenants whose subscriptions could not be listed (e.g. MFA required there), with why. */
  skippedTenants: z.array(z.object({ tenantId: z.string(), accountName: z.string(), reason: z.string() })),
});
export type SubscriptionsResult = z.infer<typeof subscriptionsResultSchema>;

export const locationSchema = z.object({
  name: z.string(),
  displayName: z.string(),
  regionalDisplayName: z.string().optional(),
  geography: z.string().optional(),
  geographyGroup: z.string().optional(),
  latitude: z.number().optional(),
  longitude: z.number().optional(),
  pairedRegions: z.array(z.string()),
  physicalLocation: z.string().optional(),
});
export type LocationInfo = z.infer<typeof locationSchema>;

export const imagePlanSchema = z.object({ name: z.string(), product: z.string(), publisher: z.string() });

export const flatcarImageSchema = z.object({
  publisher: z.literal('kinvolk'),
  offer: z.string(),
  sku: z.string(),
  channel: z.enum(['stable', 'beta', 'alpha', 'lts']),
  generation: z.union([z.literal(1), z.literal(2)]),
  architecture,
  /** Newest first. */
  versions: z.array(z.string()),
  /** When set, the VM carries this plan and the terms must be accepted first. */
  plan: imagePlanSchema.optional(),
});
export type FlatcarImage = z.infer<typeof flatcarImageSchema>;

export const termsSchema = z.object({
  publisher: z.string(),
  offer: z.string(),
  plan: z.string(),
  accepted: z.boolean(),
  licenseTextLink: z.string().optional(),
  privacyPolicyLink: z.string().optional(),
  marketplaceTermsLink: z.string().optional(),
});
export type TermsInfo = z.infer<typeof termsSchema>;

const quotaSchema = z.object({ name: z.string(), label: z.string(), limit: z.number(), used: z.number(), available: z.number() });
export type QuotaInfo = z.infer<typeof quotaSchema>;

export const priceSchema = z.object({
  currency: z.string(),
  perHour: z.number(),
  /** perHour x 730 hours, Azure's pricing-calculator month. */
  perMonth: z.number(),
});

export const vmSizeSchema = z.object({
  name: z.string(),
  family: z.string(),
  vCPUs: z.number(),
  memoryGB: z.number(),
  architecture,
  generations: z.array(z.union([z.literal(1), z.literal(2)])),
  familyQuota: quotaSchema.optional(),
  regionalQuota: quotaSchema.optional(),
  /** False when one more VM of this size would exceed the family or regional vCPU quota. */
  quotaAllowsOne: z.boolean(),
  /** Linux pay-as-you-go; absent when unknown (never guessed). */
  price: priceSchema.optional(),
  /** kubeadm needs 2 vCPUs and 1700 MB on a control plane. */
  belowControlPlaneMinimum: z.boolean(),
});
export type VmSizeInfo = z.infer<typeof vmSizeSchema>;

export const sizesResultSchema = z.object({
  location: z.string(),
  sizes: z.array(vmSizeSchema),
  prices: z.object({
    /** ISO date of the price list used (cached on disk). */
    asOf: z.string().optional(),
    /** Set when prices could not be fetched: the UI shows "price unknown" with this. */
    unknownReason: z.string().optional(),
  }),
});
export type SizesResult = z.infer<typeof sizesResultSchema>;

export const publicIpSchema = z.object({
  ip: z.string(),
  source: z.enum(['service', 'manual', 'sandbox']),
  /** Where it was detected, or a note for manual/sandbox. */
  detail: z.string(),
});
export type PublicIpInfo = z.infer<typeof publicIpSchema>;

export const preflightFindingSchema = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  /** One line: what to do about it. */
  fix: z.string(),
  /** Spec field it is about, dotted, when there is one. */
  path: z.string().optional(),
  /** The command that fixes it, when one does (e.g. `az provider register --namespace Microsoft.Compute`). */
  command: z.string().optional(),
});
export type PreflightFinding = z.infer<typeof preflightFindingSchema>;

/**
 * One line of the first real run checklist (real Azure only): a check that passed, failed
 * (blocks), warned, or could not be run, with what it found and the `az` command that fixes it.
 */
export const checklistItemSchema = z.object({
  id: z.enum(['subscription', 'role', 'providers', 'region-and-sizes', 'names', 'quota', 'image-and-terms', 'kubernetes', 'bakery', 'github', 'public-ip']),
  title: z.string(),
  status: z.enum(['pass', 'fail', 'warn', 'unknown']),
  /** What was found: the passing fact, or the findings' messages. */
  detail: z.string(),
  command: z.string().optional(),
});
export type ChecklistItem = z.infer<typeof checklistItemSchema>;

export const preflightResultSchema = z.object({
  /** True when no finding is an error. */
  ok: z.boolean(),
  findings: z.array(preflightFindingSchema),
  /** Real Azure: the first real run checklist (every check, passed or not). Absent in the sandbox. */
  checklist: z.array(checklistItemSchema).optional(),
});
export type PreflightResult = z.infer<typeof preflightResultSchema>;

const subInput = z.object({ subscriptionId: guid });

export const kubernetesVersionSchema = z.object({
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  minor: z.number().int(),
  /** The newest patch of its minor in the bakery: what the wizard recommends. */
  latestPatch: z.boolean(),
});
export const kubernetesVersionsSchema = z.object({
  /** Where the list and the checksums come from (the bakery's release downloads). */
  bakery: z.string(),
  versions: z.array(kubernetesVersionSchema),
});
export type KubernetesVersionsResult = z.infer<typeof kubernetesVersionsSchema>;

export const azureChannels = {
  'azure.tenants': { input: z.undefined(), output: z.array(tenantSchema) },
  'azure.subscriptions': { input: z.undefined(), output: subscriptionsResultSchema },
  'azure.locations': { input: subInput, output: z.array(locationSchema) },
  'azure.images': { input: subInput.extend({ location: region, architecture: architecture.default('x64') }), output: z.array(flatcarImageSchema) },
  'azure.terms': { input: subInput.extend(flatcarPlanImageSchema.shape), output: termsSchema },
  /** Accepts the marketplace terms: only ever called on the user's explicit action. */
  'azure.acceptTerms': { input: subInput.extend(flatcarPlanImageSchema.shape), output: termsSchema },
  'azure.sizes': {
    input: subInput.extend({ location: region, architecture: architecture.default('x64'), generation: z.union([z.literal(1), z.literal(2)]).default(2) }),
    output: sizesResultSchema,
  },
  'azure.publicIp': { input: z.object({ override: z.string().max(15).optional() }).default({}), output: publicIpSchema },
  /** Kubernetes versions the environment's Flatcar sysext bakery publishes (supported minors, newest first). */
  'azure.kubernetesVersions': { input: z.object({ architecture: architecture.default('x64') }).default({ architecture: 'x64' }), output: kubernetesVersionsSchema },
  /** Checks a ClusterSpec (raw input, validated in main) without creating anything. */
  'azure.preflight': { input: z.object({ spec: z.unknown() }), output: preflightResultSchema },
};

export const azureEvents = {};
