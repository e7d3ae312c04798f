import { z } from 'zod';
import { cidrContains, cidrOverlaps, cidrSize, formatIpv4, parseCidr, parseIpv4, type Cidr } from './cidr';
import { highestHostOffset, LEGACY_POOL, MAX_NODE_POOLS, MAX_WORKERS, poolNodeName } from './cluster-layout';

/**
 * ClusterSpec: everything the user chooses for one cluster, validated once here and shared by the
 * wizard (inline errors by field path), the CLI (YAML files) and the cluster engine.
 * Defaults follow the node recipe in docs/bootstrap.md.
 */

// The releases offered and the default: kubernetes-version.ts (no zod, the wizard loads it at start).
import { DEFAULT_KUBERNETES_VERSION, SUPPORTED_KUBERNETES_MINORS } from './kubernetes-version';
export { DEFAULT_KUBERNETES_VERSION, SUPPORTED_KUBERNETES_MINORS };

export const FLATCAR_OFFERS = [
  'flatcar-container-linux-corevm-amd64',
  'flatcar-container-linux-free',
  'flatcar-container-linux-corevm',
] as const;
export type FlatcarOffer = (typeof FLATCAR_OFFERS)[number];

/**
 * Flatcar's image SKUs: a channel, "-gen2" for x64 Gen2, the LTS stream with its year
 * ("stable", "stable-gen2", "lts2024"). A plan image's plan name is its SKU.
 */
export const FLATCAR_SKU = /^(stable|beta|alpha|lts(?:\d{4})?)(?:-gen2)?$/;

/**
 * The plan image whose terms are read or accepted. Offer and plan become segments of an ARM path
 * that the SDK does not encode against "." and "..": only the known offers and SKU names pass.
 */
export const flatcarPlanImageSchema = z.object({
  offer: z.enum(FLATCAR_OFFERS),
  plan: z.string().max(40).regex(FLATCAR_SKU, 'a Flatcar plan such as stable-gen2'),
});

/** The corevm offer without "-amd64" is the Arm64 build and is published for Gen2 only. */
export function offerArchitecture(offer: FlatcarOffer): 'x64' | 'Arm64' {
  return offer === 'flatcar-container-linux-corevm' ? 'Arm64' : 'x64';
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Azure + DNS safe: also a valid prefix for every resource name we derive (`<name>-cp-0-nic`). */
export const clusterNameSchema = z
  .string()
  .min(1, 'name is required')
  .max(40, 'at most 40 characters (derived Azure resource names add suffixes)')
  .regex(/^[a-z][a-z0-9-]*$/, 'lowercase letters, digits and hyphens only, starting with a letter')
  .refine((s) => !s.endsWith('-') && !s.includes('--'), 'no trailing or doubled hyphens');

// Values are stored in their canonical form ("10.244.0.0/16", "203.0.113.7"), never as typed:
// the parsers accept surrounding whitespace, and a newline that only passed validation after a
// trim would still split the az script's lines and Cilium's `--set` where the value is used.
const cidrSchema = z
  .string()
  .superRefine((value, ctx) => {
    const r = parseCidr(value);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.error });
  })
  .overwrite((value) => {
    const r = parseCidr(value);
    return r.ok ? r.cidr.text : value;
  });

const sourceIpSchema = z
  .string()
  .refine((ip) => parseIpv4(ip) !== undefined && parseIpv4(ip) !== 0, 'a single IPv4 address (your public IP)')
  .overwrite((ip) => {
    const value = parseIpv4(ip);
    return value === undefined ? ip : formatIpv4(value);
  });

/** Also guards the spec-wide rules below, which size the node layout by the count. */
const workerCountSchema = z.number().int().min(0).max(MAX_WORKERS);

/** Reserved: `cp-N` names the control planes, `worker-N` the legacy pool's nodes (cluster-layout.ts). */
const RESERVED_POOL_NAMES = ['cp', 'worker'];

/**
 * A pool's name is a DNS label (RFC 1123, as Kubernetes node names are built from it) of at most
 * 16 characters: `<cluster>-<pool>-<n>-vm` must stay within Azure's 64 characters for a Linux
 * VM name with a 40-character cluster name
 * (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftcompute;
 * the sandbox holds the same rule: sandbox/src/providers/compute/vm-errors.ts).
 */
