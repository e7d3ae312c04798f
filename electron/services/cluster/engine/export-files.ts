import { apiLoadBalancerNames, apiServerFqdn, hasLoadBalancedApi } from '../../../../shared/domain/api-endpoint';
import { clusterNodes, resourceNames } from '../../../../shared/domain/cluster-layout';
import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import type { ClusterExports } from '../../../../shared/ipc/channels/cluster';
import { shq } from '../plan/az-commands';
import { ignitionFile, ignitionTemplateFile } from '../render/az-script';
import { PUBLIC_IP_PLACEHOLDER } from '../render/ignition';
import type { SysextPin } from '../render/sysext';
import { INIT_TEMPLATE_YAML, INIT_YAML, renderExports, type ExportOptions } from './exports';

/**
 * What `flatkube render` writes, as files: every one is final, or a template that says so in its
 * name (".template.") and, where the format has comments, at its top; plan.md says for each
 * template what stands in it and how to fill it in. Deterministic for the same spec, pin and
 * options (the golden tests in test/golden/ hold it byte for byte).
 */
export interface ExportFile {
  /** Relative to the output folder, "/" separated. */
  path: string;
  text: string;
  /** Everything is 0600 (the user's files); the az script 0700. */
  mode: 0o600 | 0o700;
  /** Holds PUBLIC_IP_PLACEHOLDER, to be filled in before use. */
  template: boolean;
}

export function scriptFileName(spec: Pick<ClusterSpec, 'name'>): string {
  return `create-${spec.name}.sh`;
}

export function renderExportFiles(spec: ClusterSpec, pin: SysextPin, opts: ExportOptions = {}): ExportFile[] {
  const ex = renderExports(spec, pin, opts);
  // Three control planes: nothing waits for an address (exports.ts).
  const final = opts.controlPlanePublicIp !== undefined || hasLoadBalancedApi(spec);
  const cp = clusterNodes(spec).find((n) => n.role === 'control-plane')!;
  const files: ExportFile[] = [];
  for (const node of clusterNodes(spec)) {
    const template = !final && node.name === cp.name;
    const name = template ? ignitionTemplateFile(node.name) : ignitionFile(node.name);
    files.push({ path: `ignition/${name}`, text: ex.ignition[node.name]!, mode: 0o600, template });
  }
  for (const [name, yaml] of Object.entries(ex.kubeadm)) files.push({ path: `kubeadm/${name}`, text: yaml, mode: 0o600, template: name.includes('.template.') });
  files.push({ path: scriptFileName(spec), text: ex.azScript, mode: 0o700, template: false });
  files.push({ path: 'plan.md', text: planMarkdown(spec, pin, ex, opts), mode: 0o600, template: false });
  return files;
}

/**
 * The files of the other form (final or template) that an earlier render into the same folder may
 * have left: a stale cp-0.ign.json beside a fresh template would look final but name an old address.
 */
export function otherFormFiles(spec: ClusterSpec, opts: ExportOptions = {}): string[] {
  const cp = clusterNodes(spec).find((n) => n.role === 'control-plane')!;
  return opts.controlPlanePublicIp !== undefined || hasLoadBalancedApi(spec)
    ? [`ignition/${ignitionTemplateFile(cp.name)}`, `kubeadm/${INIT_TEMPLATE_YAML}`]
    : [`ignition/${ignitionFile(cp.name)}`, `kubeadm/${INIT_YAML}`];
}

