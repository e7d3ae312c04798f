import { useEffect, useRef, useState } from 'react';
import type { ClusterSummary } from '../../../shared/ipc/channels/cluster';
import type { IpcError } from '../../../shared/ipc/result';
import { ErrorCard, Spinner } from '../components/Feedback';
import { LogPane } from '../components/LogPane';
import { invoke } from '../lib/ipc';
import { liveStream, routeFollow } from '../store/logs-store';

type Unit = 'kubelet' | 'containerd' | 'journal';
const UNITS: { id: Unit; label: string }[] = [
  { id: 'kubelet', label: 'kubelet' },
  { id: 'containerd', label: 'containerd' },
  { id: 'journal', label: 'Whole journal' },
];

/** The cluster's node names: its control planes (cp-0 …) and each pool's nodes (worker-0 …, <pool>-0 …). */
export function nodeNames(cluster: ClusterSummary): string[] {
  return cluster.nodeNames.length > 0 ? cluster.nodeNames : ['cp-0'];
}

interface Follow {
  followId: string;
  node: string;
  unit: Unit;
  stopped: boolean;
}

/**
 * Live logs of a running cluster's node (cluster.followLogs: journalctl -f over SSH) in the same
 * log pane as the deployment, with Stop (cluster.stopLogs). A follow is stopped when the view closes.
 */
export function NodeLogs({ cluster }: { cluster: ClusterSummary }) {
  const nodes = nodeNames(cluster);
  const [node, setNode] = useState(nodes[0] ?? 'cp-0');
  const [unit, setUnit] = useState<Unit>('kubelet');
  const [follow, setFollow] = useState<Follow | null>(null);
  const [busy, setBusy] = useState('');
  const [error, setError] = useState<IpcError | null>(null);
  const current = useRef<Follow | null>(null);
  useEffect(() => {
    current.current = follow;
  }, [follow]);

  const stop = async (f: Follow | null = current.current) => {
    if (!f || f.stopped) return;
    setBusy('Stopping');
    const r = await invoke('cluster.stopLogs', { followId: f.followId });
    setBusy('');
    if (!r.ok) setError(r.error);
    setFollow((prev) => (prev && prev.followId === f.followId ? { ...prev, stopped: true } : prev));
  };

  const start = async () => {
    setError(null);
    await stop();
    setBusy('Connecting over SSH');
    routeFollow(cluster.name, node, true, true);
    const r = await invoke('cluster.followLogs', { name: cluster.name, node, unit: unit === 'journal' ? null : unit });
    setBusy('');
    if (!r.ok) {
      routeFollow(cluster.name, node, false);
      return setError(r.error);
    }
    setFollow({ followId: r.value.followId, node, unit, stopped: false });
  };

  // Leaving the view ends the follow (the remote journalctl and its SSH connection).
  useEffect(
    () => () => {
      const f = current.current;
      if (f && !f.stopped) void invoke('cluster.stopLogs', { followId: f.followId });
    },
    [],
  );

  const unitLabel = (u: Unit) => (u === 'journal' ? 'whole journal' : u);
  return (
    <div className="node-logs" data-testid={`node-logs-${cluster.name}`}>
      <h3>Live node logs</h3>
      <div className="row" style={{ alignItems: 'flex-end' }}>
        <label className="field">
          <span>Node</span>
          <select value={node} onChange={(e) => setNode(e.target.value)}>
            {nodes.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="field unit-choice">
          <legend>Logs of</legend>
          <div className="row" role="radiogroup" aria-label="Logs of">
            {UNITS.map((u) => (
              <label key={u.id} className="inline-check">
                <input type="radio" name={`unit-${cluster.name}`} checked={unit === u.id} onChange={() => setUnit(u.id)} /> {u.label}
              </label>
            ))}
          </div>
        </fieldset>
        <button type="button" className="primary" onClick={() => void start()} disabled={!!busy} style={{ marginBottom: '0.8rem' }}>
          Follow logs
        </button>
        {follow && !follow.stopped && (
          <button type="button" onClick={() => void stop()} disabled={!!busy} style={{ marginBottom: '0.8rem' }}>
            Stop
          </button>
        )}
        {busy && <Spinner label={`${busy}…`} />}
      </div>
      <p className="help notice">Runs <code>journalctl --follow</code> on the node over SSH (only the host key the node printed on its serial console, pinned before the first connection, is accepted); lines arrive as they are written.</p>
      {error && <ErrorCard error={error} title="The node's logs could not be followed" />}
      {follow && (
        <>
          <p role="status" data-testid="follow-status">
            {follow.stopped ? `Stopped following ${unitLabel(follow.unit)} on ${follow.node}.` : `Following ${unitLabel(follow.unit)} on ${follow.node} live.`}
          </p>
          <LogPane key={follow.followId} stream={liveStream(cluster.name, follow.node)} title={`${follow.node} · ${unitLabel(follow.unit)} (live)`} />
        </>
      )}
    </div>
  );
}
