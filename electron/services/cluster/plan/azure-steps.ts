import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import { resourceNames, type NodeInfo } from '../../../../shared/domain/cluster-layout';
import { azureAddonImages, cloudProviderVersion } from '../render/azure-addons';
import { azureAz } from './azure-az-commands';
import { literalNodeWords, literalWords } from './az-commands';
import { STEP_LATENCY_MS as L } from './latency';
import type { StepAction } from './step-actions';
import type { PlanStep } from './types';

type Add = (s: Omit<PlanStep, 'kind'> & { action: StepAction }) => void;

/** Steps a node's Ignition and VM wait for: the identity's ids go into azure.json and the VM. */
export function azureNodeDependencies(spec: ClusterSpec): string[] {
  return spec.azureIntegration.cloudProvider ? ['identity'] : [];
}

/** Steps nodes-ready waits for: the cloud provider initialises the nodes (their providerID). */
export function azureReadyDependencies(spec: ClusterSpec, clusterUp: boolean): string[] {
  return spec.azureIntegration.cloudProvider && !clusterUp ? ['azure-addons'] : [];
}

/**
 * The Azure integration (docs/azure.md#the-clusters-identity): the identity whenever nodes are
 * created (their VMs carry it; read again on a later operation), its role and the in-cluster
 * components with a new cluster.
 */
export function addAzureSteps(spec: ClusterSpec, cp: NodeInfo, opts: { nodes: NodeInfo[]; clusterUp: boolean }, add: Add): void {
  if (!spec.azureIntegration.cloudProvider || opts.nodes.length === 0) return;
  const w = literalWords(spec);
  add({
    id: 'identity',
    title: `Create managed identity ${resourceNames.identity(spec.name)}`,
    dependsOn: ['rg'],
    action: 'identity',
    az: azureAz.identity(w, spec),
    explain:
      'A user-assigned managed identity for the cluster, attached to every VM.\n' +
      'The cloud provider and the disk driver sign in as it through the VM: no secret is stored on any node.',
    estimateMs: L.identity,
  });
  if (opts.clusterUp) return;
  add({
    id: 'role-assignment',
    title: `Give the identity Contributor on ${spec.resourceGroup.name}`,
    dependsOn: ['identity'],
    action: 'role-assignment',
    az: azureAz.roleAssignment(w, spec),
    explain:
      'The identity may change resources in the cluster\'s resource group only (load balancer rules, public IPs, disks).\n' +
      'A new identity takes a while to reach Azure\'s directory; Flatkube retries while Azure says PrincipalNotFound.',
    estimateMs: L.roleAssignment,
  });
  const images = azureAddonImages(spec.kubernetesVersion);
  add({
    id: 'azure-addons',
    title: `Install the Azure cloud provider${spec.azureIntegration.disks ? ' and disk driver' : ''}`,
    dependsOn: ['kubeadm-init', 'role-assignment', ...opts.nodes.map((n) => `ssh:${n.name}`)],
    action: 'azure-addons',
    node: cp.name,
    az: azureAz.addons(w, spec, literalNodeWords(spec, cp), opts.nodes.map((n) => literalNodeWords(spec, n))),
    explain:
      `cloud-provider-azure ${cloudProviderVersion(spec.kubernetesVersion)} gives nodes their Azure identity and Services of type LoadBalancer an address` +
      `${spec.azureIntegration.disks ? `; the Azure Disk CSI driver (${images.diskCsi.split(':').pop()}) makes a managed disk per volume claim` : ''}.\n` +
      'Kubelets run with cloud-provider external: a node is initialised once the cloud node manager has found its VM.',
    estimateMs: L.azureAddons,
  });
}
