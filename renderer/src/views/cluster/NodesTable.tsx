import type { ClusterStatus } from '../../../../shared/ipc/channels/cluster';

/** The cluster's nodes (cluster.status): the record's layout with what the Kubernetes API says of each. */
export function NodesTable({ nodes }: { nodes: ClusterStatus['nodes'] }) {
  return (
    <table className="data-table" data-testid="nodes-table">
      <caption>Nodes</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Role</th>
          <th scope="col">Pool</th>
          <th scope="col">VM size</th>
          <th scope="col">Kubernetes</th>
          <th scope="col">Flatcar</th>
          <th scope="col">Ready</th>
        </tr>
      </thead>
      <tbody>
        {nodes.map((n) => (
          <tr key={n.name} data-testid={`node-${n.name}`} data-ready={n.ready}>
            <th scope="row">{n.name}</th>
            <td>{n.role === 'control-plane' ? 'control plane' : 'worker'}</td>
            <td>{n.pool ?? '—'}</td>
            <td>{n.vmSize}</td>
            <td>{n.kubernetesVersion ?? 'unknown'}</td>
            <td>{n.flatcarVersion ?? 'unknown'}</td>
            <td>
              <span className={`badge ${n.ready ? 'ok' : 'warn'}`}>{n.ready ? 'Ready' : 'Not ready'}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
