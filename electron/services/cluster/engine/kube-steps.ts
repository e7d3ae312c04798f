import { cordonNode, deleteNode, drainNode } from '../../kube/drain';
import type { PlanStep } from '../plan/types';
import { liveKubeconfig } from './cluster-api';
import { nodeNamed, type DeploymentContext } from './context';
import type { StepRunner } from './types';

/**
 * The Kubernetes API steps of removing a node (plan/removal-steps.ts): cordon, drain, and once
 * its VM is gone the Node object. A node the API does not know (it never joined, or an earlier
 * run deleted it) is fine at every step.
 */

export function cordonRunner(ctx: DeploymentContext, step: PlanStep): StepRunner {
  return async (r) => {
    const node = nodeNamed(ctx, step.node).name;
    const kc = await liveKubeconfig(ctx, r.signal);
    r.log('info', (await cordonNode(kc, node, r.signal)) ? `node/${node} cordoned` : `${node} is not a node of the cluster (never joined, or already deleted): nothing to cordon`);
  };
}

export function drainRunner(ctx: DeploymentContext, step: PlanStep): StepRunner {
  return async (r) => {
    const node = nodeNamed(ctx, step.node).name;
    const kc = await liveKubeconfig(ctx, r.signal);
    const evicted = await drainNode(kc, node, {
      signal: r.signal,
      timeoutMs: ctx.timings.drainMs,
      intervalMs: ctx.timings.drainIntervalMs,
      log: (line) => r.log('info', line),
    });
    r.log('info', `node/${node} drained (${evicted} pod${evicted === 1 ? '' : 's'} evicted)`);
  };
}

export function deleteNodeRunner(ctx: DeploymentContext, step: PlanStep): StepRunner {
  return async (r) => {
    const node = nodeNamed(ctx, step.node).name;
    const kc = await liveKubeconfig(ctx, r.signal);
    r.log('info', (await deleteNode(kc, node, r.signal)) ? `node "${node}" deleted` : `node "${node}" was not there any more`);
  };
}