export const poolNameSchema = z
  .string()
  .min(1, 'a pool needs a name')
  .max(16, 'at most 16 characters (node and VM names are built from it)')
  .regex(/^[a-z]([a-z0-9-]*[a-z0-9])?$/, 'lowercase letters, digits and hyphens, starting with a letter, not ending in a hyphen')
  .refine((s) => !s.includes('--'), 'no doubled hyphens')
  .refine((s) => !RESERVED_POOL_NAMES.includes(s), `${RESERVED_POOL_NAMES.join(' and ')} are reserved (node names cp-0, worker-0)`);

// Azure's longest size names have about 30 characters; the bound also keeps isArm64Size, which
// the spec-wide rules run on any size, on short input.
const vmSizeSchema = z.string().max(64).regex(/^Standard_[A-Za-z0-9_]+$/, 'an Azure VM size such as Standard_B2s');

/** Azure's "p" feature letter in a size name marks an Arm64 (Ampere) size, e.g. Standard_D2ps_v5. */
export function isArm64Size(size: string): boolean {
  // One group for the feature letters, then a look for "p" in it: `[a-z]*p[a-z]*` backtracked
  // quadratically, and a 4 MB size name in one message kept the main process busy for hours.
  const features = /^Standard_[A-Z]+\d+([a-z]*)_v\d+$/.exec(size)?.[1];
  return features !== undefined && features.includes('p');
}

const SSH_KEY = /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com) [A-Za-z0-9+/]+=*( [^\r\n]*)?$/;

