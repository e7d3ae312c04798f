import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import { clusterNodes, clusterTags, imageRef, LEGACY_POOL, type NodeInfo } from '../../../../shared/domain/cluster-layout';
import { apiLoadBalancerNames, apiServerDnsLabel, apiServerFqdn, hasLoadBalancedApi } from '../../../../shared/domain/api-endpoint';
import { az, publicIpOf, shq, type AzWords, type NodeWords } from '../plan/az-commands';
import { haAz, type ApiWords } from '../plan/ha-az-commands';
import { azureAz } from '../plan/azure-az-commands';
import { buildPlan } from '../plan/build-plan';
import { topoOrder } from '../plan/graph';
import { stripTerminalControls } from '../../../../shared/text/terminal-controls';
import { HOST_KEY_MARKER } from './host-key-announce';
import { PUBLIC_IP_PLACEHOLDER } from './ignition';

/**
 * "Export as az script": a commented bash script doing what the plan does, in the spirit of the
 * original slides (variables at the top, one az command per resource), but with the 2026 recipe.
 * It runs the steps one after another (Flatkube itself runs independent steps in parallel).
 * It expects the rendered Ignition configs next to it: ./ignition/<worker>.ign.json, and for the
 * control plane either ./ignition/cp-0.ign.template.json, a template with the placeholder token
 * where the public IP belongs, which the script fills in (into cp-0.ign.json) once the address
 * exists, or, rendered for a known address (controlPlanePublicIp), cp-0.ign.json itself, and the
 * script then stops unless Azure gave the control plane that very address. Host keys: each node makes its own and prints the public one on its serial
 * console; the script reads it with `az vm boot-diagnostics get-boot-log` into its known_hosts
 * before its first ssh to that node (pin_host_key below), so ssh never trusts on first use.
 */

export interface AzScriptInput {
  spec: ClusterSpec;
  /**
   * The control plane's public IP the Ignition configs were rendered for (`flatkube render
   * --control-plane-ip`); without it the script fills the template in with the address Azure gives.
   */
  controlPlanePublicIp?: string;
}

/** The control plane's Ignition config as a template, holding PUBLIC_IP_PLACEHOLDER (see renderExports). */
export function ignitionTemplateFile(node: string): string {
  return `${node}.ign.template.json`;
}

export function ignitionFile(node: string): string {
  return `${node}.ign.json`;
}

const WORDS: AzWords = {
  cluster: '"${CLUSTER}"',
  rg: '"${RG}"',
  location: '"${LOCATION}"',
  tags: '"${TAGS[@]}"',
  vnet: '"${VNET}"',
  subnet: '"${SUBNET}"',
  nsg: '"${NSG}"',
  vnetCidr: '"${VNET_CIDR}"',
  subnetCidr: '"${SUBNET_CIDR}"',
  sourceCidr: '"${SOURCE_CIDR}"',
  image: '"${IMAGE}"',
  sshUser: '"${SSH_USER}"',
  sshPublicKey: '"${SSH_PUBLIC_KEY}"',
  ignitionDir: '"${IGNITION_DIR}"',
  knownHosts: '"${KNOWN_HOSTS}"',
  kubeconfigFile: '"${KUBECONFIG_FILE}"',
};

/**
 * The script's variable for a pool's VM size. The pool `workers` keeps the WORKER_SIZE scripts
 * had before node pools; others get POOL_<NAME>_SIZE (pool names are [a-z0-9-], so the name is
 * a valid shell variable once upper-cased with "_" for "-").
 */
export function poolSizeVariable(pool: string): string {
  return pool === LEGACY_POOL ? 'WORKER_SIZE' : `POOL_${pool.toUpperCase().replace(/-/g, '_')}_SIZE`;
}

function nodeWords(node: NodeInfo): NodeWords {
  return {
    name: node.name,
    pip: `"\${CLUSTER}-${node.name}-pip"`,
    nic: `"\${CLUSTER}-${node.name}-nic"`,
    vm: `"\${CLUSTER}-${node.name}-vm"`,
    osDisk: `"\${CLUSTER}-${node.name}-osdisk"`,
    size: node.pool === undefined ? '"${CP_SIZE}"' : `"\${${poolSizeVariable(node.pool)}}"`,
    privateIp: node.privateIp,
  };
}

