import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Exercise, ResetProgress } from '../../../shared/ipc/channels/classroom';
import { invoke, subscribe } from '../lib/ipc';
import { useDeploy } from '../store/deploy-store';
import { useSession } from '../store/session-store';
import { useWizard } from '../store/wizard-store';

/** What a reset said, in one line. */
function progressLine(p: ResetProgress): string {
  const at = `${p.index} of ${p.total}`;
  if (p.state === 'destroying') return `Tearing down ${p.cluster} (${at})…`;
  if (p.state === 'failed') return `${p.cluster} (${at}) could not be torn down: ${p.error ?? 'unknown error'}`;
  return `${p.cluster} (${at}) is gone${p.leftovers?.length ? `; still tagged for it: ${p.leftovers.join(', ')}` : ''}.`;
}

/**
 * The trainer's exercises, only while the session is the sandbox (the backend refuses them
 * otherwise): "Break something" arms one of the sandbox's faults for the cluster being built, and
 * "Reset classroom" tears down every sandbox cluster and starts a fresh draft with a new name.
 * A menu button (WAI-ARIA menu button pattern: arrows move, Escape closes).
 */
export function ClassroomMenu() {
  const sandbox = useSession((s) => s.sandbox && s.status !== null);
  const target = useWizard((s) => s.deployment ?? s.draft.name ?? undefined);
  const [exercises, setExercises] = useState<Exercise[] | null>(null);
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const items = useRef<(HTMLButtonElement | null)[]>([]);
  const trigger = useRef<HTMLButtonElement | null>(null);
  // Progress events come in batches and may land after the reset's answer: only shown meanwhile.
  const resetting = useRef(false);

  useEffect(() => {
    if (!sandbox) return;
    void invoke('sandbox.exercises', undefined).then((r) => setExercises(r.ok ? r.value : null));
    return subscribe('sandbox.resetProgress', (batch) => {
      const last = batch.at(-1);
      if (last && resetting.current) setMessage(progressLine(last));
    });
  }, [sandbox]);
  useEffect(() => {
    if (open) items.current[0]?.focus();
  }, [open]);
  if (!sandbox || !exercises) return null;

  const close = () => {
    setOpen(false);
    trigger.current?.focus();
  };
  const onMenuKey = (e: KeyboardEvent) => {
    const list = items.current.filter((b): b is HTMLButtonElement => b !== null);
    const i = list.indexOf(document.activeElement as HTMLButtonElement);
    const go = (n: number) => list[(n + list.length) % list.length]?.focus();
    if (e.key === 'ArrowDown') go(i + 1);
    else if (e.key === 'ArrowUp') go(i - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(list.length - 1);
    else if (e.key === 'Escape') close();
    else return;
    e.preventDefault();
  };
  const arm = async (x: Exercise) => {
    close();
    const r = await invoke('sandbox.breakSomething', { exercise: x.id, ...(target ? { cluster: target } : {}) });
    setMessage(r.ok ? `Armed "${x.title}"${target ? ` for ${target}` : ''}. ${x.expect}` : `Could not arm "${x.title}": ${r.error.message}`);
  };
  const reset = async () => {
    setConfirming(false);
    setBusy(true);
    setMessage('Resetting the classroom…');
    resetting.current = true;
    const r = await invoke('sandbox.resetClassroom', undefined);
    resetting.current = false;
    setBusy(false);
    if (!r.ok) return setMessage(`Reset failed: ${r.error.message}`);
    const { destroyed, failed, leftovers, freshName } = r.value;
    const wizard = useWizard.getState();
    wizard.reset();
    wizard.update({ name: freshName, resourceGroup: { name: `flatkube-${freshName}`, create: true } });
    wizard.setDeployment(null);
    wizard.setView('wizard');
    useDeploy.getState().reset(null);
    const left = Object.entries(leftovers).map(([c, ids]) => `${c}: ${ids.length} left`);
    setMessage(
      [`Classroom reset: ${destroyed.length} cluster${destroyed.length === 1 ? '' : 's'} torn down.`, failed.length ? `Not torn down: ${failed.map((f) => `${f.cluster} (${f.error})`).join('; ')}.` : '', left.length ? `Leftovers: ${left.join('; ')}.` : '', `A fresh draft is named ${freshName}.`]
        .filter(Boolean)
        .join(' '),
    );
  };

  return (
    <span className="classroom-menu" data-testid="classroom">
      <button ref={trigger} type="button" aria-haspopup="menu" aria-expanded={open} aria-controls="break-menu" onClick={() => setOpen(!open)} disabled={busy}>
        Break something
      </button>
      {open && (
        <div id="break-menu" role="menu" aria-label="Break something" onKeyDown={onMenuKey}>
          {exercises.map((x, i) => (
            <button key={x.id} ref={(el) => void (items.current[i] = el)} type="button" role="menuitem" tabIndex={-1} title={x.expect} onClick={() => void arm(x)}>
              {x.title}
            </button>
          ))}
        </div>
      )}
      {confirming ? (
        <>
          <button type="button" className="danger" onClick={() => void reset()}>
            Tear down every sandbox cluster
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Keep them
          </button>
        </>
      ) : (
        <button type="button" onClick={() => setConfirming(true)} disabled={busy}>
          Reset classroom
        </button>
      )}
      <span className="classroom-status" role="status" aria-live="polite">
        {message}
      </span>
    </span>
  );
}
