/**
 * The first real run checklist: on real Azure, preflight's checks shown one line each, passed or
 * not, with the `az` command that fixes a failure. The checks themselves are preflight's
 * (azure-checks.ts, preflight.ts); this file adds the two that only matter on real Azure and ask
 * no ARM question (GitHub reachable, the public IP as Azure sees you), the commands for the
 * findings the shared checks raise, and the assembly of findings into checklist items.
 */
import type { ClusterSpec } from '../../../shared/domain/cluster-spec';
import { imageRef } from '../../../shared/domain/cluster-layout';
import type { ChecklistItem, PreflightFinding, PublicIpInfo } from '../../../shared/ipc/channels/azure';
import { AppError } from '../errors';
import { kubeadmChecksumUrl, type UrlProbe } from './kubernetes-release-check';

export type ChecklistId = ChecklistItem['id'];

export const CHECKLIST_TITLES: Record<ChecklistId, string> = {
  subscription: 'The subscription is visible to your sign-in',
  role: 'Your role lets you create resource groups, networks and VMs',
  providers: 'Resource providers Microsoft.Compute and Microsoft.Network are registered',
  'region-and-sizes': 'The region and VM sizes are available to the subscription',
  names: 'The resource group and resource names are free',
  quota: 'Enough vCPU quota for the cluster in the region',
  'image-and-terms': 'The Flatcar image exists and its marketplace terms are accepted',
  kubernetes: 'The Kubernetes release is published (dl.k8s.io)',
  bakery: 'The Flatcar sysext bakery is reachable and has the Kubernetes sysext checksum',
  github: 'GitHub is reachable (the nodes download CNI manifests and tools from it)',
  'public-ip': 'Your public IP is detected and matches the one the NSG opens',
};

/** Which checklist line a finding belongs to. */
export function checklistIdOf(code: string): ChecklistId {
  if (code === 'SUBSCRIPTION_UNAVAILABLE') return 'subscription';
  if (code.startsWith('ROLE_')) return 'role';
  if (code.startsWith('PROVIDER_')) return 'providers';
  if (code.startsWith('QUOTA_')) return 'quota';
  if (code.startsWith('REGION_') || code.startsWith('SIZE_')) return 'region-and-sizes';
  if (code.startsWith('RESOURCE_GROUP_') || code === 'NAME_TAKEN') return 'names';
  if (code === 'IMAGE_NOT_FOUND' || code === 'TERMS_NOT_ACCEPTED') return 'image-and-terms';
  if (code.startsWith('K8S_SYSEXT_')) return 'bakery';
  if (code.startsWith('K8S_')) return 'kubernetes';
  if (code.startsWith('GITHUB_')) return 'github';
  if (code.startsWith('PUBLIC_IP_')) return 'public-ip';
  return 'region-and-sizes';
}

/** The `az` command (or the one shell command) that fixes a finding on real Azure, when there is one. */
export function azCommandFor(finding: PreflightFinding, spec: ClusterSpec, bakery?: string): string | undefined {
  if (finding.command) return finding.command;
  const sub = `--subscription ${spec.subscriptionId}`;
  switch (finding.code) {
    case 'SUBSCRIPTION_UNAVAILABLE':
      return 'az account list --all --output table';
    case 'REGION_UNAVAILABLE':
      return `az account list-locations ${sub} --output table`;
    case 'SIZE_NOT_AVAILABLE':
      return `az vm list-skus --location ${spec.location} --resource-type virtualMachines ${sub} --output table`;
    case 'QUOTA_FAMILY_EXCEEDED':
    case 'QUOTA_REGIONAL_EXCEEDED':
      return `az vm list-usage --location ${spec.location} ${sub} --output table`;
    case 'NAME_TAKEN':
      return `az resource list --resource-group ${spec.resourceGroup.name} ${sub} --output table`;
    case 'IMAGE_NOT_FOUND':
      return `az vm image list --publisher kinvolk --offer ${imageRef(spec).offer} --location ${spec.location} --all ${sub} --output table`;
    case 'TERMS_NOT_ACCEPTED': {
      const plan = imageRef(spec).plan;
      return plan ? `az vm image terms accept --publisher ${plan.publisher} --offer ${plan.product} --plan ${plan.name} ${sub}` : undefined;
    }
    // Not az, but the one command that shows whether this computer reaches the file.
    case 'K8S_VERSION_UNVERIFIED':
      return `curl -sSfI ${kubeadmChecksumUrl(spec.kubernetesVersion, spec.architecture)}`;
    case 'K8S_SYSEXT_CHECKSUM_UNAVAILABLE':
      return bakery ? `curl -sSfL ${bakery}/kubernetes-v${spec.kubernetesVersion}/SHA256SUMS` : undefined;
    default:
      return undefined;
  }
}

const GITHUB_URL = 'https://github.com/';

