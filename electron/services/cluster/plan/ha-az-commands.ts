import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import { API_SERVER_PORT, apiLoadBalancerNames as LB, apiServerDnsLabel, apiServerFqdn } from '../../../../shared/domain/api-endpoint';
import { CLUSTER_TAG } from '../../../../shared/domain/cluster-layout';
import { INIT_CONFIG_PATH } from '../render/ignition';
import { BOOTSTRAP_TOKEN, CA_CERT_HASH, CERTIFICATE_KEY, controlPlaneJoinConfigTemplate, JOIN_CONFIG_PATH } from '../render/kubeadm';
import { shq, sshTo, type AzWords, type NodeWords } from './az-commands';

/**
 * az CLI / ssh equivalents of the steps of a cluster with three control planes (ha-steps.ts),
 * in the same two forms as az-commands.ts: literal values for the plan, "${VAR}" words for the
 * exported script. The load balancer's parts are made one command each
 * (https://learn.microsoft.com/cli/azure/network/lb, .../network/lb/probe, .../network/lb/rule;
 * a NIC joins the pool with `az network nic create --lb-name --lb-address-pools`:
 * https://learn.microsoft.com/cli/azure/network/nic).
 *
 * The certificate key: the engine makes it and hands it to kubeadm init in a 0600 file written
 * from SSH stdin. The script has no such file to hand, so it lets kubeadm make one: `kubeadm init
 * phase upload-certs --upload-certs` uploads the certificates again with a new key and prints it
 * (the kubeadm HA guide's way to reload them:
 * https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/high-availability/).
 * The script reads that output into a variable, never onto a command line, and pipes the
 * JoinConfiguration holding it over ssh's stdin, as it does the bootstrap token.
 */

/** The endpoint's names as shell words. */
export interface ApiWords {
  pip: string;
  lb: string;
  dnsLabel: string;
  /**
   * The endpoint's name, always literal (never a "${VAR}" word): it goes into commands that run on
   * the nodes, where the script's variables do not exist. Made only of [a-z0-9.-].
   */
  fqdn: string;
}

export function literalApiWords(spec: ClusterSpec): ApiWords {
  return {
    pip: shq(LB.publicIp(spec.name)),
    lb: shq(LB.loadBalancer(spec.name)),
    dnsLabel: shq(apiServerDnsLabel(spec)),
    fqdn: shq(apiServerFqdn(spec)),
  };
}

/** The NSG rule that lets the cluster's own nodes reach the API through the load balancer. */
export const NODES_API_RULE = { name: 'allow-kube-api-nodes', priority: 120 } as const;

/**
 * Appends `127.0.0.1 <endpoint name>` to /etc/hosts unless a line already ends with the name:
 * Cluster API for Azure's answer to the load balancer not hairpinning
 * (kubernetes-sigs/cluster-api-provider-azure templates/flavors/private/patches/apiserver-host-dns.yaml).
 */
function hostsEntry(a: ApiWords): string {
  return `grep -qs " ${a.fqdn}$" /etc/hosts || echo "127.0.0.1 ${a.fqdn}" | sudo tee -a /etc/hosts >/dev/null`;
}

