import { z } from 'zod';
import { cidrContains, cidrOverlaps, cidrSize, formatIpv4, parseCidr, parseIpv4, type Cidr } from './cidr';
import { MAX_WORKERS, nodeHostOffsets } from './cluster-layout';

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
    controlPlane: z.object({ size: vmSizeSchema.default('Standard_B2s') }).prefault({}),
    workers: z
      .object({
        count: workerCountSchema.default(2),
        size: vmSizeSchema.default('Standard_B2s'),
      })
      .prefault({}),
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
    for (const [path, size] of [
      [['controlPlane', 'size'], spec.controlPlane.size],
      [['workers', 'size'], spec.workers.size],
    ] as const) {
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
    if (subnet && workerCountSchema.safeParse(spec.workers.count).success) {
      // Azure reserves the first four and the last address; nodes get fixed offsets (cluster-layout).
      const needed = Math.max(...nodeHostOffsets(spec.workers.count)) + 2;
      if (cidrSize(subnet) < needed) {
        issue(['network', 'subnetCidr'], `too small for ${spec.workers.count} workers: use /27 or larger`);
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
  });

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
