import { useEffect, useState } from 'react';
import type { DeviceCodePrompt } from '../../../shared/ipc/channels/auth';
import { ErrorCard, Spinner } from '../components/Feedback';
import { hasChannel, subscribe } from '../lib/ipc';
import { useSession } from '../store/session-store';

export function SignInStep() {
  const { status, loading, error, sandbox, chooseSandbox, chooseAzure, signIn, signOut } = useSession();
  const [prompt, setPrompt] = useState<DeviceCodePrompt | null>(null);
  useEffect(() => subscribe<DeviceCodePrompt>('auth.deviceCode', (b) => setPrompt(b.at(-1) ?? null)), []);
  const available = hasChannel('auth.status');
  return (
    <div className="sign-in-step">
      {!available && (
        <p className="notice" data-testid="auth-missing">
          Sign-in is not available in this build yet; the wizard uses the built-in sandbox (simulated Azure, nothing is billed).
        </p>
      )}
      <div role="radiogroup" aria-label="Where to create the cluster">
        <label className={`choice${sandbox ? ' selected' : ''}`}>
          <input type="radio" name="env" checked={sandbox} onChange={() => void chooseSandbox()} disabled={!available || loading} />
          <span>
            <strong>Sandbox</strong> (recommended to start)
            <small>A simulated Azure inside Flatkube: the full flow, real logs, no account and no cost.</small>
          </span>
        </label>
        <label className={`choice${!sandbox ? ' selected' : ''}`}>
          <input type="radio" name="env" checked={!sandbox} onChange={() => void chooseAzure()} disabled={!available || loading || !!status?.azureUnavailableReason} />
          <span>
            <strong>Microsoft Azure</strong>
            <small>{status?.azureUnavailableReason ?? 'Your own subscription: VMs are created and billed.'}</small>
          </span>
        </label>
      </div>
      {loading && <Spinner label="Talking to the sign-in service…" />}
      {error && <ErrorCard error={error} title="Sign-in did not work" />}
      {status && (
        <div className="card" data-testid="auth-status">
          <h2>{status.environmentLabel}</h2>
          {status.accounts.length === 0 ? (
            <p className="notice">No account signed in.</p>
          ) : (
            <ul>
              {status.accounts.map((a) => (
                <li key={a.id}>
                  <strong>{a.name ?? a.username}</strong> ({a.username}) · tenant <code>{a.homeTenantId}</code>{' '}
                  <button type="button" onClick={() => void signOut(a.id)}>
                    Sign out
                  </button>
                </li>
              ))}
            </ul>
          )}
          {!sandbox && (
            <div className="row">
              <button type="button" className="primary" onClick={() => void signIn('browser')} disabled={loading}>
                Sign in with Microsoft
              </button>
              <button type="button" onClick={() => void signIn('deviceCode')} disabled={loading}>
                Sign in with a device code
              </button>
            </div>
          )}
          {!status.persistence.persistent && <p className="notice">Sign-ins will not survive a restart: {status.persistence.reason}</p>}
        </div>
      )}
      {prompt && (
        <div className="card" role="status">
          <h2>Device code</h2>
          <p>{prompt.message}</p>
          <p>
            Code: <code className="cost">{prompt.userCode}</code> at <code>{prompt.verificationUri}</code>
          </p>
        </div>
      )}
    </div>
  );
}