function planMarkdown(spec: ClusterSpec, pin: SysextPin, ex: ClusterExports, opts: ExportOptions): string {
  if (hasLoadBalancedApi(spec)) return loadBalancedPlanMarkdown(spec, pin, ex);
  const nodes = clusterNodes(spec);
  const cp = nodes.find((n) => n.role === 'control-plane')!;
  const workers = nodes.filter((n) => n.role === 'worker');
  const script = scriptFileName(spec);
  const pip = resourceNames.publicIp(spec.name, cp.name);
  const ip = opts.controlPlanePublicIp;
  const intro = [
    `# Plan for ${spec.name}`,
    '',
    `Written by \`flatkube render\`: Kubernetes ${spec.kubernetesVersion} on ${nodes.length} Flatcar node(s) (${spec.architecture}), CNI ${spec.cni}.`,
    `Every node downloads the Kubernetes sysext ${pin.url}`,
    `and checks it against ${pin.hash}, read from the bakery's SHA256SUMS.`,
    '',
    'Files:',
    '',
    `- \`${script}\`: the az script; run from this folder, it does every step below, in order.`,
    ...workers.map((w) => `- \`ignition/${ignitionFile(w.name)}\`: the Ignition config (custom data) of ${w.name}.`),
  ];
  if (ip !== undefined) {
    intro.push(
      `- \`ignition/${ignitionFile(cp.name)}\`: the Ignition config (custom data) of ${cp.name}; its API server certificate names ${ip}.`,
      `- \`kubeadm/${INIT_YAML}\`: the kubeadm configuration ${cp.name}'s Ignition config writes to /etc/kubeadm/init.yaml, for review.`,
      '',
      `Rendered for the control plane address ${ip} (\`--control-plane-ip\`): every file is final. Azure assigns`,
      `a public IP's address when it creates it, so create \`${pip}\` first (step \`pip:${cp.name}\` below) and render`,
      `with its address; \`${script}\` stops before creating the VM when ${pip} has another address.`,
    );
  } else {
    intro.push(
      `- \`ignition/${ignitionTemplateFile(cp.name)}\`: TEMPLATE of the Ignition config (custom data) of ${cp.name}.`,
      `- \`kubeadm/${INIT_TEMPLATE_YAML}\`: TEMPLATE of the kubeadm configuration ${cp.name}'s Ignition config writes to /etc/kubeadm/init.yaml, for review.`,
      '',
      `The templates hold ${PUBLIC_IP_PLACEHOLDER} where the public IP of ${cp.name} belongs (its API server`,
      `certificate names it), which Azure assigns only when step \`pip:${cp.name}\` creates \`${pip}\`.`,
      `\`${script}\` fills it in by itself: it writes \`ignition/${ignitionFile(cp.name)}\` from the template once the address exists.`,
      'To fill them in by hand, once the address exists:',
      '',
      `    IP=$(az network public-ip show --resource-group ${shq(spec.resourceGroup.name)} --name ${pip} --query ipAddress --output tsv)`,
      `    sed -e 's/${PUBLIC_IP_PLACEHOLDER}/'"$IP"'/g' ignition/${ignitionTemplateFile(cp.name)} > ignition/${ignitionFile(cp.name)}`,
      `    sed -e '/^# /d' -e 's/${PUBLIC_IP_PLACEHOLDER}/'"$IP"'/g' kubeadm/${INIT_TEMPLATE_YAML} > kubeadm/${INIT_YAML}`,
      '',
      'or render again with `--control-plane-ip "$IP"`, which writes both as final files.',
    );
  }
  // The control plane's config is rendered by now only when its address was given; else the
  // script writes it from the template (the engine, which has the address, renders it itself).
  const cpStep = `ignition:${cp.name}`;
  const fill = `# ${script} writes ./ignition/${ignitionFile(cp.name)} from ./ignition/${ignitionTemplateFile(cp.name)} with the address of ${pip} (see Files above)`;
  const steps = ex.plan.map((s) => {
    const az = s.id === cpStep && ip === undefined ? fill : s.az;
    return `## ${s.id}: ${s.title}\nafter: ${s.dependsOn.join(', ') || '-'}\n${s.explain}\n\n    ${az.split('\n').join('\n    ')}\n`;
  });
  return `${intro.join('\n')}\n\n${steps.join('\n')}`;
}

/** plan.md of a cluster with three control planes: every file final, the endpoint a DNS name. */
function loadBalancedPlanMarkdown(spec: ClusterSpec, pin: SysextPin, ex: ClusterExports): string {
  const nodes = clusterNodes(spec);
  const cp = nodes.find((n) => n.role === 'control-plane')!;
  const script = scriptFileName(spec);
  const intro = [
    `# Plan for ${spec.name}`,
    '',
    `Written by \`flatkube render\`: Kubernetes ${spec.kubernetesVersion} on ${nodes.length} Flatcar node(s) (${spec.architecture}), CNI ${spec.cni},`,
    `${spec.controlPlane.count} control planes behind an Azure Standard Load Balancer whose public IP \`${apiLoadBalancerNames.publicIp(spec.name)}\` is named ${apiServerFqdn(spec)}.`,
    `Every node downloads the Kubernetes sysext ${pin.url}`,
    `and checks it against ${pin.hash}, read from the bakery's SHA256SUMS.`,
    '',
    'Files (all final: the API endpoint is the load balancer\'s DNS name, known before anything exists):',
    '',
    `- \`${script}\`: the az script; run from this folder, it does every step below, in order.`,
    ...nodes.map((n) => `- \`ignition/${ignitionFile(n.name)}\`: the Ignition config (custom data) of ${n.name}.`),
    `- \`kubeadm/${INIT_YAML}\`: the kubeadm configuration ${cp.name}'s Ignition config writes to /etc/kubeadm/init.yaml, for review.`,
    '',
    'The other control planes join with a key for the shared certificates that the script reads from',
    '`kubeadm init phase upload-certs --upload-certs` into a variable and pipes over ssh, never onto a command line.',
  ];
  const steps = ex.plan.map((s) => `## ${s.id}: ${s.title}\nafter: ${s.dependsOn.join(', ') || '-'}\n${s.explain}\n\n    ${s.az.split('\n').join('\n    ')}\n`);
  return `${intro.join('\n')}\n\n${steps.join('\n')}`;
}
