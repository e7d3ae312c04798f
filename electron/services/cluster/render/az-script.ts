import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import { clusterNodes, clusterTags, imageRef, type NodeInfo } from '../../../../shared/domain/cluster-layout';
import { az, publicIpOf, shq, type AzWords, type NodeWords } from '../plan/az-commands';
import { buildPlan } from '../plan/build-plan';
import { topoOrder } from '../plan/graph';
import { stripTerminalControls } from '../../../../shared/text/terminal-controls';
import { PUBLIC_IP_PLACEHOLDER } from './ignition';

/**
 * "Export as az script": a commented bash script doing what the plan does, in the spirit of the
 * original slides (variables at the top, one az command per resource), but with the 2026 recipe.
 * It runs the steps one after another (Flatkube itself runs independent steps in parallel).
 * It expects the rendered Ignition configs next to it in ./ignition/<node>.ign.json, rendered with
 * the control plane public IP left as the placeholder token, which the script fills in once the
 * address exists.
 */

export interface AzScriptInput {
  spec: ClusterSpec;
  /** node name -> "ssh-ed25519 AAAA..." host public key pinned in that node's Ignition. */
  hostPublicKeys: Record<string, string>;
}

const WORDS: AzWords = {
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

function nodeWords(node: NodeInfo): NodeWords {
  return {
    name: node.name,
    pip: `"\${CLUSTER}-${node.name}-pip"`,
    nic: `"\${CLUSTER}-${node.name}-nic"`,
    vm: `"\${CLUSTER}-${node.name}-vm"`,
    osDisk: `"\${CLUSTER}-${node.name}-osdisk"`,
    size: node.role === 'control-plane' ? '"${CP_SIZE}"' : '"${WORKER_SIZE}"',
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
  const nodes = clusterNodes(spec);
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const cp = nodes.find((n) => n.role === 'control-plane')!;
  for (const n of nodes) {
    const key = input.hostPublicKeys[n.name];
    if (!key || !/^ssh-ed25519 [A-Za-z0-9+/=]+( .*)?$/.test(key)) throw new Error(`missing host public key for ${n.name}`);
  }
  const tags = Object.entries(clusterTags(spec)).map(([k, v]) => shq(`${k}=${v}`));

  const header = [
    '#!/usr/bin/env bash',
    comment(`Flatkube: create Kubernetes cluster "${spec.name}" on Flatcar Container Linux in Azure.`),
    comment(`Kubernetes ${spec.kubernetesVersion}, ${nodes.length} node(s), CNI ${spec.cni}, image ${imageRef(spec).urn}.`),
    '# Needs: az (logged in: az login), ssh, kubectl; the rendered Ignition configs in $IGNITION_DIR.',
    '# Costs money while the VMs run. Remove everything with: az group delete --name "$RG"',
    'set -euo pipefail',
    '',
    '# ---- settings --------------------------------------------------------------',
    `CLUSTER=${shq(spec.name)}`,
    `SUBSCRIPTION=${shq(spec.subscriptionId)}`,
    `RG=${shq(spec.resourceGroup.name)}`,
    `LOCATION=${shq(spec.location)}`,
    `IMAGE=${shq(imageRef(spec).urn)}`,
    `CP_SIZE=${shq(spec.controlPlane.size)}`,
    `WORKER_SIZE=${shq(spec.workers.size)}`,
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
    'IGNITION_DIR="${IGNITION_DIR:-./ignition}"',
    'KNOWN_HOSTS="${KNOWN_HOSTS:-./known_hosts}"',
    `KUBECONFIG_FILE="./kubeconfig-\${CLUSTER}.yaml"`,
    '',
    '# Host keys baked into each node\'s Ignition: ssh trusts exactly these (no trust-on-first-use).',
    ...nodes.map((n) => `HOSTKEY_${envName(n.name)}=${shq(input.hostPublicKeys[n.name]!)}`),
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
        cmd = target === 'ssh' ? az.nsgRule(WORDS, 'allow-ssh', 100, 22) : az.nsgRule(WORDS, 'allow-kube-api', 110, 6443);
        break;
      case 'pip':
        cmd = [
          az.pip(WORDS, n!),
          `echo "$(az network public-ip show --resource-group "\${RG}" --name ${n!.pip} --query ipAddress --output tsv) \${HOSTKEY_${envName(node!.name)}}" >> "\${KNOWN_HOSTS}"`,
        ].join('\n');
        break;
      case 'nic': cmd = az.nic(WORDS, n!); break;
      case 'ignition':
        cmd =
          node!.role === 'control-plane'
            ? [
                '# The API server certificate must name the public IP, known only now: fill it in.',
                `CP_PUBLIC_IP=${publicIpOf(WORDS, n!)}`,
                `sed "s/${PUBLIC_IP_PLACEHOLDER}/\${CP_PUBLIC_IP}/g" "\${IGNITION_DIR}/${node!.name}.ign.json" > "\${IGNITION_DIR}/${node!.name}.ign.json.tmp"`,
                `mv "\${IGNITION_DIR}/${node!.name}.ign.json.tmp" "\${IGNITION_DIR}/${node!.name}.ign.json"`,
              ].join('\n')
            : `test -s "\${IGNITION_DIR}/${node!.name}.ign.json"`;
        break;
      case 'vm': cmd = az.vm(spec, WORDS, n!); break;
      case 'ssh': cmd = az.waitSsh(WORDS, n!); break;
      case 'kubeadm-init': cmd = az.kubeadmInit(WORDS, cpw); break;
      case 'cni': cmd = az.cni(spec, WORDS, cpw); break;
      case 'join-command': cmd = az.joinCommand(WORDS, cpw); break;
      case 'join': cmd = az.join(WORDS, n!); break;
      case 'kubeconfig': cmd = az.kubeconfig(WORDS, cpw); break;
      case 'nodes-ready': cmd = az.nodesReady(WORDS); break;
      default:
        throw new Error(`az script: no command for step ${step.id}`);
    }
    body.push(comment(`---- ${step.title} [${step.id}]`), comment(step.explain), cmd, '');
  }
  body.push('echo "Cluster ${CLUSTER} is ready. Try: kubectl --kubeconfig ${KUBECONFIG_FILE} get nodes -o wide"', '');
  return [...header, ...body].join('\n');
}

function envName(node: string): string {
  return node.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}
