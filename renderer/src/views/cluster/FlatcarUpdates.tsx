import type { ClusterStatus } from '../../../../shared/ipc/channels/cluster';

/**
 * How the cluster takes Flatcar's OS updates (cluster.status's `updates`, docs/operations.md#flatcar-updates):
 * Kured reboots one node at a time into a downloaded update, draining it first, or nothing does;
 * and the nodes waiting for that reboot. Each node's Flatcar version is in the nodes table.
 */
export function FlatcarUpdates({ updates }: { updates: ClusterStatus['updates'] }) {
  const pending = updates.pendingReboots;
  return (
    <>
      <dt>Flatcar updates</dt>
      <dd data-testid="updates-strategy" data-strategy={updates.strategy}>
        {updates.strategy === 'kured' ? 'Kured reboots one node at a time after an update, draining it first' : 'downloaded; no automatic reboots (reboot the nodes yourself)'}
      </dd>
      <dt>Waiting for a reboot</dt>
      <dd data-testid="updates-pending">{pending === null ? 'not known (nothing in the cluster reports it)' : pending.length ? pending.join(', ') : 'no node'}</dd>
    </>
  );
}