export const clusterSpecSchema = z
  .object({
    name: clusterNameSchema,
    subscriptionId: z.string().regex(GUID, 'a subscription id (GUID)'),
    resourceGroup: z.object({
      name: z
        .string()
        .min(1)
        .max(90)
        .regex(/^[-\w.()]*[-\w()]$/, 'letters, digits, -, _, ., ( ) and not ending in a period'),
      create: z.boolean().default(true),
    }),
    location: z.string().regex(/^[a-z0-9]+$/, 'an Azure region name such as westeurope'),
    image: z
      .object({
        offer: z.enum(FLATCAR_OFFERS).default('flatcar-container-linux-corevm-amd64'),
        channel: z.enum(['stable', 'beta', 'alpha', 'lts']).default('stable'),
        generation: z.union([z.literal(1), z.literal(2)]).default(2),
        version: z
          .string()
          .regex(/^(latest|\d+\.\d+\.\d+)$/, '"latest" or a Flatcar version such as 4230.2.2')
          .default('latest'),
      })
      .prefault({}),
    architecture: z.enum(['x64', 'Arm64']).default('x64'),
    controlPlane: z
      .object({
        // One, or three for a highly available control plane (stacked etcd keeps quorum with
        // one member down: https://etcd.io/docs/v3.5/faq/#what-is-failure-tolerance).
        count: z.union([z.literal(1), z.literal(3)], { error: 'one control plane, or three' }).default(1),
        size: vmSizeSchema.default('Standard_B2s'),
      })
      .prefault({}),
    /** Worker pools, each with its own size; names unique. Absent: one pool `workers` of 2 (or `workers` below). */
    nodePools: z
      .array(
        z.object({
          name: poolNameSchema,
          count: workerCountSchema,
          size: vmSizeSchema.default('Standard_B2s'),
        }),
      )
      .max(MAX_NODE_POOLS, `at most ${MAX_NODE_POOLS} node pools`)
      .optional(),
    /**
     * The spec before node pools (`workers: {count, size}`): still read, as one pool named
     * `workers` whose nodes keep their names (worker-0, ...). Not together with nodePools.
     */
    workers: z
      .object({
        count: workerCountSchema.default(2),
        size: vmSizeSchema.default('Standard_B2s'),
      })
      .optional(),
    kubernetesVersion: z
      .string()
      .regex(/^v?1\.\d+\.\d+$/, 'a Kubernetes release such as 1.35.3')
      .transform((v) => v.replace(/^v/, ''))
      .refine(
        (v) => (SUPPORTED_KUBERNETES_MINORS as readonly number[]).includes(Number(v.split('.')[1])),
        `supported releases: 1.${SUPPORTED_KUBERNETES_MINORS[0]}-1.${SUPPORTED_KUBERNETES_MINORS.at(-1)}`,
      )
      .default(DEFAULT_KUBERNETES_VERSION),
    cni: z.enum(['flannel', 'calico', 'cilium']).default('flannel'),
    /**
     * Flatcar OS updates (docs/operations.md#flatcar-updates). update-engine downloads every update
     * either way; `kured` installs Kured, which reboots one node at a time into it after draining
     * the node; `off` leaves the reboot to the user. A record from before this field had no
     * Kured: it reads as `off` (record-migration.ts).
     */
    updates: z
      .object({
        reboots: z.enum(['kured', 'off']).default('kured'),
      })
      .prefault({}),
    network: z
      .object({
        vnetCidr: cidrSchema.default('10.0.0.0/16'),
        subnetCidr: cidrSchema.default('10.0.1.0/24'),
        podCidr: cidrSchema.default('10.244.0.0/16'),
        serviceCidr: cidrSchema.default('10.96.0.0/12'),
      })
      .prefault({}),
    ssh: z.object({
      user: z.literal('core').default('core'),
      publicKey: z
        .string()
        .trim()
        .refine((k) => !/PRIVATE KEY/.test(k), 'this is a private key: paste the public key (.pub) instead')
        .refine((k) => SSH_KEY.test(k), 'an OpenSSH public key line such as "ssh-ed25519 AAAA... user@host"'),
    }),
    allowedSourceIp: sourceIpSchema,
    /**
     * Azure integration (docs/azure.md#the-clusters-identity): the out-of-tree cloud provider
     * (cloud-controller-manager and cloud-node-manager: load balancers for Services, node
     * providerIDs) and the Azure Disk CSI driver (a managed disk per PersistentVolumeClaim), both
     * authenticated as a user-assigned managed identity of the cluster (no secret on the nodes).
     */
    azureIntegration: z
      .object({
        cloudProvider: z.boolean().default(true),
        disks: z.boolean().default(true),
      })
      .prefault({}),
    tags: z
      .record(z.string().min(1).max(512), z.string().max(256))
      .default({})
      .refine((t) => Object.keys(t).length <= 49, 'Azure allows 50 tags; Flatkube adds one')
      .refine((t) => !('flatkube-cluster' in t), 'flatkube-cluster is set by Flatkube'),
  })
  // zod runs this even when a field failed a bound (only type errors stop it), so every value it
  // uses is checked here again before use: the wizard still gets the cross-field findings.
  .superRefine((spec, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });

    // Image/architecture rule from the Flatcar Azure docs.
    const arch = offerArchitecture(spec.image.offer);
    if (spec.architecture !== arch) {
      issue(['architecture'], `${spec.image.offer} is an ${arch} image`);
    }
    if (arch === 'Arm64' && spec.image.generation !== 2) {
      issue(['image', 'generation'], 'the Arm64 image is published for Gen2 VMs only');
    }
    // The disk driver authenticates with the identity and reads the azure.json the cloud provider's part writes.
    if (spec.azureIntegration?.disks && !spec.azureIntegration.cloudProvider) issue(['azureIntegration', 'disks'], 'Azure disks need the cloud provider (its identity and azure.json)');
    if (spec.workers && spec.nodePools) issue(['workers'], 'give nodePools or the older workers form, not both');
    const pools = poolsOf(spec);
    const names = new Set<string>();
    for (const p of pools) {
      if (names.has(p.pool.name)) issue([...p.path, 'name'], `another pool is named ${p.pool.name}`);
      names.add(p.pool.name);
    }
    const sizes: [(string | number)[], string][] = [[['controlPlane', 'size'], spec.controlPlane.size], ...pools.map((p) => [[...p.path, 'size'], p.pool.size] as [(string | number)[], string])];
    for (const [path, size] of sizes) {
      if (spec.architecture === 'Arm64' && !isArm64Size(size)) {
        issue([...path], `${size} is not an Arm64 size (Arm64 sizes carry a "p", e.g. Standard_D2ps_v5)`);
      }
      if (spec.architecture === 'x64' && isArm64Size(size)) {
        issue([...path], `${size} is an Arm64 size but the image is x64`);
      }
    }

    // Network rules: only when every CIDR parsed (field-level errors are already reported).
    const parsed: Partial<Record<keyof typeof spec.network, Cidr>> = {};
    for (const key of ['vnetCidr', 'subnetCidr', 'podCidr', 'serviceCidr'] as const) {
      const r = parseCidr(spec.network[key]);
      if (r.ok) parsed[key] = r.cidr;
    }
    const { vnetCidr: vnet, subnetCidr: subnet, podCidr: pods, serviceCidr: services } = parsed;
    if (vnet && subnet && !cidrContains(vnet, subnet)) {
      issue(['network', 'subnetCidr'], `the subnet must lie inside the VNet ${vnet.text}`);
    }
    if (subnet && pools.every((p) => workerCountSchema.safeParse(p.pool.count).success)) {
      // Azure reserves the first four and the last address; nodes get fixed offsets (cluster-layout).
      const workers = pools.reduce((sum, p) => sum + p.pool.count, 0);
      const needed = highestHostOffset(workers) + 2;
      if (cidrSize(subnet) < needed) {
        const prefix = 32 - Math.ceil(Math.log2(needed));
        issue(['network', 'subnetCidr'], `too small for ${workers} workers: use /${prefix} or larger`);
      }
    }
    const vnetLike = vnet ?? subnet;
    if (pods && vnetLike && cidrOverlaps(pods, vnetLike)) {
      issue(['network', 'podCidr'], `pod network overlaps the VNet ${vnetLike.text}`);
    }
    if (services && vnetLike && cidrOverlaps(services, vnetLike)) {
      issue(['network', 'serviceCidr'], `service network overlaps the VNet ${vnetLike.text}`);
    }
    if (pods && services && cidrOverlaps(pods, services)) {
      issue(['network', 'serviceCidr'], `service network overlaps the pod network ${pods.text}`);
    }
    // kubeadm allocates a /24 per node from the pod CIDR by default; /16 or larger keeps room.
    if (pods && pods.prefix > 22) {
      issue(['network', 'podCidr'], 'pod network too small: each node takes a /24, use /22 or larger');
    }
    if (services && services.prefix > 24) {
      issue(['network', 'serviceCidr'], 'service network too small: use /24 or larger');
    }
  })
  // One shape for everything downstream: the older `workers` form becomes the pool `workers`.
  .transform(({ workers, nodePools, ...rest }) => ({
    ...rest,
    nodePools: nodePools ?? [{ name: LEGACY_POOL, count: workers?.count ?? 2, size: workers?.size ?? 'Standard_B2s' }],
  }));

