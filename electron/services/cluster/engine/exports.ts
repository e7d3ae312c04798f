import { clusterNodes } from '../../../../shared/domain/cluster-layout';
import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import type { ClusterExports } from '../../../../shared/ipc/channels/cluster';
import { generateHostKeyPair } from '../../ssh/keys';
import { buildPlan } from '../plan/build-plan';
import { renderAzScript } from '../render/az-script';
import { PUBLIC_IP_PLACEHOLDER, renderIgnition } from '../render/ignition';
import { renderInitConfig } from '../render/kubeadm';

/**
 * "Export" from any spec, before or after creation: the Ignition configs (control plane rendered
 * with the public-IP placeholder the az script fills in), the kubeadm init config, the az script
 * and the plan. Host keys: the cluster's own when given (after creation), else fresh ones, which
 * the az script then pins in its known_hosts. The Ignition files carry host PRIVATE keys: whoever
 * writes them to disk must do so 0600.
 */
export function renderExports(spec: ClusterSpec, hostKeys?: Record<string, { privateKey: string; publicKey: string }>): ClusterExports {
  const nodes = clusterNodes(spec);
  const keys: Record<string, { privateKey: string; publicKey: string }> = {};
  for (const n of nodes) keys[n.name] = hostKeys?.[n.name] ?? generateHostKeyPair(n.name);
  const ignition: Record<string, string> = {};
  for (const node of nodes) {
    const cfg = renderIgnition({
      spec,
      node,
      hostKey: keys[node.name]!,
      ...(node.role === 'control-plane' ? { controlPlanePublicIp: PUBLIC_IP_PLACEHOLDER } : {}),
    });
    ignition[node.name] = JSON.stringify(cfg, null, 2) + '\n';
  }
  const cp = nodes.find((n) => n.role === 'control-plane')!;
  const kubeadm = { 'init.yaml': renderInitConfig({ spec, nodeName: cp.name, privateIp: cp.privateIp, publicIp: PUBLIC_IP_PLACEHOLDER }) };
  const azScript = renderAzScript({ spec, hostPublicKeys: Object.fromEntries(Object.entries(keys).map(([n, k]) => [n, k.publicKey])) });
  const plan = buildPlan(spec).steps.map((s) => ({ id: s.id, title: s.title, dependsOn: s.dependsOn, az: s.az, explain: s.explain }));
  return { ignition, kubeadm, azScript, plan };
}
