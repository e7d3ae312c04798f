// How the cilium CLI reaches the cluster (the kubeconfig in KUBECONFIG or ~/.kube/config, as
// kubectl does) and where its Helm release is recorded. Shared by install, status and version.
import type { CommandContext } from '../command-types';
import type { ClusterRecord } from '../node-state';
import { resolveCluster } from './kubectl';
import { findObject, type Target } from './kubectl-objects';

/** Helm keeps a release in a Secret named after it; its presence means "cilium is installed". */
export const HELM_RELEASE_SECRET = 'sh.helm.release.v1.cilium.v1';

/** The cluster behind the CLI's kubeconfig, or the reason it cannot be reached. */
export function connect(ctx: CommandContext): Target | string {
  let err = '';
  const quiet: CommandContext = { ...ctx, io: { ...ctx.io, stderr: (s) => (err += s) } };
  const t = resolveCluster(quiet, ctx.env.KUBECONFIG ?? `${ctx.env.HOME ?? '/root'}/.kube/config`);
  if (typeof t !== 'number') return t;
  return (err.trim().split('\n').at(-1) ?? 'unreachable').replace(/^error: /, '');
}

/** The Cilium version of the installed Helm release, if there is one. */
export function releasedVersion(cluster: ClusterRecord): string | undefined {
  const release = findObject(cluster, 'secret', HELM_RELEASE_SECRET, 'kube-system')?.data?.release;
  if (!release) return undefined;
  try {
    return (JSON.parse(Buffer.from(release, 'base64').toString('utf8')) as { chart?: { metadata?: { version?: string } } }).chart?.metadata?.version;
  } catch {
    return undefined;
  }
}