interface PoolAt {
  /** Where the pool is in the input, for error paths: ['nodePools', i] or ['workers']. */
  path: (string | number)[];
  pool: { name: string; count: number; size: string };
}

/** The pools of an input as written (before the transform), with their paths. */
function poolsOf(spec: { nodePools?: { name: string; count: number; size: string }[] | undefined; workers?: { count: number; size: string } | undefined }): PoolAt[] {
  if (spec.nodePools) return spec.nodePools.map((pool, i) => ({ path: ['nodePools', i], pool }));
  const w = spec.workers ?? { count: 2, size: 'Standard_B2s' };
  return [{ path: ['workers'], pool: { name: LEGACY_POOL, count: w.count, size: w.size } }];
}

/** The node names a pool of this spec has (for the UI and the plan's messages). */
export function poolNodeNames(pool: { name: string; count: number }): string[] {
  return Array.from({ length: pool.count }, (_, i) => poolNodeName(pool.name, i));
}

/** What a file or the wizard provides (defaults may be omitted). */
export type ClusterSpecInput = z.input<typeof clusterSpecSchema>;
/** A validated spec with every default filled in. */
export type ClusterSpec = z.output<typeof clusterSpecSchema>;

export interface SpecIssue {
  /** Dotted field path for inline validation, e.g. "network.subnetCidr" ('' for the whole spec). */
  path: string;
  message: string;
}

export type SpecValidation = { ok: true; spec: ClusterSpec } | { ok: false; issues: SpecIssue[] };

export function validateClusterSpec(input: unknown): SpecValidation {
  const r = clusterSpecSchema.safeParse(input);
  if (r.success) return { ok: true, spec: r.data };
  return {
    ok: false,
    issues: r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  };
}

/** The spec with one pool's count changed (the pool is added at the end when it is not there yet). */
export function withPoolCount<S extends { nodePools: { name: string; count: number; size: string }[] }>(spec: S, pool: string, count: number, size = 'Standard_B2s'): S {
  const has = spec.nodePools.some((p) => p.name === pool);
  const nodePools = has ? spec.nodePools.map((p) => (p.name === pool ? { ...p, count } : p)) : [...spec.nodePools, { name: pool, count, size }];
  return { ...spec, nodePools };
}
