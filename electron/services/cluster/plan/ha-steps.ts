import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import { apiLoadBalancerNames as LB, apiServerFqdn, hasLoadBalancedApi } from '../../../../shared/domain/api-endpoint';
import { controlPlaneName, type NodeInfo } from '../../../../shared/domain/cluster-layout';
import { literalNodeWords, literalWords } from './az-commands';
import { haAz, literalApiWords, NODES_API_RULE } from './ha-az-commands';
import { STEP_LATENCY_MS as L } from './latency';
import type { StepAction } from './step-actions';
import type { PlanStep } from './types';

/**
 * The steps a cluster with three control planes has beyond a one-control-plane cluster
 * (docs/azure.md#the-api-behind-a-load-balancer, docs/bootstrap.md#three-control-planes):
 *
 *   api-pip -> lb -> nic:cp-N (in the pool)            the API's endpoint, before any control plane
 *   pip:* -> nsg-rule:kube-api-nodes -> joins           the nodes' own addresses may reach it
 *   kubeadm-init -> upload-certs -> join-cp:cp-1 -> join-cp:cp-2   one control plane at a time
 *
 * build-plan.ts calls these; a cluster with one control plane gets none of them.
 */

type StepInput = Omit<PlanStep, 'kind'> & { action: StepAction };
type Add = (s: StepInput) => void;

export const API_PIP_STEP = 'api-pip';
export const LB_STEP = 'lb';
export const NODES_API_RULE_STEP = 'nsg-rule:kube-api-nodes';
export const UPLOAD_CERTS_STEP = 'upload-certs';

export function joinControlPlaneStep(node: string): string {
  return `join-cp:${node}`;
}

/** The control planes that join the first one (cp-1, cp-2). */
export function joiningControlPlanes(nodes: readonly NodeInfo[]): NodeInfo[] {
  return nodes.filter((n) => n.role === 'control-plane' && n.name !== controlPlaneName(0));
}

/** Extra dependencies of a node's NIC: a control plane's joins the load balancer's pool. */
export function nicDependencies(spec: ClusterSpec, node: NodeInfo): string[] {
  return hasLoadBalancedApi(spec) && node.role === 'control-plane' ? [LB_STEP] : [];
}

/** Extra dependencies of a node's join: its address must be allowed to the API first. */
export function joinDependencies(spec: ClusterSpec, plannedIds: ReadonlySet<string>): string[] {
  return hasLoadBalancedApi(spec) && plannedIds.has(NODES_API_RULE_STEP) ? [NODES_API_RULE_STEP] : [];
}

/** The API's public IP with its DNS name, and the load balancer in front of the control planes. */
export function addLoadBalancerSteps(spec: ClusterSpec, add: Add): void {
  const w = literalWords(spec);
  const a = literalApiWords(spec);
  const fqdn = apiServerFqdn(spec);
  add({
    id: API_PIP_STEP,
    title: `Create the API's public IP ${LB.publicIp(spec.name)} (${fqdn})`,
    dependsOn: ['rg'],
    action: 'api-pip',
    az: haAz.apiPip(w, a),
    explain:
      `A static Standard public address whose DNS name ${fqdn} is the cluster's API endpoint.\n` +
      'Every node, kubeadm and your kubectl use the name; the certificates name it, so it must exist before the control planes.',
    estimateMs: L.apiPip,
  });
  add({
    id: LB_STEP,
    title: `Create the load balancer ${LB.loadBalancer(spec.name)} for the Kubernetes API`,
    dependsOn: [API_PIP_STEP],
    action: 'lb',
    az: haAz.loadBalancer(w, a),
    explain:
      'A Standard load balancer sends each new connection on port 6443 to a control plane whose /readyz answers (HTTPS probe every 15 s).\n' +
      'With one control plane stopped, the other two keep the API (and etcd, which needs two of three) answering.',
    estimateMs: L.loadBalancer,
  });
}

/**
 * The NSG rule that lets the cluster's nodes reach the API through the load balancer's public
 * frontend: traffic from a node to it leaves through the node's own public IP, and the load
 * balancer does not change the source, so the control planes' NSG sees that address, which the
 * user's rule does not allow (docs/azure.md#the-api-behind-a-load-balancer). It follows the
 * nodes: every plan that adds or removes one writes it again with the public IPs of the nodes
 * the cluster has afterwards.
 */
export function addNodesApiRule(spec: ClusterSpec, newNodes: readonly NodeInfo[], add: Add): void {
  const w = literalWords(spec);
  add({
    id: NODES_API_RULE_STEP,
    title: `Allow the nodes' own addresses to reach the Kubernetes API (TCP 6443)`,
    dependsOn: ['nsg', ...newNodes.map((n) => `pip:${n.name}`)],
    action: 'api-nodes-rule',
    az: haAz.nodesApiRule(w, literalApiWords(spec)),
    explain:
      `Rule ${NODES_API_RULE.name}: the nodes reach the API through the load balancer's public address, coming from their own public IPs.\n` +
      'Only those addresses (and yours) may connect to port 6443; the rule is rewritten whenever nodes come or go.',
    estimateMs: L.nodesApiRule,
  });
}

/**
 * The shared certificates' key for the joining control planes (uploaded by kubeadm init, or
 * again when that was in another run), then the joins one after another, as the kubeadm HA
 * guide does them (https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/high-availability/:
 * control planes may join in parallel since 1.15, the guide still joins them one at a time):
 * each new etcd member must be in before the next one is added.
 */
export function addControlPlaneJoins(spec: ClusterSpec, joining: readonly NodeInfo[], first: NodeInfo, extraDeps: string[], add: Add): void {
  if (joining.length === 0) return;
  const w = literalWords(spec);
  const a = literalApiWords(spec);
  add({
    id: UPLOAD_CERTS_STEP,
    title: 'Share the control-plane certificates (kubeadm-certs)',
    dependsOn: ['kubeadm-init'],
    action: 'upload-certs',
    node: first.name,
    az: haAz.uploadCerts(w, literalNodeWords(spec, first)),
    explain:
      'The cluster CA, etcd CA, front-proxy CA and service-account keys go into the kube-system/kubeadm-certs Secret, encrypted with a key only Flatkube holds, for two hours.\n' +
      'The other control planes download them with that key; Flatkube keeps it in memory only and uploads again (new key) when it no longer has it.',
    estimateMs: L.uploadCerts,
  });
  let previous: string | undefined;
  for (const node of joining) {
    const id = joinControlPlaneStep(node.name);
    add({
      id,
      title: `Join ${node.name} as a control plane`,
      dependsOn: ['join-command', UPLOAD_CERTS_STEP, `ssh:${node.name}`, ...extraDeps, ...(previous ? [previous] : [])],
      action: 'join-control-plane',
      node: node.name,
      az: haAz.joinControlPlane(w, a, literalNodeWords(spec, node)),
      explain:
        `kubeadm join --control-plane through ${apiServerFqdn(spec)}: ${node.name} gets the shared certificates, its own API server and an etcd member.\n` +
        'One at a time, as the kubeadm HA guide does; afterwards its own API server answers the endpoint name on this node (the load balancer does not hairpin).',
      estimateMs: L.joinControlPlane,
    });
    previous = id;
  }
}
