import { useEffect, useRef, useState } from 'react';
import type { OperationPreview } from '../../../../shared/ipc/channels/cluster';
import type { IpcError, IpcResult } from '../../../../shared/ipc/result';
import { useDeploy } from '../../store/deploy-store';
import { clearLogs } from '../../store/logs-store';

/**
 * The three phases an operation on a cluster's page goes through (Change, Upgrade): the user's
 * choice, the plan for review, then the live view. One place for what both do around the calls:
 * the busy label, the error card's title, the phase's heading taking focus (so keyboard and screen
 * reader users land on what changed) and, before the start, a fresh live view for this cluster.
 */
export function usePlannedOperation<First extends string>(cluster: string, first: First) {
  const [phase, setPhase] = useState<First | 'review' | 'apply'>(first);
  const [preview, setPreview] = useState<OperationPreview | null>(null);
  const [busy, setBusy] = useState('');
  const [error, setError] = useState<{ title: string; error: IpcError } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [phase]);

  /** Asks for the plan; on success shows it for review. */
  const plan = async (call: () => Promise<IpcResult<OperationPreview>>, failTitle: string) => {
    setBusy('Planning');
    setError(null);
    const r = await call();
    setBusy('');
    if (!r.ok) return setError({ title: failTitle, error: r.error });
    setPreview(r.value);
    setPhase('review');
  };
  /** Starts the operation; on success follows it live. */
  const start = async (call: () => Promise<IpcResult<unknown>>, failTitle: string) => {
    setBusy('Starting');
    setError(null);
    clearLogs();
    useDeploy.getState().reset(cluster);
    const r = await call();
    setBusy('');
    if (!r.ok) return setError({ title: failTitle, error: r.error });
    setPhase('apply');
  };
  return { phase, setPhase, preview, busy, error, heading, plan, start };
}
