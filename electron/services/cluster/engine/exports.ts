import { clusterNodes } from '../../../../shared/domain/cluster-layout';
import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import type { ClusterExports } from '../../../../shared/ipc/channels/cluster';
import { generateHostKeyPair } from '../../ssh/keys';
import { buildPlan } from '../plan/build-plan';
import { renderAzScript } from '../render/az-script';
import { HOST_KEY_PATH, PUBLIC_IP_PLACEHOLDER, dataUrl, renderIgnition } from '../render/ignition';
import { renderInitConfig } from '../render/kubeadm';
import type { SysextPin } from '../render/sysext';

/**
 * "Export" from any spec, before or after creation: the Ignition configs (control plane rendered
 * with the public-IP placeholder the az script fills in), the kubeadm init config, the az script
 * and the plan. Host keys: the cluster's own when given (after creation), else fresh ones, which
 * the az script then pins in its known_hosts. The sysext pin is resolved from the environment's
 * bakery by the caller (or the cluster's recorded one). The Ignition files carry host PRIVATE
 * keys: whoever writes them to disk must do so 0600.
 */
export function renderExports(spec: ClusterSpec, pin: SysextPin, hostKeys?: Record<string, { privateKey: string; publicKey: string }>): ClusterExports {
  const nodes = clusterNodes(spec);
  const keys: Record<string, { privateKey: string; publicKey: string }> = {};
  for (const n of nodes) keys[n.name] = hostKeys?.[n.name] ?? generateHostKeyPair(n.name);
  const ignition: Record<string, string> = {};
  for (const node of nodes) {
    const cfg = renderIgnition({
      spec,
      node,
      hostKey: keys[node.name]!,
      pin,
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

/** What the exported Ignition carries instead of a host private key when the renderer shows it. */
export const WITHHELD_HOST_KEY_NOTE =
  '# This node\'s SSH host key stays in Flatkube\'s main process. "flatkube render --spec F --out DIR" writes the complete file (mode 0600).\n';

/**
 * The exports as the renderer may see them: private keys never leave the main process, so each
 * node's host private key is replaced by a note (the public half, which the az script pins,
 * stays). The CLI's `render` writes the complete files to disk instead.
 */
export function withoutHostPrivateKeys(ex: ClusterExports): ClusterExports {
  const ignition: Record<string, string> = {};
  for (const [node, text] of Object.entries(ex.ignition)) {
    const cfg = JSON.parse(text) as { storage?: { files?: { path: string; contents?: { source?: string } }[] } };
    for (const file of cfg.storage?.files ?? []) {
      if (file.path === HOST_KEY_PATH && file.contents) file.contents.source = dataUrl(WITHHELD_HOST_KEY_NOTE);
    }
    ignition[node] = JSON.stringify(cfg, null, 2) + '\n';
  }
  return { ...ex, ignition };
}