/**
 * Text as bash comment lines, whatever it holds: a newline would end the comment and run the rest
 * as a command, so every line gets its own "#"; other controls (a carriage return that hides a
 * line in a terminal) are dropped.
 */
function comment(text: string): string {
  return stripTerminalControls(text)
    .split('\n')
    .map((l) => `# ${l}`)
    .join('\n');
}

export function renderAzScript(input: AzScriptInput): string {
  const { spec } = input;
  const ha = hasLoadBalancedApi(spec);
  // The endpoint's name goes into commands run on the nodes, so it is written out (ApiWords.fqdn).
  const API: ApiWords = { pip: '"${API_PIP}"', lb: '"${API_LB}"', dnsLabel: '"${API_DNS_LABEL}"', fqdn: apiServerFqdn(spec) };
  const nodes = clusterNodes(spec);
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const cp = nodes.find((n) => n.role === 'control-plane')!;
  const tags = Object.entries(clusterTags(spec)).map(([k, v]) => shq(`${k}=${v}`));

  const header = [
    '#!/usr/bin/env bash',
    comment(`Flatkube: create Kubernetes cluster "${spec.name}" on Flatcar Container Linux in Azure.`),
    comment(`Kubernetes ${spec.kubernetesVersion}, ${nodes.length} node(s), CNI ${spec.cni}, image ${imageRef(spec).urn}.`),
    '# Needs: az (logged in: az login), ssh, kubectl; the rendered Ignition configs in $IGNITION_DIR.',
    comment(`Costs money while the VMs run. ${az.removal(WORDS, spec.resourceGroup.create).join('\n')}`),
    'set -euo pipefail',
    '',
    '# ---- settings --------------------------------------------------------------',
    `CLUSTER=${shq(spec.name)}`,
    `SUBSCRIPTION=${shq(spec.subscriptionId)}`,
    `RG=${shq(spec.resourceGroup.name)}`,
    `LOCATION=${shq(spec.location)}`,
    `IMAGE=${shq(imageRef(spec).urn)}`,
    `CP_SIZE=${shq(spec.controlPlane.size)}`,
    ...spec.nodePools.map((p) => `${poolSizeVariable(p.name)}=${shq(p.size)}`),
    `VNET="\${CLUSTER}-vnet"`,
    `SUBNET="\${CLUSTER}-subnet"`,
    `NSG="\${CLUSTER}-nsg"`,
    `VNET_CIDR=${shq(spec.network.vnetCidr)}`,
    `SUBNET_CIDR=${shq(spec.network.subnetCidr)}`,
    '# Only your address may reach SSH (22) and the Kubernetes API (6443).',
    `SOURCE_CIDR=${shq(`${spec.allowedSourceIp}/32`)}`,
    `SSH_USER=${shq(spec.ssh.user)}`,
    `SSH_PUBLIC_KEY=${shq(spec.ssh.publicKey)}`,
    `TAGS=(${tags.join(' ')})`,
    ...(ha
      ? [
          `# ${spec.controlPlane.count} control planes behind a load balancer; its public IP's DNS name is the API endpoint:`,
          `# ${apiServerFqdn(spec)} (the label hashes subscription, group and IP name, as Cluster API for Azure does).`,
          `API_PIP="${apiLoadBalancerNames.publicIp('${CLUSTER}')}"`,
          `API_LB="${apiLoadBalancerNames.loadBalancer('${CLUSTER}')}"`,
          `API_DNS_LABEL=${shq(apiServerDnsLabel(spec))}`,
        ]
      : []),
    'IGNITION_DIR="${IGNITION_DIR:-./ignition}"',
    'KNOWN_HOSTS="${KNOWN_HOSTS:-./known_hosts}"',
    `KUBECONFIG_FILE="./kubeconfig-\${CLUSTER}.yaml"`,
    '',
    // KNOWN_HOSTS may name any file (~/.ssh/known_hosts): only one this script wrote is rewritten.
    '# The pinned host keys get a file of their own; one this script did not write is left alone.',
    'KNOWN_HOSTS_MARK="# flatkube: host keys pinned for cluster ${CLUSTER}"',
    'if [[ -s "${KNOWN_HOSTS}" ]] && ! { IFS= read -r first < "${KNOWN_HOSTS}" && [[ "${first}" == "${KNOWN_HOSTS_MARK}" ]]; }; then',
    '  echo "KNOWN_HOSTS=${KNOWN_HOSTS} is not a file this script wrote: refusing to overwrite it (point KNOWN_HOSTS at a new file)" >&2',
    '  exit 1',
    'fi',
    'printf \'%s\\n\' "${KNOWN_HOSTS_MARK}" > "${KNOWN_HOSTS}"',
    '',
    ...PIN_HOST_KEY,
    '',
    'az account set --subscription "${SUBSCRIPTION}"',
    '',
  ];

  const body: string[] = [];
  for (const step of topoOrder(buildPlan(spec))) {
    const node = step.node ? byName.get(step.node) : undefined;
    const n = node ? nodeWords(node) : undefined;
    const cpw = nodeWords(cp);
    const [kind, target] = step.id.split(':');
    let cmd: string;
    switch (kind) {
      case 'terms': cmd = az.termsAccept(spec); break;
      case 'rg': cmd = az.rg(WORDS, spec.resourceGroup.create); break;
      case 'vnet': cmd = az.vnet(WORDS); break;
      case 'nsg': cmd = az.nsg(WORDS); break;
      case 'nsg-rule':
        cmd =
          target === 'ssh' ? az.nsgRule(WORDS, 'allow-ssh', 100, 22)
          : target === 'kube-api-nodes' ? haAz.nodesApiRule(WORDS, API)
          : az.nsgRule(WORDS, 'allow-kube-api', 110, 6443);
        break;
      case 'api-pip': cmd = haAz.apiPip(WORDS, API); break;
      case 'lb': cmd = haAz.loadBalancer(WORDS, API); break;
      case 'pip': cmd = az.pip(WORDS, n!); break;
      case 'nic': cmd = ha && node!.role === 'control-plane' ? haAz.controlPlaneNic(WORDS, API, n!) : az.nic(WORDS, n!); break;
      case 'ignition':
        // One control plane: its config names its public IP. Three: every config is final.
        cmd = node!.role === 'control-plane' && !ha ? controlPlaneIgnition(node!, n!, input.controlPlanePublicIp) : `test -s "\${IGNITION_DIR}/${ignitionFile(node!.name)}"`;
        break;
      case 'vm': cmd = az.vm(spec, WORDS, n!) + (spec.azureIntegration.cloudProvider ? azureAz.vmIdentity(WORDS, spec) : ''); break;
      case 'identity': cmd = azureAz.identity(WORDS, spec); break;
      case 'role-assignment': cmd = azureAz.roleAssignment(WORDS, spec); break;
      case 'azure-addons': cmd = azureAz.addons(WORDS, spec, cpw, nodes.map((x) => nodeWords(x))); break;
      case 'ssh': cmd = [`pin_host_key ${n!.vm} "${publicIpOf(WORDS, n!)}"`, az.waitSsh(WORDS, n!)].join('\n'); break;
      case 'kubeadm-init': cmd = ha ? haAz.kubeadmInit(WORDS, API, cpw) : az.kubeadmInit(WORDS, cpw); break;
      case 'upload-certs': cmd = haAz.uploadCerts(WORDS, cpw); break;
      case 'join-cp': cmd = haAz.joinControlPlane(WORDS, API, n!); break;
      case 'cni': cmd = az.cni(spec, WORDS, cpw); break;
      case 'kured': cmd = az.kured(spec, WORDS, cpw); break;
      case 'join-command': cmd = az.joinCommand(WORDS, cpw); break;
      case 'join': cmd = az.join(WORDS, n!); break;
      case 'kubeconfig': cmd = ha ? haAz.kubeconfig(WORDS, cpw) : az.kubeconfig(WORDS, cpw); break;
      case 'nodes-ready': cmd = az.nodesReady(WORDS); break;
      default:
        throw new Error(`az script: no command for step ${step.id}`);
    }
    body.push(comment(`---- ${step.title} [${step.id}]`), comment(step.explain), cmd, '');
  }
  body.push('echo "Cluster ${CLUSTER} is ready. Try: kubectl --kubeconfig ${KUBECONFIG_FILE} get nodes -o wide"', '');
  return [...header, ...body].join('\n');
}

