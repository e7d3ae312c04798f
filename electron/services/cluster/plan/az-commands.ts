import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import { clusterTags, imageRef, resourceNames, type NodeInfo } from '../../../../shared/domain/cluster-layout';
import { cniPlan } from '../render/cni';
import { kuredPlan } from '../render/kured';
import { HOST_KEY_MARKER } from '../render/host-key-announce';
import { INIT_CONFIG_PATH } from '../render/ignition';
import { BOOTSTRAP_TOKEN, CA_CERT_HASH, JOIN_CONFIG_PATH, joinConfigTemplate } from '../render/kubeadm';

/**
 * az CLI / ssh equivalents of every plan step. Each builder takes shell words, so the same text
 * serves the plan (literal, quoted values) and the exported script ("${RG}" style variables).
 */

/** Quotes a value for bash unless it is made only of safe characters. */
export function shq(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export interface AzWords {
  /** The cluster's name (the value of its flatkube-cluster tag). */
  cluster: string;
  rg: string;
  location: string;
  /** Already split tag words, e.g. ["flatkube-cluster=demo", "owner=me"] (each quoted). */
  tags: string;
  vnet: string;
  subnet: string;
  nsg: string;
  vnetCidr: string;
  subnetCidr: string;
  sourceCidr: string;
  image: string;
  sshUser: string;
  sshPublicKey: string;
  /** Directory holding <node>.ign.json files (the rendered Ignition configs). */
  ignitionDir: string;
  /** known_hosts file built from the host keys the nodes print on their serial consoles. */
  knownHosts: string;
  kubeconfigFile: string;
}

export interface NodeWords {
  name: string;
  pip: string;
  nic: string;
  vm: string;
  size: string;
  privateIp: string;
  osDisk: string;
  /** The out-of-tree cloud provider runs in the cluster: the kubelet joins with --cloud-provider=external. */
  cloudProvider?: boolean;
}

export function literalWords(spec: ClusterSpec): AzWords {
  return {
    cluster: shq(spec.name),
    rg: shq(spec.resourceGroup.name),
    location: shq(spec.location),
    tags: tagWords(spec),
    vnet: shq(resourceNames.vnet(spec.name)),
    subnet: shq(resourceNames.subnet(spec.name)),
    nsg: shq(resourceNames.nsg(spec.name)),
    vnetCidr: shq(spec.network.vnetCidr),
    subnetCidr: shq(spec.network.subnetCidr),
    sourceCidr: shq(`${spec.allowedSourceIp}/32`),
    image: shq(imageRef(spec).urn),
    sshUser: shq(spec.ssh.user),
    sshPublicKey: shq(spec.ssh.publicKey),
    ignitionDir: './ignition',
    knownHosts: './known_hosts',
    kubeconfigFile: shq(`./kubeconfig-${spec.name}.yaml`),
  };
}

export function tagWords(spec: ClusterSpec): string {
  return Object.entries(clusterTags(spec))
    .map(([k, v]) => shq(`${k}=${v}`))
    .join(' ');
}

export function literalNodeWords(spec: ClusterSpec, node: NodeInfo): NodeWords {
  const size = node.size;
  return {
    name: node.name,
    pip: shq(resourceNames.publicIp(spec.name, node.name)),
    nic: shq(resourceNames.nic(spec.name, node.name)),
    vm: shq(resourceNames.vm(spec.name, node.name)),
    size: shq(size),
    privateIp: node.privateIp,
    osDisk: shq(resourceNames.osDisk(spec.name, node.name)),
    cloudProvider: spec.azureIntegration.cloudProvider,
  };
}

/** The worker's JoinConfiguration as one double-quoted shell word, filled from $JOIN_* at run time. */
function joinConfigWords(n: NodeWords): string {
  const vars = { FLATKUBE_JOIN_ENDPOINT: 'JOIN_ENDPOINT', FLATKUBE_JOIN_TOKEN: 'JOIN_TOKEN', FLATKUBE_JOIN_CA_HASH: 'JOIN_CA_HASH' };
  const yaml = joinConfigTemplate({ apiServerEndpoint: 'FLATKUBE_JOIN_ENDPOINT', token: 'FLATKUBE_JOIN_TOKEN', caCertHash: 'FLATKUBE_JOIN_CA_HASH', nodeName: n.name, nodeIp: n.privateIp, cloudProviderExternal: n.cloudProvider ?? false });
  const quoted = yaml.replace(/[\\"$`]/g, (c) => `\\${c}`).replace(/FLATKUBE_JOIN_[A-Z_]+/g, (p) => `\${${vars[p as keyof typeof vars]}}`);
  return `"${quoted}"`;
}

const SSH_OPTS = (w: AzWords) => `-o StrictHostKeyChecking=yes -o UserKnownHostsFile=${w.knownHosts}`;

export function publicIpOf(w: AzWords, n: NodeWords): string {
  return `$(az network public-ip show --resource-group ${w.rg} --name ${n.pip} --query ipAddress --output tsv)`;
}

export function sshTo(w: AzWords, n: NodeWords, extraOpts = ''): string {
  // Options must come before the destination: anything after it is the remote command.
  return `ssh ${SSH_OPTS(w)}${extraOpts ? ` ${extraOpts}` : ''} ${w.sshUser}@${publicIpOf(w, n)}`;
}

export const az = {
  termsAccept: (spec: ClusterSpec) => {
    const ref = imageRef(spec);
    return `az vm image terms accept --publisher kinvolk --offer ${ref.offer} --plan ${ref.plan?.name ?? ref.sku}`;
  },
  // As the engine does (engine/arm-steps.ts 'rg'): a group that exists is never taken over with
  // create: true (`az group create` would replace its tags, and deleting "the cluster's group"
  // would delete everything in it), unless its flatkube-cluster tag says an earlier run of this
  // script made it. With create: false Flatkube's tags are merged in (the Tags API's Merge keeps
  // the owner's tags; https://learn.microsoft.com/cli/azure/tag#az-tag-update).
  rg: (w: AzWords, create: boolean) =>
    create
      ? [
          `if [ "$(az group exists --name ${w.rg})" = true ] && [ "$(az group show --name ${w.rg} --query 'tags."flatkube-cluster"' --output tsv)" != ${w.cluster} ]; then`,
          `  echo "Resource group" ${w.rg} "already exists and was not created for cluster" ${w.cluster}": choose another name, or use it explicitly (resourceGroup.create: false)." >&2`,
          '  exit 1',
          'fi',
          `az group create --name ${w.rg} --location ${w.location} --tags ${w.tags}`,
        ].join('\n')
      : `az tag update --resource-id "$(az group show --name ${w.rg} --query id --output tsv)" --operation Merge --tags ${w.tags}`,
  /** How to remove what the script made: the whole group only when the script created it. */
  removal: (w: AzWords, create: boolean): string[] =>
    create
      ? [`Remove everything with: az group delete --name ${w.rg}`]
      : [
          `The group ${w.rg} is not the cluster's: remove only the cluster's resources, VMs first, then its tag:`,
          `  az vm delete --yes --ids $(az resource list --resource-group ${w.rg} --tag flatkube-cluster=${w.cluster} --query "[?type=='Microsoft.Compute/virtualMachines'].id" --output tsv)`,
          `  az resource delete --ids $(az resource list --resource-group ${w.rg} --tag flatkube-cluster=${w.cluster} --query "[].id" --output tsv)`,
          `  az tag update --resource-id "$(az group show --name ${w.rg} --query id --output tsv)" --operation Delete --tags flatkube-cluster=${w.cluster}`,
        ],
  vnet: (w: AzWords) =>
    `az network vnet create --resource-group ${w.rg} --name ${w.vnet} --location ${w.location} ` +
    `--address-prefixes ${w.vnetCidr} --subnet-name ${w.subnet} --subnet-prefixes ${w.subnetCidr} --tags ${w.tags}`,
  nsg: (w: AzWords) => `az network nsg create --resource-group ${w.rg} --name ${w.nsg} --location ${w.location} --tags ${w.tags}`,
  nsgRule: (w: AzWords, name: string, priority: number, port: number) =>
    `az network nsg rule create --resource-group ${w.rg} --nsg-name ${w.nsg} --name ${name} --priority ${priority} ` +
    `--direction Inbound --access Allow --protocol Tcp --source-address-prefixes ${w.sourceCidr} --destination-port-ranges ${port}`,
  pip: (w: AzWords, n: NodeWords) =>
    `az network public-ip create --resource-group ${w.rg} --name ${n.pip} --location ${w.location} ` +
    `--sku Standard --allocation-method Static --version IPv4 --tags ${w.tags}`,
  nic: (w: AzWords, n: NodeWords) =>
    `az network nic create --resource-group ${w.rg} --name ${n.nic} --location ${w.location} --vnet-name ${w.vnet} ` +
    `--subnet ${w.subnet} --private-ip-address ${n.privateIp} --public-ip-address ${n.pip} ` +
    `--network-security-group ${w.nsg} --tags ${w.tags}`,
  vm: (spec: ClusterSpec, w: AzWords, n: NodeWords) => {
    const plan = imageRef(spec).plan;
    const planArgs = plan ? ` --plan-name ${plan.name} --plan-product ${plan.product} --plan-publisher ${plan.publisher}` : '';
    return (
      `az vm create --resource-group ${w.rg} --name ${n.vm} --location ${w.location} --image ${w.image} ` +
      `--size ${n.size} --nics ${n.nic} --os-disk-name ${n.osDisk} --admin-username ${w.sshUser} ` +
      `--ssh-key-values ${w.sshPublicKey} --custom-data ${w.ignitionDir}/${n.name}.ign.json${planArgs} ` +
      // Flatcar's images do not support Trusted Launch (flatcar/Flatcar#1249), which az releases
      // since early 2024 default to for Gen2 images (all of them in some, Azure/azure-cli#27975);
      // an explicit Standard keeps the VM creatable whatever the az version.
      `--security-type Standard --tags ${w.tags}`
    );
  },
  /**
   * The node's own host key, as it printed it on its serial console at boot (no private key in
   * custom data, no trust on first use): boot diagnostics hand the log out through the az login.
   * The exported script does the same with waiting and checks (az-script.ts, pin_host_key).
   */
  pinHostKey: (w: AzWords, n: NodeWords) =>
    `az vm boot-diagnostics get-boot-log --resource-group ${w.rg} --name ${n.vm} | grep -o '${HOST_KEY_MARKER} ssh-ed25519 AAAA[A-Za-z0-9+/=]*' | ` +
    `sort -u | sed "s/^${HOST_KEY_MARKER} /${publicIpOf(w, n)} /" >> ${w.knownHosts}`,
  waitSsh: (w: AzWords, n: NodeWords) => `until ${sshTo(w, n, '-o ConnectTimeout=5')} true; do sleep 5; done`,
  kubeadmInit: (w: AzWords, cp: NodeWords) =>
    // The guard makes a re-run after a reboot or a resumed deploy harmless.
    `${sshTo(w, cp)} 'test -f /etc/kubernetes/admin.conf || sudo kubeadm init --config ${INIT_CONFIG_PATH}'`,
  cni: (spec: ClusterSpec, w: AzWords, cp: NodeWords) =>
    `${sshTo(w, cp)} 'bash -s' <<'FLATKUBE_CNI'\nset -euo pipefail\n${cniPlan(spec).commands.join('\n')}\nFLATKUBE_CNI`,
  kured: (spec: ClusterSpec, w: AzWords, cp: NodeWords) =>
    `${sshTo(w, cp)} 'bash -s' <<'FLATKUBE_KURED'\nset -euo pipefail\n${(kuredPlan(spec)?.commands ?? []).join('\n')}\nFLATKUBE_KURED`,
  joinCommand: (w: AzWords, cp: NodeWords) =>
    [
      `JOIN_COMMAND="$(${sshTo(w, cp)} 'sudo kubeadm token create --print-join-command')"`,
      // Split by parameter expansion, which starts no process: the token stays off command lines.
      'JOIN_ENDPOINT="${JOIN_COMMAND#*kubeadm join }"; JOIN_ENDPOINT="${JOIN_ENDPOINT%% *}"',
      'JOIN_TOKEN="${JOIN_COMMAND#*--token }"; JOIN_TOKEN="${JOIN_TOKEN%% *}"',
      'JOIN_CA_HASH="${JOIN_COMMAND#*--discovery-token-ca-cert-hash }"; JOIN_CA_HASH="${JOIN_CA_HASH%% *}"',
      // As the app checks them: the values go into YAML and must be nothing else.
      `[[ \${JOIN_TOKEN} =~ ${BOOTSTRAP_TOKEN.source} && \${JOIN_CA_HASH} =~ ${CA_CERT_HASH.source} && \${JOIN_ENDPOINT} =~ ^[A-Za-z0-9.-]+:[0-9]{1,5}$ ]] ||`,
      "  { echo 'kubeadm token create printed no usable join command' >&2; exit 1; }",
    ].join('\n'),
  join: (w: AzWords, n: NodeWords) =>
    // The JoinConfiguration carries the token, so it travels as the app sends it: over ssh's
    // stdin. printf is a shell builtin (no process, nothing in ps), and the remote command names
    // only the file, so neither ps on the worker nor sudo's log there shows the token.
    `printf '%s' ${joinConfigWords(n)} | ${sshTo(w, n)} ${shq(
      'test -f /etc/kubernetes/kubelet.conf && exit 0; ' +
        `sudo mkdir -p /etc/kubeadm && sudo sh -c "umask 077 && tee ${JOIN_CONFIG_PATH} >/dev/null" && ` +
        `sudo kubeadm join --config ${JOIN_CONFIG_PATH}; rc=$?; sudo rm -f ${JOIN_CONFIG_PATH}; exit $rc`,
    )}`,
  kubeconfig: (w: AzWords, cp: NodeWords) =>
    // admin.conf points at the private endpoint; the desktop reaches the API through the public IP
    // (a certSAN of the API server certificate).
    `${sshTo(w, cp)} 'sudo cat /etc/kubernetes/admin.conf' | sed "s#https://${cp.privateIp}:6443#https://${publicIpOf(w, cp)}:6443#" > ${w.kubeconfigFile} && chmod 600 ${w.kubeconfigFile}`,
  nodesReady: (w: AzWords) => `kubectl --kubeconfig ${w.kubeconfigFile} wait --for=condition=Ready nodes --all --timeout=300s`,
};
