import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import { clusterNodes, imageRef, resourceNames, type NodeInfo } from '../../../../shared/domain/cluster-layout';
import { cniPlan } from '../render/cni';
import { kuredPlan } from '../render/kured';
import { hasLoadBalancedApi } from '../../../../shared/domain/api-endpoint';
import { az, literalNodeWords, literalWords } from './az-commands';
import { haAz, literalApiWords } from './ha-az-commands';
import { addControlPlaneJoins, addLoadBalancerSteps, addNodesApiRule, joinControlPlaneStep, joiningControlPlanes, nicDependencies, NODES_API_RULE_STEP } from './ha-steps';
import { STEP_LATENCY_MS as L } from './latency';
import { removalSteps } from './removal-steps';
import { addAzureSteps, azureNodeDependencies, azureReadyDependencies } from './azure-steps';
import { azureAz } from './azure-az-commands';
import { kindOf, type StepAction } from './step-actions';
import type { Plan, PlanStep } from './types';

/**
 * What the cluster already has, for a plan that changes it (operations/converge-plan.ts). Without
 * it the plan creates the whole cluster from the spec (a new cluster, `flatkube render`).
 */
export interface PlanOptions {
  /** The spec's nodes with their addresses (clusterNodes with the cluster's prior layout). */
  nodes: NodeInfo[];
  /** Nodes already in place (created, joined, Ready): no step for them. */
  settled: ReadonlySet<string>;
  /** Nodes to take out of the cluster and delete. */
  remove: NodeInfo[];
}

/** A step as the builders write it: the kind comes from the action's registry entry. */
type StepInput = Omit<PlanStep, 'kind'>;

export function planStep(s: StepInput): PlanStep {
  return { ...s, kind: kindOf(s.action) };
}

/**
 * ClusterSpec -> plan. Ids are stable (the journal resumes by id): they depend only on the node
 * names, never on order of creation or time. Dependencies encode what Azure and kubeadm need:
 * a NIC needs its subnet, NSG and public IP; a VM needs its NIC and its Ignition; the control
 * plane's Ignition needs its public IP (API server certificate); joins need a join command.
 */