/**
 * The control plane's Ignition step. Its API server certificate must name its public IP, which
 * exists only once Azure has created the address: the script either fills the template in (a new
 * file each run, so a re-run with another address works too) or, for configs rendered for a known
 * address, checks that Azure gave exactly that one.
 */
function controlPlaneIgnition(node: NodeInfo, n: NodeWords, renderedFor: string | undefined): string {
  const target = `"\${IGNITION_DIR}/${ignitionFile(node.name)}"`;
  const read = `CP_PUBLIC_IP=${publicIpOf(WORDS, n)}`;
  if (renderedFor !== undefined) {
    return [
      `# ${ignitionFile(node.name)} was rendered for the address ${renderedFor} (flatkube render --control-plane-ip): Azure must have given it.`,
      read,
      `if [[ "\${CP_PUBLIC_IP}" != ${shq(renderedFor)} ]]; then`,
      `  echo "${node.name}'s public IP is \${CP_PUBLIC_IP}, but ${ignitionFile(node.name)} was rendered for ${renderedFor}: render again with --control-plane-ip \${CP_PUBLIC_IP}" >&2`,
      '  exit 1',
      'fi',
      `test -s ${target}`,
    ].join('\n');
  }
  return [
    '# The API server certificate must name the public IP, known only now: fill the template in.',
    read,
    'if [[ ! "${CP_PUBLIC_IP}" =~ ^[0-9]{1,3}(\\.[0-9]{1,3}){3}$ ]]; then',
    `  echo "${node.name}'s public IP is not an IPv4 address: '\${CP_PUBLIC_IP}'" >&2`,
    '  exit 1',
    'fi',
    `sed -e "s/${PUBLIC_IP_PLACEHOLDER}/\${CP_PUBLIC_IP}/g" "\${IGNITION_DIR}/${ignitionTemplateFile(node.name)}" > ${target}`,
  ].join('\n');
}

