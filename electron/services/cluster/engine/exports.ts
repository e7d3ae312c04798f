import { apiServerFqdn, hasLoadBalancedApi, loadBalancedControlPlaneEndpoint } from '../../../../shared/domain/api-endpoint';
import { clusterNodes } from '../../../../shared/domain/cluster-layout';
import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import type { ClusterExports } from '../../../../shared/ipc/channels/cluster';
import { buildPlan } from '../plan/build-plan';
import { renderAzScript } from '../render/az-script';
import { PUBLIC_IP_PLACEHOLDER, renderIgnition } from '../render/ignition';
import { renderInitConfig } from '../render/kubeadm';
import type { SysextPin } from '../render/sysext';

export interface ExportOptions {
  /**
   * The control plane's public IP, when it is known (`flatkube render --control-plane-ip`): every
   * file is then final. Without it the control plane's Ignition config and the kubeadm config are
   * templates holding PUBLIC_IP_PLACEHOLDER, which the az script fills in once Azure has assigned
   * the address; the kubeadm one is then named init.template.yaml and says so at its top.
   */
  controlPlanePublicIp?: string;
}

/** The kubeadm export's file name: init.yaml when final, init.template.yaml when a template. */
export const INIT_YAML = 'init.yaml';
export const INIT_TEMPLATE_YAML = 'init.template.yaml';

/**
 * The header of kubeadm/init.template.yaml. Every line starts with "# ", so the fill-in command it
 * gives (sed '/^# /d') drops exactly these lines: kubeadm's YAML here carries no comments.
 */
export function initTemplateHeader(spec: Pick<ClusterSpec, 'name'>, cpName: string): string {
  return [
    `# TEMPLATE, not a kubeadm config yet: ${PUBLIC_IP_PLACEHOLDER} stands for the public IP of ${cpName}`,
    '# (an API server certificate SAN), which Azure assigns only when it creates the address.',
    `# Fill it in: sed -e '/^# /d' -e 's/${PUBLIC_IP_PLACEHOLDER}/<IP>/g' ${INIT_TEMPLATE_YAML} > ${INIT_YAML}`,
    `# or render again with: flatkube render --control-plane-ip <IP> (plan.md of cluster ${spec.name} says more).`,
    `# ${cpName}'s Ignition config carries this file as /etc/kubeadm/init.yaml, where kubeadm init reads it.`,
    '',
  ].join('\n');
}

/**
 * "Export" from any spec, before or after creation: the Ignition configs, the kubeadm init config,
 * the az script and the plan. Without a known control plane IP (opts), the control plane's config
 * and the kubeadm config are templates with the public-IP placeholder, which the az script fills
 * in. No private key is in any of them: each node makes its own SSH host key and prints the public
 * half on its serial console, and the az script reads it from there (`az vm boot-diagnostics
 * get-boot-log`) into its known_hosts before its first ssh. The sysext pin is resolved from the
 * environment's bakery by the caller (or the cluster's recorded one).
 */
export function renderExports(spec: ClusterSpec, pin: SysextPin, opts: ExportOptions = {}): ClusterExports {
  if (hasLoadBalancedApi(spec)) return renderLoadBalancedExports(spec, pin, opts);
  const publicIp = opts.controlPlanePublicIp ?? PUBLIC_IP_PLACEHOLDER;
  const nodes = clusterNodes(spec);
  const ignition: Record<string, string> = {};
  for (const node of nodes) {
    const cfg = renderIgnition({
      spec,
      node,
      pin,
      ...(node.role === 'control-plane' ? { controlPlanePublicIp: publicIp } : {}),
    });
    ignition[node.name] = JSON.stringify(cfg, null, 2) + '\n';
  }
  const cp = nodes.find((n) => n.role === 'control-plane')!;
  const init = renderInitConfig({ spec, nodeName: cp.name, privateIp: cp.privateIp, publicIp, cloudProviderExternal: spec.azureIntegration.cloudProvider });
  const kubeadm: Record<string, string> = opts.controlPlanePublicIp ? { [INIT_YAML]: init } : { [INIT_TEMPLATE_YAML]: initTemplateHeader(spec, cp.name) + init };
  const azScript = renderAzScript({ spec, ...(opts.controlPlanePublicIp ? { controlPlanePublicIp: opts.controlPlanePublicIp } : {}) });
  const plan = buildPlan(spec).steps.map((s) => ({ id: s.id, title: s.title, dependsOn: s.dependsOn, az: s.az, explain: s.explain }));
  return { ignition, kubeadm, azScript, plan };
}

/**
 * Three control planes: the endpoint is the load balancer's DNS name, known from the spec
 * (shared/domain/api-endpoint.ts), so no file waits for an address: every one is final.
 */
function renderLoadBalancedExports(spec: ClusterSpec, pin: SysextPin, opts: ExportOptions): ClusterExports {
  if (opts.controlPlanePublicIp !== undefined) {
    throw new Error(`--control-plane-ip is for a cluster with one control plane; ${spec.name} has ${spec.controlPlane.count}, whose API endpoint is the load balancer's name ${apiServerFqdn(spec)} (every file is final without it)`);
  }
  const nodes = clusterNodes(spec);
  const ignition: Record<string, string> = {};
  for (const node of nodes) ignition[node.name] = JSON.stringify(renderIgnition({ spec, node, pin }), null, 2) + '\n';
  const cp = nodes.find((n) => n.role === 'control-plane')!;
  const init = renderInitConfig({ spec, nodeName: cp.name, privateIp: cp.privateIp, controlPlaneEndpoint: loadBalancedControlPlaneEndpoint(spec), cloudProviderExternal: spec.azureIntegration.cloudProvider });
  const plan = buildPlan(spec).steps.map((s) => ({ id: s.id, title: s.title, dependsOn: s.dependsOn, az: s.az, explain: s.explain }));
  return { ignition, kubeadm: { [INIT_YAML]: init }, azScript: renderAzScript({ spec }), plan };
}
