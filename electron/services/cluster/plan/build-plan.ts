import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import { clusterNodes, imageRef, resourceNames } from '../../../../shared/domain/cluster-layout';
import { cniPlan } from '../render/cni';
import { az, literalNodeWords, literalWords } from './az-commands';
import { STEP_LATENCY_MS as L } from './latency';
import type { Plan, PlanStep } from './types';

/**
 * ClusterSpec -> plan. Ids are stable (the journal resumes by id): they depend only on the node
 * names, never on order of creation or time. Dependencies encode what Azure and kubeadm need:
 * a NIC needs its subnet, NSG and public IP; a VM needs its NIC and its Ignition; the control
 * plane's Ignition needs its public IP (API server certificate); joins need a join command.
 */
export function buildPlan(spec: ClusterSpec): Plan {
  const w = literalWords(spec);
  const nodes = clusterNodes(spec);
  const cp = nodes.find((n) => n.role === 'control-plane')!;
  const cpw = literalNodeWords(spec, cp);
  const workers = nodes.filter((n) => n.role === 'worker');
  const image = imageRef(spec);
  const steps: PlanStep[] = [];
  const add = (s: PlanStep) => steps.push(s);

  if (image.plan) {
    add({
      id: 'terms',
      title: `Accept the marketplace terms of ${image.offer}`,
      dependsOn: [],
      kind: 'arm',
      az: az.termsAccept(spec),
      explain:
        `Azure records that this subscription accepts the image's terms (plan ${image.plan.name}).\n` +
        'Images with a marketplace plan refuse to deploy until the terms are accepted once per subscription.',
      estimateMs: L.terms,
    });
  }
  add({
    id: 'rg',
    title: spec.resourceGroup.create ? `Create resource group ${spec.resourceGroup.name}` : `Check resource group ${spec.resourceGroup.name}`,
    dependsOn: [],
    kind: 'arm',
    az: az.rg(w, spec.resourceGroup.create),
    explain:
      `A resource group in ${spec.location} holds every resource of the cluster.\n` +
      'Deleting the group later removes the whole cluster in one operation.',
    estimateMs: L.rg,
  });
  add({
    id: 'vnet',
    title: `Create virtual network ${resourceNames.vnet(spec.name)}`,
    dependsOn: ['rg'],
    kind: 'arm',
    az: az.vnet(w),
    explain:
      `A private network ${spec.network.vnetCidr} with subnet ${spec.network.subnetCidr} for the nodes.\n` +
      'Nodes talk to each other over private addresses; pods and services use separate ranges.',
    estimateMs: L.vnet,
  });
  add({
    id: 'nsg',
    title: `Create network security group ${resourceNames.nsg(spec.name)}`,
    dependsOn: ['rg'],
    kind: 'arm',
    az: az.nsg(w),
    explain:
      'A firewall attached to every node\'s network card.\n' +
      'By default it blocks inbound internet traffic and allows traffic inside the VNet.',
    estimateMs: L.nsg,
  });
  for (const [id, name, priority, port, what] of [
    ['nsg-rule:ssh', 'allow-ssh', 100, 22, 'SSH'],
    ['nsg-rule:kube-api', 'allow-kube-api', 110, 6443, 'the Kubernetes API'],
  ] as const) {
    add({
      id,
      title: `Allow ${what} (TCP ${port}) from ${spec.allowedSourceIp}`,
      dependsOn: ['nsg'],
      kind: 'arm',
      az: az.nsgRule(w, name, priority, port),
      explain:
        `Opens TCP ${port} to your address ${spec.allowedSourceIp} only, not to the whole internet.\n` +
        `Flatkube needs ${what} from your machine to bootstrap and then manage the cluster.`,
      estimateMs: L.nsgRule,
    });
  }

  for (const node of nodes) {
    const n = literalNodeWords(spec, node);
    const isCp = node.role === 'control-plane';
    add({
      id: `pip:${node.name}`,
      title: `Create public IP for ${node.name}`,
      dependsOn: ['rg'],
      kind: 'arm',
      node: node.name,
      az: az.pip(w, n),
      explain:
        'A static Standard public address for SSH, kubectl and outbound internet access.\n' +
        'Subnets are private by default since 2026: without it the node could not download Kubernetes.',
      estimateMs: L.pip,
    });
    add({
      id: `nic:${node.name}`,
      title: `Create network interface for ${node.name}`,
      dependsOn: ['vnet', 'nsg', `pip:${node.name}`],
      kind: 'arm',
      node: node.name,
      az: az.nic(w, n),
      explain:
        `The node's network card with the fixed private address ${node.privateIp} and its public IP.\n` +
        'A fixed address lets the control plane endpoint be written before the VM exists.',
      estimateMs: L.nic,
    });
    add({
      id: `ignition:${node.name}`,
      title: `Render the Ignition config of ${node.name}`,
      // The control plane's config names its public IP in the API server certificate.
      dependsOn: isCp ? [`pip:${node.name}`] : [],
      kind: 'local',
      node: node.name,
      az: `# rendered by Flatkube into ${w.ignitionDir}/${node.name}.ign.json`,
      explain:
        'Flatkube writes the first-boot config: SSH keys, hostname, kernel settings and the Kubernetes extension.\n' +
        'Flatcar applies it once, before anything else starts, so every node boots ready for kubeadm.',
      estimateMs: L.ignition,
    });
    add({
      id: `vm:${node.name}`,
      title: `Create VM ${resourceNames.vm(spec.name, node.name)} (${n.size})`,
      dependsOn: [`nic:${node.name}`, `ignition:${node.name}`, ...(image.plan ? ['terms'] : [])],
      kind: 'arm',
      node: node.name,
      az: az.vm(spec, w, n),
      explain:
        `Azure creates a ${node.size} VM from ${image.urn} with the Ignition config as custom data.\n` +
        'The VM boots Flatcar, Ignition provisions it, and systemd merges the Kubernetes extension.',
      estimateMs: L.vm,
    });
    add({
      id: `ssh:${node.name}`,
      title: `Wait for SSH on ${node.name}`,
      dependsOn: [`vm:${node.name}`, 'nsg-rule:ssh'],
      kind: 'ssh',
      node: node.name,
      az: `${az.pinHostKey(w, n)}\n${az.waitSsh(w, n)}`,
      explain:
        'The node made its own SSH host key and printed the public half on its serial console; Flatkube reads it from boot diagnostics and pins it.\n' +
        'Then it connects as core and accepts only that key: proof that we talk to our own VM, not to something in between.',
      estimateMs: L.ssh,
    });
  }

  add({
    id: 'kubeadm-init',
    title: 'Initialise the control plane (kubeadm init)',
    dependsOn: [`ssh:${cp.name}`],
    kind: 'ssh',
    node: cp.name,
    az: az.kubeadmInit(w, cpw),
    explain:
      'kubeadm creates the cluster certificates, etcd and the API server on cp-0 as static pods.\n' +
      'It reads /etc/kubeadm/init.yaml, written by Ignition (v1beta4, systemd cgroups, containerd).',
    estimateMs: L.kubeadmInit,
  });
  const cni = cniPlan(spec);
  add({
    id: 'cni',
    title: `Install the pod network (${cni.displayName})`,
    dependsOn: ['kubeadm-init'],
    kind: 'ssh',
    node: cp.name,
    az: az.cni(spec, w, cpw),
    explain:
      `${cni.displayName} ${cni.version} gives every pod an address from ${spec.network.podCidr}.\n` +
      'Nodes stay NotReady until a pod network exists; VXLAN works on Azure where IP-in-IP does not.',
    estimateMs: L.cni,
  });
  add({
    id: 'kubeconfig',
    title: 'Fetch the admin kubeconfig',
    dependsOn: ['kubeadm-init', 'nsg-rule:kube-api'],
    kind: 'ssh',
    node: cp.name,
    az: az.kubeconfig(w, cpw),
    explain:
      'Flatkube copies admin.conf from the control plane and points it at the public IP.\n' +
      'With it, kubectl on your machine talks to the cluster through port 6443.',
    estimateMs: L.kubeconfig,
  });
  if (workers.length > 0) {
    add({
      id: 'join-command',
      title: 'Create a join token',
      dependsOn: ['kubeadm-init'],
      kind: 'ssh',
      node: cp.name,
      az: az.joinCommand(w, cpw),
      explain:
        'The control plane issues a short-lived bootstrap token and the hash of its CA.\n' +
        'Workers use both to join securely: the token for access, the hash to trust the right API server.',
      estimateMs: L.joinCommand,
    });
  }
  for (const node of workers) {
    add({
      id: `join:${node.name}`,
      title: `Join ${node.name} to the cluster`,
      dependsOn: ['join-command', `ssh:${node.name}`],
      kind: 'ssh',
      node: node.name,
      az: az.join(w, literalNodeWords(spec, node)),
      explain:
        `kubeadm join registers ${node.name}'s kubelet with the API server at ${cp.privateIp}:6443.\n` +
        'Workers join in parallel; each gets its own kubelet certificate.',
      estimateMs: L.join,
    });
  }
  add({
    id: 'nodes-ready',
    title: 'Wait for every node to be Ready',
    dependsOn: ['cni', 'kubeconfig', ...workers.map((n) => `join:${n.name}`)],
    kind: 'kube',
    az: az.nodesReady(w),
    explain:
      'Flatkube asks the Kubernetes API from your machine until every node reports Ready.\n' +
      'Ready means kubelet, container runtime and pod network all work on that node.',
    estimateMs: L.nodesReady,
  });
  return { cluster: spec.name, steps };
}
