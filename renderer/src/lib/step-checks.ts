import type { SpecIssue } from '../../../shared/domain/cluster-spec';
import type { StepId } from '../steps/steps';

/**
 * Which wizard step owns which spec field, and the spec's issues in plain words: Next checks a
 * step's own fields, the rail marks a step done only when they are valid, Review's "Fix:" link
 * goes to the field's step and focuses it.
 */

const OWNERS: [RegExp, StepId][] = [
  [/^(subscriptionId|resourceGroup)(\.|$)/, 'subscription'],
  [/^location$/, 'location'],
  [/^(image|architecture)(\.|$)/, 'image'],
  [/^(controlPlane\.size|nodePools\.\d+\.size|workers\.size)$/, 'sizes'],
];

/** The step where a field is set (everything not listed is on the Cluster step). */
export function stepOfPath(path: string): StepId {
  return OWNERS.find(([re]) => re.test(path))?.[1] ?? 'cluster';
}

/** The issues a step must clear before Next moves on (steps without fields have none). */
export function stepIssues(step: StepId, issues: readonly SpecIssue[]): SpecIssue[] {
  if (step === 'sign-in' || step === 'review' || step === 'deploy' || step === 'done') return [];
  return issues.filter((i) => stepOfPath(i.path) === step);
}

const LABELS: Record<string, string> = {
  name: 'Cluster name',
  subscriptionId: 'Subscription',
  'resourceGroup.name': 'Resource group name',
  location: 'Region',
  architecture: 'Architecture',
  'controlPlane.count': 'Control planes',
  'controlPlane.size': 'Control-plane VM size',
  kubernetesVersion: 'Kubernetes version',
  cni: 'Pod network (CNI)',
  'ssh.publicKey': 'SSH public key',
  allowedSourceIp: 'Your public IP',
  'network.vnetCidr': 'Virtual network',
  'network.subnetCidr': 'Node subnet',
  'network.podCidr': 'Pod network',
  'network.serviceCidr': 'Service network',
};

/** The field's name as its label on screen says it. */
export function fieldLabel(path: string, pools: readonly { name: string }[] = []): string {
  const pool = /^nodePools\.(\d+)\.(name|count|size)$/.exec(path);
  if (pool) {
    const name = pools[Number(pool[1])]?.name ?? `#${Number(pool[1]) + 1}`;
    return pool[2] === 'name' ? `Name of pool ${name}` : pool[2] === 'count' ? `Workers in pool ${name}` : `VM size of pool ${name}`;
  }
  if (path.startsWith('image.')) return 'Image';
  return LABELS[path] ?? (path || 'Cluster');
}

/** A schema message as a plain sentence fragment ("must be a whole number"), never zod's raw text. */
export function plainMessage(path: string, message: string): string {
  if (path === 'subscriptionId') return 'choose one of your subscriptions';
  if (path === 'location') return 'choose a region on the map or in the list';
  if (/expected int, received number/.test(message)) return 'must be a whole number';
  if (/received NaN/.test(message)) return 'must be a number';
  if (/expected \w+, received (undefined|null)/.test(message)) return 'is required';
  const small = /Too small: expected number to be >=?\s*(-?\d+)/.exec(message);
  if (small) return `must be at least ${small[1]}`;
  const big = /Too big: expected number to be <=?\s*(-?\d+)/.exec(message);
  if (big) return `must be at most ${big[1]}`;
  if (/Too small: expected string to have >=?\s*1 character/.test(message)) return 'is required';
  const long = /Too big: expected string to have <=?\s*(\d+) character/.exec(message);
  if (long) return `must be at most ${long[1]} characters`;
  if (/^Invalid (input|option|value)/.test(message)) return 'is not one of the choices offered';
  // The schema's own messages are mostly what is expected ("an Azure VM size such as ...").
  if (/^an? /.test(message)) return `must be ${message}`;
  return message;
}

/** The element to focus for a field: its input (inputs point at their error by aria-describedby). */
export function fieldSelector(path: string): string {
  if (path === 'subscriptionId') return '[data-testid="subscription-list"] input';
  if (path === 'resourceGroup.name') return '[aria-describedby="rg-error"]';
  if (path === 'location') return 'input[name="region"]';
  if (stepOfPath(path) === 'sizes') return '[data-testid="sizes-table"] input, [role="tab"]';
  if (stepOfPath(path) === 'image') return '[data-testid="step-image"] input';
  return `[aria-describedby~="err-${path}"]`;
}
