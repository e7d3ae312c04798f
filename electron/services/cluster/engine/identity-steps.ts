import { clusterTags, resourceNames } from '../../../../shared/domain/cluster-layout';
import { abortableDelay } from '../../abort';
import type { PlanStep } from '../plan/types';
import { ensure } from './arm-steps';
import { resourceGroupId, type DeploymentContext } from './context';
import { authorizationScope, identityId, MANAGED_IDENTITY_API_VERSION, roleAssignmentId, roleDefinitionId, type ClusterIdentity } from './identity-ids';
import { StepError, type StepRunContext, type StepRunner } from './types';

/** The identity's runners; its ids and names: identity-ids.ts (docs/azure.md#the-clusters-identity). */

/** Azure's code for a principal the authorization service does not know yet (a new identity). */
export function isPrincipalNotFound(err: unknown): boolean {
  const e = err as { code?: unknown; azureCode?: unknown } | undefined;
  return e?.code === 'PrincipalNotFound' || e?.azureCode === 'PrincipalNotFound';
}

export interface PropagationRetry {
  attempts: number;
  delayMs: number;
  log: (text: string) => void;
  signal?: AbortSignal;
}

/**
 * Runs `fn` again while Azure answers PrincipalNotFound. A new managed identity's service
 * principal reaches the directory replica the authorization service reads after a while ("this
 * error might be related to a replication delay": https://learn.microsoft.com/azure/role-based-access-control/troubleshooting,
 * which also says to set `principalType`, as the assignment does); the Azure CLI retries on the
 * same message. Each wait is logged, so a slow propagation shows instead of looking stuck.
 */
export async function retryWhilePrincipalNotFound<T>(fn: () => Promise<T>, opts: PropagationRetry): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isPrincipalNotFound(err)) throw err;
      if (attempt >= opts.attempts) {
        throw new StepError(`Azure still does not know the cluster's identity after ${attempt} attempts (PrincipalNotFound)`, {
          hint: 'A new identity can take several minutes to reach every Azure region. Resume the operation in a few minutes: it continues here.',
          azureCode: 'PrincipalNotFound',
          cause: err,
        });
      }
      opts.log(`the new identity has not reached Azure's directory yet (PrincipalNotFound); retrying in ${Math.round(opts.delayMs / 1000)} s (attempt ${attempt + 1} of ${opts.attempts})`);
      await abortableDelay(opts.delayMs, opts.signal);
    }
  }
}

type Generic = { id?: string; properties?: Record<string, unknown> };

function toIdentity(r: Generic): ClusterIdentity {
  const p = r.properties ?? {};
  const clientId = p.clientId;
  const principalId = p.principalId;
  const tenantId = p.tenantId;
  if (typeof clientId !== 'string' || typeof principalId !== 'string' || typeof tenantId !== 'string') {
    throw new StepError(`the managed identity ${r.id ?? ''} has no clientId, principalId or tenantId`);
  }
  return { id: r.id ?? '', clientId, principalId, tenantId };
}

/** GET (or create) the identity and keep it in the context for the steps that need it. */
export async function ensureIdentity(ctx: DeploymentContext, r: StepRunContext): Promise<ClusterIdentity> {
  const { spec, arm } = ctx;
  const id = identityId(spec);
  // arm-resources puts the id after the host as it is: without its leading slash.
  const path = id.replace(/^\/+/, '');
  const got = await ensure<Generic & { provisioningState?: string }>(
    r,
    `managed identity ${resourceNames.identity(spec.name)}`,
    () => arm.resources.resources.getById(path, MANAGED_IDENTITY_API_VERSION, { abortSignal: r.signal }),
    () => arm.resources.resources.createOrUpdateById(path, MANAGED_IDENTITY_API_VERSION, { location: spec.location, tags: clusterTags(spec) }, { abortSignal: r.signal }),
    { ctx, id },
  );
  const identity = toIdentity({ ...got, id: got.id ?? id });
  ctx.identity = identity;
  return identity;
}

export function identityRunner(ctx: DeploymentContext): StepRunner {
  return async (r) => {
    const identity = await ensureIdentity(ctx, r);
    r.log('info', `identity ${resourceNames.identity(ctx.spec.name)}: client id ${identity.clientId}, principal ${identity.principalId}`, 'azure');
  };
}

export function roleAssignmentRunner(ctx: DeploymentContext): StepRunner {
  return async (r) => {
    const { spec, arm } = ctx;
    const identity = ctx.identity ?? (await ensureIdentity(ctx, r));
    const scope = authorizationScope(resourceGroupId(spec));
    const id = roleAssignmentId(spec, identity.principalId);
    const name = id.split('/').pop()!;
    const what = `role Contributor for the cluster's identity on resource group ${spec.resourceGroup.name}`;
    await ensure(
      r,
      what,
      () => arm.authorization.roleAssignments.get(scope, name, { abortSignal: r.signal }),
      () =>
        retryWhilePrincipalNotFound(
          () => arm.authorization.roleAssignments.create(scope, name, { roleDefinitionId: roleDefinitionId(spec), principalId: identity.principalId, principalType: 'ServicePrincipal' }, { abortSignal: r.signal }),
          { attempts: ctx.timings.principalAttempts, delayMs: ctx.timings.principalRetryMs, log: (t) => r.log('warn', t, 'azure'), signal: r.signal },
        ),
      { ctx, id },
    );
  };
}

/** The identity steps' runners by action (engine/step-runners.ts). */
export function identityStepRunner(ctx: DeploymentContext, step: PlanStep): StepRunner {
  return step.action === 'identity' ? identityRunner(ctx) : roleAssignmentRunner(ctx);
}
