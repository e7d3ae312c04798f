import { clusterNodes } from '../../../../shared/domain/cluster-layout';
import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import type { ClusterExports } from '../../../../shared/ipc/channels/cluster';
import { buildPlan } from '../plan/build-plan';
import { renderAzScript } from '../render/az-script';
import { PUBLIC_IP_PLACEHOLDER, renderIgnition } from '../render/ignition';
import { renderInitConfig } from '../render/kubeadm';
import type { SysextPin } from '../render/sysext';

/**
 * "Export" from any spec, before or after creation: the Ignition configs (control plane rendered
 * with the public-IP placeholder the az script fills in), the kubeadm init config, the az script
 * and the plan. No private key is in any of them: each node makes its own SSH host key and prints
 * the public half on its serial console, and the az script reads it from there (`az vm
 * boot-diagnostics get-boot-log`) into its known_hosts before its first ssh. The sysext pin is
 * resolved from the environment's bakery by the caller (or the cluster's recorded one).
 */
export function renderExports(spec: ClusterSpec, pin: SysextPin): ClusterExports {
  const nodes = clusterNodes(spec);
  const ignition: Record<string, string> = {};
  for (const node of nodes) {
    const cfg = renderIgnition({
      spec,
      node,
      pin,
      ...(node.role === 'control-plane' ? { controlPlanePublicIp: PUBLIC_IP_PLACEHOLDER } : {}),
    });
    ignition[node.name] = JSON.stringify(cfg, null, 2) + '\n';
  }
  const cp = nodes.find((n) => n.role === 'control-plane')!;
  const kubeadm = { 'init.yaml': renderInitConfig({ spec, nodeName: cp.name, privateIp: cp.privateIp, publicIp: PUBLIC_IP_PLACEHOLDER }) };
  const azScript = renderAzScript({ spec });
  const plan = buildPlan(spec).steps.map((s) => ({ id: s.id, title: s.title, dependsOn: s.dependsOn, az: s.az, explain: s.explain }));
  return { ignition, kubeadm, azScript, plan };
}