/** Can this machine reach GitHub? (HEAD through the preflight's probe; unreachable is a warning, not a block.) */
export async function checkGithubReachable(probe: UrlProbe, signal?: AbortSignal): Promise<PreflightFinding[]> {
  const r = await probe(GITHUB_URL, signal);
  if (r === 'exists') return [];
  return [
    {
      code: 'GITHUB_UNREACHABLE',
      severity: 'warning',
      message: `${GITHUB_URL} could not be reached from this computer; the nodes download the CNI manifests and tools from GitHub, and real Azure's sysext bakery is there too.`,
      fix: 'Check your internet connection or proxy (HTTPS_PROXY); the nodes fail visibly if they cannot download.',
      command: `curl -sSfI ${GITHUB_URL}`,
    },
  ];
}

/** Is the spec's source IP the one Azure sees this machine as? (The NSG opens SSH and 6443 to it only.) */
export async function checkPublicIp(spec: ClusterSpec, detect: (signal?: AbortSignal) => Promise<PublicIpInfo>, signal?: AbortSignal): Promise<{ findings: PreflightFinding[]; passDetail: string }> {
  let seen: PublicIpInfo;
  try {
    seen = await detect(signal);
  } catch (err) {
    signal?.throwIfAborted();
    const e = err instanceof AppError ? err : undefined;
    return {
      findings: [
        {
          code: 'PUBLIC_IP_UNDETECTED',
          severity: 'warning',
          message: `${e?.message ?? 'Your public IP address could not be detected.'} The cluster opens SSH and its API server to ${spec.allowedSourceIp} only.`,
          fix: 'Make sure that is the address Azure sees you as (a VPN or proxy changes it).',
          path: 'allowedSourceIp',
          command: 'curl -s https://api.ipify.org',
        },
      ],
      passDetail: '',
    };
  }
  if (seen.ip !== spec.allowedSourceIp) {
    return {
      findings: [
        {
          code: 'PUBLIC_IP_MISMATCH',
          severity: 'warning',
          message: `The cluster opens SSH and its API server to ${spec.allowedSourceIp}, but this computer's public IP is ${seen.ip} (${seen.detail}).`,
          fix: `Use ${seen.ip} in the Cluster step ("Detect my IP"), unless you will connect from ${spec.allowedSourceIp}.`,
          path: 'allowedSourceIp',
        },
      ],
      passDetail: '',
    };
  }
  return { findings: [], passDetail: `${seen.ip} (${seen.detail}): SSH and the API server will be open to it only.` };
}

export interface CheckRun {
  id: ChecklistId;
  /** The items this check covers (its findings are sorted into them by code). */
  covers: ChecklistId[];
  findings: PreflightFinding[];
  /** The check could not run (CHECK_FAILED): its items are "unknown". */
  failed: boolean;
  /** What a pass found, when the check has something to say. */
  passDetail?: string;
}

const PASS_DEFAULT: Partial<Record<ChecklistId, string>> = {
  'region-and-sizes': 'The region and both VM sizes are offered to the subscription.',
  names: 'Nothing in the way in the resource group.',
  quota: 'The regional and family vCPU quotas have room for every node.',
  'image-and-terms': 'The image is published in the region; its terms are accepted (or it has none).',
  kubernetes: 'The release is on dl.k8s.io.',
  bakery: 'The bakery lists the Kubernetes sysext and its sha256.',
  github: 'github.com answers.',
};

/** The checklist lines from the checks that ran, in a fixed order; findings carry their az commands. */
export function buildChecklist(runs: CheckRun[], spec: ClusterSpec, bakery?: string): ChecklistItem[] {
  const order = Object.keys(CHECKLIST_TITLES) as ChecklistId[];
  const items: ChecklistItem[] = [];
  for (const id of order) {
    const owners = runs.filter((r) => r.covers.includes(id));
    if (owners.length === 0) continue;
    const findings = owners.flatMap((r) => r.findings.filter((x) => x.code === 'CHECK_FAILED' || checklistIdOf(x.code) === id));
    const failedRun = owners.some((r) => r.failed);
    const status: ChecklistItem['status'] = findings.some((x) => x.severity === 'error')
      ? 'fail'
      : failedRun
        ? 'unknown'
        : findings.some((x) => x.severity === 'warning')
          ? 'warn'
          : 'pass';
    const notes = findings.filter((x) => x.severity !== 'info' || status === 'pass');
    const passDetail = owners.find((r) => r.passDetail)?.passDetail ?? PASS_DEFAULT[id] ?? 'OK.';
    const detail = status === 'pass' ? [passDetail, ...notes.map((x) => x.message)].join(' ') : findings.filter((x) => x.severity !== 'info').map((x) => `${x.message} ${x.fix}`).join(' ');
    const command = findings.map((x) => azCommandFor(x, spec, bakery)).find((c): c is string => !!c);
    items.push({ id, title: CHECKLIST_TITLES[id], status, detail, ...(command && status !== 'pass' ? { command } : {}) });
  }
  return items;
}
