import type { StepAction } from '../plan/step-actions';
import type { PlanStep } from '../plan/types';
import { hasLoadBalancedApi } from '../../../../shared/domain/api-endpoint';
import { armRunner } from './arm-steps';
import { haArmRunner } from './ha-arm-steps';
import { identityStepRunner } from './identity-steps';
import { azureAddonsRunner } from './azure-addons-step';
import { haKubeadmInit, joinControlPlane, uploadCerts } from './ha-ssh-steps';
import type { DeploymentContext } from './context';
import { cordonRunner, deleteNodeRunner, drainRunner } from './kube-steps';
import { nodesReadyRunner } from './kubeconfig-step';
import { removeRunner } from './remove-steps';
import { renderNodeCustomData } from './render-node';
import { sshRunner } from './ssh-steps';
import { upgradeRunner } from './upgrade-steps';
import { nodeNamed } from './context';
import type { StepRunner } from './types';

/**
 * Every step action's runner (the actions and their kinds: plan/step-actions.ts). The type makes
 * a new action without a runner a compile error, not a failure in the middle of an operation.
 */
type RunnerFactory = (ctx: DeploymentContext, step: PlanStep) => StepRunner;

const ignitionRunner: RunnerFactory = (ctx, step) => async (r) => {
  const node = nodeNamed(ctx, step.node);
  await renderNodeCustomData(ctx, node, r.signal);
  r.log('info', `Ignition config rendered (${ctx.customData.get(node.name)!.length} base64 characters of custom data)`);
};

const RUNNERS: Record<StepAction, RunnerFactory> = {
  terms: armRunner,
  rg: armRunner,
  vnet: armRunner,
  nsg: armRunner,
  'nsg-rule': armRunner,
  pip: armRunner,
  nic: armRunner,
  ignition: ignitionRunner,
  vm: armRunner,
  ssh: sshRunner,
  // Three control planes: init uploads the shared certificates (ha-ssh-steps.ts).
  'kubeadm-init': (ctx, step) => (hasLoadBalancedApi(ctx.spec) ? haKubeadmInit(ctx, step) : sshRunner(ctx, step)),
  cni: sshRunner,
  kured: sshRunner,
  kubeconfig: sshRunner,
  'join-command': sshRunner,
  join: sshRunner,
  'nodes-ready': nodesReadyRunner,
  'api-pip': haArmRunner,
  lb: haArmRunner,
  'api-nodes-rule': haArmRunner,
  'upload-certs': uploadCerts,
  'join-control-plane': joinControlPlane,
  identity: identityStepRunner,
  'role-assignment': identityStepRunner,
  'azure-addons': azureAddonsRunner,
  cordon: cordonRunner,
  drain: drainRunner,
  'remove-vm': removeRunner,
  'remove-nic': removeRunner,
  'remove-disk': removeRunner,
  'remove-pip': removeRunner,
  'delete-node': deleteNodeRunner,
  'upgrade-sysext': upgradeRunner,
  'kubeadm-upgrade': upgradeRunner,
  'kubelet-restart': upgradeRunner,
  uncordon: upgradeRunner,
};

export function runnerFor(ctx: DeploymentContext, step: PlanStep): StepRunner {
  return RUNNERS[step.action](ctx, step);
}
