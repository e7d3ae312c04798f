import type { ClusterStatus } from '../../../../shared/ipc/channels/cluster';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/** The cluster's operations (create, apply, destroy), newest first, as its record keeps them. */
export function OperationHistory({ operations }: { operations: ClusterStatus['operations'] }) {
  if (operations.length === 0) return <p className="notice">No operation recorded yet.</p>;
  const newestFirst = [...operations].reverse();
  return (
    <table className="data-table" data-testid="operation-history">
      <caption>Operation history</caption>
      <thead>
        <tr>
          <th scope="col">Operation</th>
          <th scope="col">State</th>
          <th scope="col">Started</th>
          <th scope="col">Finished</th>
        </tr>
      </thead>
      <tbody>
        {newestFirst.map((o) => (
          <tr key={`${o.kind}:${o.startedAt}`} data-kind={o.kind} data-state={o.state}>
            <th scope="row">{o.kind}</th>
            <td>
              <span className={`badge ${o.state === 'succeeded' ? 'ok' : o.state === 'failed' ? 'error' : o.state === 'running' ? '' : 'warn'}`}>{o.state}</span>
            </td>
            <td>{when(o.startedAt)}</td>
            <td>{when(o.finishedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
