import { useEffect, useState } from 'react';
import { OperationReplay } from '../../components/operation/OperationReplay';
import { useLoad } from '../../lib/use-load';

/** The cluster's finished operations, each with Replay (from its record, offline: OperationReplay). */
export function ReplayHistory({ name, operations }: { name: string; operations: number }) {
  const load = useLoad('cluster.operation', { name });
  const { reload } = load;
  // Read again when the page's history changes (an operation started or ended).
  useEffect(reload, [operations, reload]);
  const [playing, setPlaying] = useState<string | null>(null);
  const finished = [...(load.data?.history ?? [])].filter((o) => o.state !== 'running').reverse();
  if (finished.length === 0) return null;
  return (
    <div className="card" data-testid="replay-history">
      <h2>Replay an operation</h2>
      <ul className="plain-list">
        {finished.map((o) => (
          <li key={o.id}>
            <button type="button" onClick={() => setPlaying(o.id)} aria-label={`Replay ${o.kind} ${o.id}`}>
              Replay
            </button>{' '}
            {o.kind}, {o.state}, {new Date(o.startedAt).toLocaleString()}
          </li>
        ))}
      </ul>
      {playing && <OperationReplay cluster={name} operationId={playing} onClose={() => setPlaying(null)} />}
    </div>
  );
}