export function buildPlan(spec: ClusterSpec, opts?: PlanOptions): Plan {
  const w = literalWords(spec);
  const all = opts?.nodes ?? clusterNodes(spec);
  const settled = opts?.settled ?? new Set<string>();
  const cp = all.find((n) => n.role === 'control-plane')!;
  const cpw = literalNodeWords(spec, cp);
  // Steps exist for what is not in place yet; a settled control plane means a running cluster.
  const nodes = all.filter((n) => !settled.has(n.name));
  const clusterUp = settled.has(cp.name);
  const workers = nodes.filter((n) => n.role === 'worker');
  // Three control planes (ha-steps.ts): the API behind a load balancer, the others join cp-0.
  const ha = hasLoadBalancedApi(spec);
  const joiningCps = ha ? joiningControlPlanes(nodes) : [];
  const nodesRule = ha && (nodes.length > 0 || (opts?.remove.length ?? 0) > 0);
  const image = imageRef(spec);
  const steps: PlanStep[] = [];
  const add = (s: StepInput & { action: StepAction }) => steps.push(planStep(s));

  if (image.plan && nodes.length > 0) {
    add({
      id: 'terms',
      title: `Accept the marketplace terms of ${image.offer}`,
      dependsOn: [],
      action: 'terms',
      az: az.termsAccept(spec),
      explain:
        `Azure records that this subscription accepts the image's terms (plan ${image.plan.name}).\n` +
        'Images with a marketplace plan refuse to deploy until the terms are accepted once per subscription.',
      estimateMs: L.terms,
    });
  }
  if (!clusterUp) addNetwork(spec, add);
  if (!clusterUp && ha) addLoadBalancerSteps(spec, add);
  addAzureSteps(spec, cp, { nodes, clusterUp }, add);
  const identityDeps = azureNodeDependencies(spec);

  for (const node of nodes) {
    const n = literalNodeWords(spec, node);
    const isCp = node.role === 'control-plane';
    add({
      id: `pip:${node.name}`,
      title: `Create public IP for ${node.name}`,
      dependsOn: ['rg'],
      action: 'pip',
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
      dependsOn: ['vnet', 'nsg', `pip:${node.name}`, ...nicDependencies(spec, node)],
      action: 'nic',
      node: node.name,
      az: ha && isCp ? haAz.controlPlaneNic(w, literalApiWords(spec), n) : az.nic(w, n),
      explain:
        `The node's network card with the fixed private address ${node.privateIp} and its public IP.\n` +
        'A fixed address lets the control plane endpoint be written before the VM exists.',
      estimateMs: L.nic,
    });
    add({
      id: `ignition:${node.name}`,
      title: `Render the Ignition config of ${node.name}`,
      // One control plane: its config names its public IP in the API server certificate. Three:
      // the endpoint is the load balancer's name, known from the spec.
      dependsOn: [...(isCp && !ha ? [`pip:${node.name}`] : []), ...identityDeps],
      action: 'ignition',
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
      dependsOn: [`nic:${node.name}`, `ignition:${node.name}`, ...(image.plan ? ['terms'] : []), ...identityDeps],
      action: 'vm',
      node: node.name,
      az: az.vm(spec, w, n) + (identityDeps.length ? azureAz.vmIdentity(w, spec) : ''),
      explain:
        `Azure creates a ${node.size} VM from ${image.urn} with the Ignition config as custom data.\n` +
        'The VM boots Flatcar, Ignition provisions it, and systemd merges the Kubernetes extension.',
      estimateMs: L.vm,
    });
    add({
      id: `ssh:${node.name}`,
      title: `Wait for SSH on ${node.name}`,
      dependsOn: [`vm:${node.name}`, 'nsg-rule:ssh'],
      action: 'ssh',
      node: node.name,
      az: `${az.pinHostKey(w, n)}\n${az.waitSsh(w, n)}`,
      explain:
        'The node made its own SSH host key and printed the public half on its serial console; Flatkube reads it from boot diagnostics and pins it.\n' +
        'Then it connects as core and accepts only that key: proof that we talk to our own VM, not to something in between.',
      estimateMs: L.ssh,
    });
  }

  if (!clusterUp) addControlPlane(spec, cp, add);
  if (nodesRule) addNodesApiRule(spec, nodes, add);
  const afterRule = nodesRule ? [NODES_API_RULE_STEP] : [];
  if (workers.length > 0 || joiningCps.length > 0) {
    add({
      id: 'join-command',
      title: 'Create a join token',
      dependsOn: ['kubeadm-init'],
      action: 'join-command',
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
      dependsOn: ['join-command', `ssh:${node.name}`, ...afterRule],
      action: 'join',
      node: node.name,
      az: az.join(w, literalNodeWords(spec, node)),
      explain:
        `kubeadm join registers ${node.name}'s kubelet with the API server at ${ha ? 'the load balancer' : `${cp.privateIp}:6443`}.\n` +
        'Workers join in parallel; each gets its own kubelet certificate.',
      estimateMs: L.join,
    });
  }
  addControlPlaneJoins(spec, joiningCps, cp, afterRule, add);
  // Nodes go after the new ones joined, so what is drained off them has somewhere to run.
  const removals = (opts?.remove ?? []).flatMap((node) => removalSteps(spec, node, { viaKubernetes: clusterUp, after: workers.map((n) => `join:${n.name}`) }));
  removals.forEach((r) => add(r));
  if (nodes.length > 0 || removals.length > 0) {
    add({
      id: 'nodes-ready',
      title: 'Wait for every node to be Ready',
      dependsOn: ['cni', 'kured', 'kubeconfig', ...azureReadyDependencies(spec, clusterUp), ...workers.map((n) => `join:${n.name}`), ...joiningCps.map((n) => joinControlPlaneStep(n.name)), ...removals.filter((r) => r.action === 'delete-node' || r.action === 'remove-vm').map((r) => r.id)],
      action: 'nodes-ready',
      az: az.nodesReady(w),
      explain:
        'Flatkube asks the Kubernetes API from your machine until every node reports Ready.\n' +
        'Ready means kubelet, container runtime and pod network all work on that node.',
      estimateMs: L.nodesReady,
    });
  }
  return { cluster: spec.name, steps: withoutDoneDependencies(steps) };
}

