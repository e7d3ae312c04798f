import type { ClusterSpec } from '../../../../shared/domain/cluster-spec';
import { resourceNames, type NodeInfo } from '../../../../shared/domain/cluster-layout';
import { literalWords, shq } from './az-commands';
import { STEP_LATENCY_MS as L } from './latency';
import { kindOf, type StepAction } from './step-actions';
import type { PlanStep } from './types';

/**
 * The steps that take one node out of a cluster (docs/operations.md#removing-a-node), in the
 * order Cluster API removes a Machine: cordon, drain (kubectl's usual flags: DaemonSet pods stay,
 * emptyDir data goes), delete the VM, then its NIC and OS disk, then its public IP, and only when
 * the VM is gone the Node object: a kubelet still running would register its Node again
 * ("Only when the infrastructure is gone, the Node will try to be deleted",
 * https://cluster-api.sigs.k8s.io/tasks/automated-machine-management/scaling). Without a running
 * cluster (a create that never finished) only the Azure resources go.
 */
export interface RemovalOptions {
  /** The cluster's API answers: cordon, drain and delete the Node too. */
  viaKubernetes: boolean;
  /** Steps the drain waits for (new nodes joining, so the drained pods have somewhere to run). */
  after: string[];
}

/** kubectl drain's flags as Flatkube uses them; the timeout matches the engine's drain timeout (DEFAULT_TIMINGS.drainMs). */
export const DRAIN_FLAGS = '--ignore-daemonsets --delete-emptydir-data --timeout=300s';

export function removalSteps(spec: ClusterSpec, node: NodeInfo, opts: RemovalOptions): PlanStep[] {
  const w = literalWords(spec);
  const n = node.name;
  const rg = w.rg;
  const kubectl = `kubectl --kubeconfig ${w.kubeconfigFile}`;
  const steps: PlanStep[] = [];
  const add = (s: Omit<PlanStep, 'kind' | 'node'> & { action: StepAction }) => steps.push({ ...s, node: n, kind: kindOf(s.action) });
  if (opts.viaKubernetes) {
    add({
      id: `cordon:${n}`,
      title: `Cordon ${n}`,
      dependsOn: [],
      action: 'cordon',
      az: `${kubectl} cordon ${shq(n)}`,
      explain: `Marks ${n} unschedulable: nothing new starts there.\nWhat runs there keeps running until the drain moves it.`,
      estimateMs: L.cordon,
    });
    add({
      id: `drain:${n}`,
      title: `Drain ${n}`,
      dependsOn: [`cordon:${n}`, ...opts.after],
      action: 'drain',
      az: `${kubectl} drain ${shq(n)} ${DRAIN_FLAGS}`,
      explain:
        `Evicts ${n}'s pods through the Eviction API, so PodDisruptionBudgets hold, and waits until they are gone.\n` +
        'DaemonSet pods stay (they run on every node anyway); emptyDir data goes with its pod.',
      estimateMs: L.drain,
    });
  }
  add({
    id: `remove-vm:${n}`,
    title: `Delete VM ${resourceNames.vm(spec.name, n)}`,
    dependsOn: opts.viaKubernetes ? [`drain:${n}`] : [],
    action: 'remove-vm',
    az: `az vm delete --resource-group ${rg} --name ${shq(resourceNames.vm(spec.name, n))} --yes`,
    explain: `Deletes ${n}'s VM (only if Flatkube's record says it created it).\nIts network card, disk and public IP go next: Azure refuses to delete what a VM still uses.`,
    estimateMs: L.vmDelete,
  });
  add({
    id: `remove-nic:${n}`,
    title: `Delete network interface ${resourceNames.nic(spec.name, n)}`,
    dependsOn: [`remove-vm:${n}`],
    action: 'remove-nic',
    az: `az network nic delete --resource-group ${rg} --name ${shq(resourceNames.nic(spec.name, n))}`,
    explain: `Deletes ${n}'s network card, which freed its private address ${node.privateIp}.\nIt still holds the public IP until it is gone.`,
    estimateMs: L.nicDelete,
  });
  add({
    id: `remove-disk:${n}`,
    title: `Delete OS disk ${resourceNames.osDisk(spec.name, n)}`,
    dependsOn: [`remove-vm:${n}`],
    action: 'remove-disk',
    az: `az disk delete --resource-group ${rg} --name ${shq(resourceNames.osDisk(spec.name, n))} --yes`,
    explain: `The OS disk is deleted with its VM (deleteOption Delete); this makes sure it is gone.\nA disk left behind would keep costing money.`,
    estimateMs: L.diskDelete,
  });
  add({
    id: `remove-pip:${n}`,
    title: `Delete public IP ${resourceNames.publicIp(spec.name, n)}`,
    dependsOn: [`remove-nic:${n}`],
    action: 'remove-pip',
    az: `az network public-ip delete --resource-group ${rg} --name ${shq(resourceNames.publicIp(spec.name, n))}`,
    explain: `Releases ${n}'s static public address.\nStandard public IPs are billed while they exist, attached or not.`,
    estimateMs: L.pipDelete,
  });
  if (opts.viaKubernetes) {
    add({
      id: `delete-node:${n}`,
      title: `Delete the Kubernetes node ${n}`,
      dependsOn: [`remove-vm:${n}`],
      action: 'delete-node',
      az: `${kubectl} delete node ${shq(n)}`,
      explain: `Removes ${n} from the cluster's node list now that its VM is gone.\nDone last: a kubelet that still ran would register the node again.`,
      estimateMs: L.deleteNode,
    });
  }
  return steps;
}
