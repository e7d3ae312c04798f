import type { ClusterState } from '../../../shared/ipc/channels/cluster';

/** What each state of a cluster means, in a newcomer's words (the Clusters view and the cluster page). */
export const STATE_TEXT: Record<ClusterState, { label: string; tone: 'ok' | 'warn' | 'error' | ''; text: string }> = {
  created: { label: 'created', tone: 'ok', text: 'Running in Azure; its kubeconfig is ready.' },
  running: { label: 'deploying', tone: '', text: 'A deployment is running now.' },
  unfinished: { label: 'unfinished', tone: 'warn', text: 'The app stopped during its deployment: resume it or tear it down.' },
  cancelled: { label: 'cancelled', tone: 'warn', text: 'Its deployment was cancelled part-way: resume it or tear it down.' },
  failed: { label: 'failed', tone: 'error', text: 'Its deployment failed: resume from the failed step, or tear it down.' },
  deleting: { label: 'deleting', tone: 'warn', text: 'A teardown did not finish: tear it down again.' },
  deleted: { label: 'deleted', tone: '', text: 'Torn down; nothing of it is left in Azure.' },
};
