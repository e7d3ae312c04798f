import { useEffect, useRef, useState } from 'react';
import type { IpcError } from '../../../shared/ipc/result';
import { ErrorCard, FieldError, Spinner } from '../components/Feedback';
import { invoke } from '../lib/ipc';
import { isPrivateKeyText, PRIVATE_KEY_CLEARED } from '../lib/ssh-key-input';
import { useSession } from '../store/session-store';
import { useWizard } from '../store/wizard-store';

const CLUSTER_NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;

/**
 * The SSH key for the nodes' `core` user: paste or import a public key, or let main generate a
 * pair (the default in the sandbox). A generated private key stays in main's data folder; only its
 * path comes here. A private key pasted or imported is cleared at once.
 */
export function SshKeyCard({ issues }: { issues: string[] | undefined }) {
  const draft = useWizard((s) => s.draft);
  const update = useWizard((s) => s.update);
  const generated = useWizard((s) => s.generatedKey);
  const setGeneratedKey = useWizard((s) => s.setGeneratedKey);
  const sandbox = useSession((s) => s.sandbox);
  const [keyCleared, setKeyCleared] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const publicKey = draft.ssh.publicKey;

  const setPublicKey = (text: string) => {
    const isPrivate = isPrivateKeyText(text);
    setKeyCleared(isPrivate);
    update({ ssh: { ...draft.ssh, publicKey: isPrivate ? '' : text } });
  };
  const importKey = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (file) setPublicKey((await file.text()).trim());
  };
  /** `auto`: the sandbox's default run, which never replaces a key the user entered meanwhile. */
  const generate = async (auto = false) => {
    setBusy(true);
    setError(null);
    const name = draft.name ?? '';
    const r = await invoke('cluster.generateSshKey', CLUSTER_NAME.test(name) ? { cluster: name } : {});
    setBusy(false);
    if (!r.ok) return setError(r.error);
    const current = useWizard.getState().draft.ssh;
    if (auto && current.publicKey) return;
    setGeneratedKey(r.value);
    setKeyCleared(false);
    useWizard.getState().update({ ssh: { ...current, publicKey: r.value.publicKey } });
  };
  const [saved, setSaved] = useState('');
  // The one explicit download: the app saves through its dialog in main; browser mode gets a
  // one-time link that the browser downloads, so the key is never a value in this page.
  const download = async (keyId: string) => {
    setError(null);
    const r = await invoke('cluster.downloadSshKey', { keyId });
    if (!r.ok) return setError(r.error);
    if (r.value.savedTo) return setSaved(`Saved to ${r.value.savedTo}`);
    if (!r.value.downloadUrl) return setSaved('');
    const a = document.createElement('a');
    a.href = r.value.downloadUrl;
    a.download = r.value.fileName;
    a.click();
    setSaved(`Downloaded as ${r.value.fileName}`);
  };
  // In the sandbox a generated key is the default: made once when the step shows with no key.
  const auto = useRef(false);
  useEffect(() => {
    if (!sandbox || publicKey || auto.current) return;
    auto.current = true;
    void generate(true);
    // Only on arrival: a key the user clears later stays cleared.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sandbox]);

  const isGenerated = !!generated && generated.publicKey === publicKey;
  return (
    <div className="card" data-testid="ssh-key">
      <h2>SSH key</h2>
      <label className="field">
        <span>Public key (user core)</span>
        <textarea rows={3} value={publicKey} onChange={(e) => setPublicKey(e.target.value)} placeholder="ssh-ed25519 AAAA… you@laptop" aria-invalid={keyCleared || !!issues} aria-describedby="err-ssh.publicKey" />
        <span className="help">Paste your ~/.ssh/id_ed25519.pub, import the file, or let Flatkube make a key pair. Flatkube also keeps its own key per cluster for the live logs.</span>
      </label>
      <FieldError id="err-ssh.publicKey" messages={keyCleared ? [PRIVATE_KEY_CLEARED] : issues} />
      <div className="row">
        <button type="button" onClick={() => void generate()} disabled={busy}>
          Generate a key for me
        </button>
        <label className="field">
          <span>Import a .pub file</span>
          <input type="file" accept=".pub,text/plain" onChange={(e) => void importKey(e.target)} />
        </label>
      </div>
      {busy && <Spinner label="Making a key pair…" />}
      {error && <ErrorCard error={error} title="Could not make a key pair" onRetry={() => void generate()} />}
      {isGenerated && (
        <p className="help" data-testid="generated-key">
          Flatkube made this key ({generated.fingerprint}). Its private key is saved, readable only by you, at <code>{generated.privateKeyPath}</code>: keep it, and connect with{' '}
          <code>ssh -i {generated.privateKeyPath} core@NODE_IP</code>.{' '}
          <button type="button" onClick={() => void download(generated.keyId)}>
            Download the private key
          </button>{' '}
          <span role="status">{saved}</span>
        </p>
      )}
    </div>
  );
}