/**
 * Bash function: waits until the VM's serial log (boot diagnostics) shows the FLATKUBE-HOSTKEY
 * line its flatkube-hostkeys.service printed, and appends "IP KEY" to known_hosts. Two different
 * keys, or none within 10 minutes: the script stops. Bash builtins only, apart from az.
 */
const PIN_HOST_KEY = [
  '# ---- host keys -------------------------------------------------------------',
  '# No host key travels in custom data (Azure: "Do not pass any secrets or passwords in customData"):',
  '# each node makes its own at first boot and prints the public half on its serial console.',
  '# Boot diagnostics hand that log out through your az login; ssh then trusts exactly that key.',
  'pin_host_key() { # VM_NAME PUBLIC_IP',
  '  local vm="$1" ip="$2" enabled log line key="" found="" tries=0',
  `  local re='${HOST_KEY_MARKER} (ssh-ed25519 AAAA[A-Za-z0-9+/]+={0,2})'`,
  '  enabled="$(az vm show --resource-group "${RG}" --name "${vm}" --query diagnosticsProfile.bootDiagnostics.enabled --output tsv)"',
  '  if [[ "${enabled}" != true && "${enabled}" != True ]]; then',
  '    echo "${vm}: boot diagnostics are off; turning them on and restarting the VM so that it prints its host key again" >&2',
  '    az vm boot-diagnostics enable --resource-group "${RG}" --name "${vm}" --output none',
  '    az vm restart --resource-group "${RG}" --name "${vm}" --output none',
  '  fi',
  '  while :; do',
  '    log="$(az vm boot-diagnostics get-boot-log --resource-group "${RG}" --name "${vm}" 2>/dev/null || true)"',
  '    found=""',
  '    while IFS= read -r line; do',
  '      [[ "${line}" =~ ${re} ]] || continue',
  '      key="${BASH_REMATCH[1]}"',
  '      if [[ -n "${found}" && "${found}" != "${key}" ]]; then',
  '        echo "${vm}: its serial log shows two different ed25519 host keys; trusting neither" >&2',
  '        return 1',
  '      fi',
  '      found="${key}"',
  '    done <<< "${log}"',
  '    if [[ -n "${found}" ]]; then',
  `      printf '%s %s\n' "\${ip}" "\${found}" >> "\${KNOWN_HOSTS}"`,
  '      echo "${vm}: pinned the ed25519 host key from its serial console: ${found}"',
  '      return 0',
  '    fi',
  '    tries=$((tries + 1))',
  '    if (( tries >= 60 )); then',
  `      echo "\${vm} printed no ${HOST_KEY_MARKER} line on its serial console within 10 minutes; not connecting without a pinned host key (see: az vm boot-diagnostics get-boot-log --resource-group \${RG} --name \${vm})" >&2`,
  '      return 1',
  '    fi',
  '    sleep 10',
  '  done',
  '}',
];