/**
 * Drops dependencies on steps the plan does not hold: what an earlier operation did (the
 * network, kubeadm init) is in place, so a step that needed it can run at once.
 */
function withoutDoneDependencies(steps: PlanStep[]): PlanStep[] {
  const ids = new Set(steps.map((s) => s.id));
  return steps.map((s) => (s.dependsOn.every((d) => ids.has(d)) ? s : { ...s, dependsOn: s.dependsOn.filter((d) => ids.has(d)) }));
}

/** kubeadm init, the pod network and the admin kubeconfig: the control plane of a new cluster. */
function addControlPlane(spec: ClusterSpec, cp: NodeInfo, add: (s: StepInput) => void): void {
  const w = literalWords(spec);
  const cpw = literalNodeWords(spec, cp);
  add({
    id: 'kubeadm-init',
    title: 'Initialise the control plane (kubeadm init)',
    dependsOn: [`ssh:${cp.name}`],
    action: 'kubeadm-init',
    node: cp.name,
    az: hasLoadBalancedApi(spec) ? haAz.kubeadmInit(w, literalApiWords(spec), cpw) : az.kubeadmInit(w, cpw),
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
    action: 'cni',
    node: cp.name,
    az: az.cni(spec, w, cpw),
    explain:
      `${cni.displayName} ${cni.version} gives every pod an address from ${spec.network.podCidr}.\n` +
      'Nodes stay NotReady until a pod network exists; VXLAN works on Azure where IP-in-IP does not.',
    estimateMs: L.cni,
  });
  const kured = kuredPlan(spec);
  if (kured) {
    add({
      id: 'kured',
      title: `Install Kured ${kured.version} (reboots after Flatcar updates)`,
      dependsOn: ['cni'],
      action: 'kured',
      node: cp.name,
      az: az.kured(spec, w, cpw),
      explain:
        'Flatcar downloads OS updates by itself; Kured reboots one node at a time into them, draining it first.\n' +
        'Turn automatic reboots off in the spec (updates.reboots: off) to reboot nodes yourself.',
      estimateMs: L.kured,
    });
  }
  add({
    id: 'kubeconfig',
    title: 'Fetch the admin kubeconfig',
    dependsOn: ['kubeadm-init', 'nsg-rule:kube-api'],
    action: 'kubeconfig',
    node: cp.name,
    az: hasLoadBalancedApi(spec) ? haAz.kubeconfig(w, cpw) : az.kubeconfig(w, cpw),
    explain:
      (hasLoadBalancedApi(spec)
        ? 'Flatkube copies admin.conf from the control plane; it names the load balancer\'s DNS name, which your machine reaches as it is.\n'
        : 'Flatkube copies admin.conf from the control plane and points it at the public IP.\n') +
      'With it, kubectl on your machine talks to the cluster through port 6443.',
    estimateMs: L.kubeconfig,
  });
}

/** The cluster's own network resources: resource group, VNet, NSG and its two rules. */
function addNetwork(spec: ClusterSpec, add: (s: StepInput) => void): void {
  const w = literalWords(spec);
  add({
    id: 'rg',
    title: spec.resourceGroup.create ? `Create resource group ${spec.resourceGroup.name}` : `Check resource group ${spec.resourceGroup.name}`,
    dependsOn: [],
    action: 'rg',
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
    action: 'vnet',
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
    action: 'nsg',
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
      action: 'nsg-rule',
      subject: id === 'nsg-rule:ssh' ? 'ssh' : 'kube-api',
      az: az.nsgRule(w, name, priority, port),
      explain:
        `Opens TCP ${port} to your address ${spec.allowedSourceIp} only, not to the whole internet.\n` +
        `Flatkube needs ${what} from your machine to bootstrap and then manage the cluster.`,
      estimateMs: L.nsgRule,
    });
  }
}
