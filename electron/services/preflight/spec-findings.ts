/**
 * The ClusterSpec's own validation (shared/domain/cluster-spec.ts) as preflight findings, with
 * stable codes by field so the Review step can group them and tests can look for them.
 */
import type { SpecIssue } from '../../../shared/domain/cluster-spec';
import type { PreflightFinding } from '../../../shared/ipc/channels/azure';

function codeFor(issue: SpecIssue): { code: string; fix: string } {
  const p = issue.path;
  if (p === 'name' || p.startsWith('resourceGroup.name')) return { code: 'NAME_INVALID', fix: 'Use lowercase letters, digits and single hyphens, starting with a letter.' };
  if (p.startsWith('network.')) {
    return /overlap|inside/.test(issue.message)
      ? { code: 'CIDR_OVERLAP', fix: 'Choose address ranges that do not overlap: e.g. VNet 10.0.0.0/16, pods 10.244.0.0/16, services 10.96.0.0/12.' }
      : { code: 'CIDR_INVALID', fix: 'Enter the range as a.b.c.d/n with the host bits zero, e.g. 10.0.1.0/24.' };
  }
  if (p === 'allowedSourceIp') return { code: 'PUBLIC_IP_UNKNOWN', fix: 'Detect your public IP in the Cluster step or type it in, so the NSG lets you in.' };
  if (p === 'location') return { code: 'REGION_INVALID', fix: 'Pick a region in the Location step.' };
  if (p === 'subscriptionId') return { code: 'SUBSCRIPTION_INVALID', fix: 'Pick a subscription in the Subscription step.' };
  if (p.startsWith('controlPlane') || p.startsWith('workers.size') || /^nodePools\.\d+\.size$/.test(p) || p === 'architecture' || p.startsWith('image')) {
    return { code: 'IMAGE_SIZE_MISMATCH', fix: 'Pick an image and sizes of the same architecture (Arm64 sizes carry a "p").' };
  }
  if (p === 'kubernetesVersion') return { code: 'K8S_VERSION_UNSUPPORTED', fix: 'Pick one of the offered Kubernetes versions.' };
  if (p.startsWith('ssh')) return { code: 'SSH_KEY_INVALID', fix: 'Paste an OpenSSH public key line (the .pub file), or let Flatkube create one.' };
  return { code: 'SPEC_INVALID', fix: 'Correct the highlighted field.' };
}

export function specIssuesToFindings(issues: SpecIssue[]): PreflightFinding[] {
  return issues.map((issue) => {
    const { code, fix } = codeFor(issue);
    const f: PreflightFinding = { code, severity: 'error', message: issue.path ? `${issue.path}: ${issue.message}` : issue.message, fix };
    if (issue.path) f.path = issue.path;
    return f;
  });
}