/** The control plane's JoinConfiguration as one double-quoted shell word, filled from $JOIN_* and $CERT_KEY at run time. */
function controlPlaneJoinWords(n: NodeWords): string {
  const vars = { FLATKUBE_JOIN_ENDPOINT: 'JOIN_ENDPOINT', FLATKUBE_JOIN_TOKEN: 'JOIN_TOKEN', FLATKUBE_JOIN_CA_HASH: 'JOIN_CA_HASH', FLATKUBE_JOIN_CERT_KEY: 'CERT_KEY' };
  const yaml = controlPlaneJoinConfigTemplate({
    apiServerEndpoint: 'FLATKUBE_JOIN_ENDPOINT',
    token: 'FLATKUBE_JOIN_TOKEN',
    caCertHash: 'FLATKUBE_JOIN_CA_HASH',
    certificateKey: 'FLATKUBE_JOIN_CERT_KEY',
    nodeName: n.name,
    nodeIp: n.privateIp,
    cloudProviderExternal: n.cloudProvider ?? false,
  });
  const quoted = yaml.replace(/[\\"$`]/g, (c) => `\\${c}`).replace(/FLATKUBE_JOIN_[A-Z_]+/g, (p) => `\${${vars[p as keyof typeof vars]}}`);
  return `"${quoted}"`;
}

export const haAz = {
  apiPip: (w: AzWords, a: ApiWords) =>
    `az network public-ip create --resource-group ${w.rg} --name ${a.pip} --location ${w.location} ` +
    `--sku Standard --allocation-method Static --version IPv4 --dns-name ${a.dnsLabel} --tags ${w.tags}`,
  loadBalancer: (w: AzWords, a: ApiWords) =>
    [
      `az network lb create --resource-group ${w.rg} --name ${a.lb} --location ${w.location} --sku Standard ` +
        `--public-ip-address ${a.pip} --frontend-ip-name ${LB.frontend} --backend-pool-name ${LB.backendPool} --tags ${w.tags}`,
      `az network lb probe create --resource-group ${w.rg} --lb-name ${a.lb} --name ${LB.probe} ` +
        `--protocol Https --port ${API_SERVER_PORT} --path /readyz --interval 15 --probe-threshold 1`,
      `az network lb rule create --resource-group ${w.rg} --lb-name ${a.lb} --name ${LB.rule} --protocol Tcp ` +
        `--frontend-port ${API_SERVER_PORT} --backend-port ${API_SERVER_PORT} --frontend-ip-name ${LB.frontend} ` +
        `--backend-pool-name ${LB.backendPool} --probe-name ${LB.probe} --idle-timeout 4`,
    ].join('\n'),
  /** A control plane's NIC, in the load balancer's pool. */
  controlPlaneNic: (w: AzWords, a: ApiWords, n: NodeWords) =>
    `az network nic create --resource-group ${w.rg} --name ${n.nic} --location ${w.location} --vnet-name ${w.vnet} ` +
    `--subnet ${w.subnet} --private-ip-address ${n.privateIp} --public-ip-address ${n.pip} ` +
    `--network-security-group ${w.nsg} --lb-name ${a.lb} --lb-address-pools ${LB.backendPool} --tags ${w.tags}`,
  /** Every node's public IP (the cluster's tagged ones but the API's) may reach 6443. */
  nodesApiRule: (w: AzWords, a: ApiWords) =>
    [
      `NODE_IPS="$(az network public-ip list --resource-group ${w.rg} ` +
        `--query "[?tags.\\"${CLUSTER_TAG}\\"=='"${w.cluster}"' && name!='"${a.pip}"'].ipAddress" --output tsv)"`,
      `az network nsg rule create --resource-group ${w.rg} --nsg-name ${w.nsg} --name ${NODES_API_RULE.name} --priority ${NODES_API_RULE.priority} ` +
        '--direction Inbound --access Allow --protocol Tcp --source-address-prefixes ${NODE_IPS} ' +
        `--destination-port-ranges ${API_SERVER_PORT}`,
    ].join('\n'),
  kubeadmInit: (w: AzWords, a: ApiWords, cp: NodeWords) =>
    // The endpoint's name must lead to this node itself before init: see hostsEntry.
    `${sshTo(w, cp)} ${shq(`test -f /etc/kubernetes/admin.conf || { ${hostsEntry(a)} && sudo kubeadm init --config ${INIT_CONFIG_PATH}; }`)}`,
  uploadCerts: (w: AzWords, cp: NodeWords) =>
    [
      `CERT_KEY_OUTPUT="$(${sshTo(w, cp)} 'sudo kubeadm init phase upload-certs --upload-certs')"`,
      // The key is the output's last line ("[upload-certs] Using certificate key:" then the key).
      "CERT_KEY=\"${CERT_KEY_OUTPUT##*$'\\n'}\"; unset CERT_KEY_OUTPUT",
      `[[ \${CERT_KEY} =~ ${CERTIFICATE_KEY.source} ]] || { echo 'kubeadm init phase upload-certs printed no certificate key' >&2; exit 1; }`,
    ].join('\n'),
  joinControlPlane: (w: AzWords, a: ApiWords, n: NodeWords) =>
    [
      `[[ \${JOIN_TOKEN} =~ ${BOOTSTRAP_TOKEN.source} && \${JOIN_CA_HASH} =~ ${CA_CERT_HASH.source} && \${CERT_KEY} =~ ${CERTIFICATE_KEY.source} ]] ||`,
      "  { echo 'no usable join command or certificate key (the join-command and upload-certs steps come first)' >&2; exit 1; }",
      `printf '%s' ${controlPlaneJoinWords(n)} | ${sshTo(w, n)} ${shq(
        'test -f /etc/kubernetes/kubelet.conf && exit 0; ' +
          `sudo mkdir -p /etc/kubeadm && sudo sh -c "umask 077 && tee ${JOIN_CONFIG_PATH} >/dev/null" && ` +
          `sudo kubeadm join --config ${JOIN_CONFIG_PATH}; rc=$?; sudo rm -f ${JOIN_CONFIG_PATH}; exit $rc`,
      )}`,
      // After the join, not before: until then the node must reach the API through the load balancer.
      `${sshTo(w, n)} ${shq(hostsEntry(a))}`,
    ].join('\n'),
  /** admin.conf already names the endpoint (the load balancer's name), which the desktop reaches as it is. */
  kubeconfig: (w: AzWords, cp: NodeWords) => `${sshTo(w, cp)} 'sudo cat /etc/kubernetes/admin.conf' > ${w.kubeconfigFile} && chmod 600 ${w.kubeconfigFile}`,
};
