import { useEffect, useState } from 'react';
import type { DeviceCodePrompt, SignInChoice, SignInMethod } from '../../../shared/ipc/channels/auth';
import { ErrorCard, Spinner } from '../components/Feedback';
import { subscribe } from '../lib/ipc';
import { useClaimPrimary } from '../store/primary-action-store';
import { useSession } from '../store/session-store';

const TITLES: Record<SignInMethod, string> = {
  sandbox: 'Sandbox',
  'azure-cli': 'Use my Azure CLI sign-in',
  msal: 'Microsoft sign-in (your app registration)',
};

/** Main's sentences quote commands in backticks: show those as code. */
function WithCode({ text }: { text: string }) {
  return (
    <>
      {text.split(/`([^`]+)`/).map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}
    </>
  );
}

/** Why a choice cannot be used here, what to run, and where to read how. */
function Unavailable({ choice }: { choice: SignInChoice }) {
  const named = choice.command && choice.detail.includes(`\`${choice.command}\``);
  return (
    <small data-testid={`choice-${choice.method}-why`}>
      <WithCode text={choice.detail} />
      {choice.command && (
        <>
          {' '}
          {named ? (
            'Run it in a terminal, then check again.'
          ) : (
            <>
              Run <code>{choice.command}</code> in a terminal, then check again.
            </>
          )}
        </>
      )}
      {choice.helpUrl && (
        <>
          {' '}
          <a href={choice.helpUrl} target="_blank" rel="noreferrer noopener">
            {choice.method === 'msal' ? 'How to register an app' : 'How to install the Azure CLI'}
          </a>
        </>
      )}
    </small>
  );
}

function AzureCliDetail({ choice }: { choice: SignInChoice }) {
  const a = choice.account;
  if (!a) return <small>{choice.detail}</small>;
  return (
    <small data-testid="choice-azure-cli-account">
      Signed in to the Azure CLI as <strong>{a.user}</strong> · tenant <code>{a.tenantId}</code>
      {a.subscriptionName && <> · default subscription {a.subscriptionName}</>}. No app registration needed; Flatkube asks az for a token when it needs one and stores none.
    </small>
  );
}

export function SignInStep() {
  const { status, loading, error, sandbox, method, choices, checkingChoices, loadChoices, chooseSandbox, chooseAzure, chooseAzureCli, signIn, signOut } = useSession();
  const [prompt, setPrompt] = useState<DeviceCodePrompt | null>(null);
  useEffect(() => subscribe('auth.deviceCode', (b) => setPrompt(b.at(-1) ?? null)), []);
  // Which sign-ins work on this machine: main runs `az account show` (never the renderer).
  useEffect(() => {
    void loadChoices();
  }, [loadChoices]);
  const choice = (m: SignInMethod) => choices?.find((c) => c.method === m);
  const cli = choice('azure-cli');
  const msal = choice('msal');
  // Before anyone is signed in with Microsoft, signing in is this screen's primary action, not Next.
  const signInFirst = method === 'msal' && !!status && status.accounts.length === 0;
  useClaimPrimary('sign-in', signInFirst);
  return (
    <div className="sign-in-step">
      <div role="radiogroup" aria-label="Where to create the cluster">
        <label className={`choice${sandbox ? ' selected' : ''}`}>
          <input type="radio" name="env" checked={sandbox} onChange={() => void chooseSandbox()} disabled={loading} />
          <span>
            <strong>Sandbox</strong> (recommended to start)
            <small>A simulated Azure inside Flatkube: the full flow, real logs, no account and no cost.</small>
          </span>
        </label>
        {choices ? (
          <>
            <label className={`choice${method === 'azure-cli' ? ' selected' : ''}${cli?.available ? '' : ' unavailable'}`}>
              <input type="radio" name="env" checked={method === 'azure-cli'} onChange={() => void chooseAzureCli()} disabled={loading || !cli?.available} />
              <span>
                <strong>{TITLES['azure-cli']}</strong> (real Azure, billed)
                {cli && (cli.available ? <AzureCliDetail choice={cli} /> : <Unavailable choice={cli} />)}
              </span>
            </label>
            <label className={`choice${method === 'msal' ? ' selected' : ''}${msal?.available ? '' : ' unavailable'}`}>
              <input type="radio" name="env" checked={method === 'msal'} onChange={() => void chooseAzure()} disabled={loading || !msal?.available} />
              <span>
                <strong>{TITLES.msal}</strong> (real Azure, billed)
                {msal && (msal.available ? <small>{msal.detail}</small> : <Unavailable choice={msal} />)}
              </span>
            </label>
          </>
        ) : (
          <label className={`choice${!sandbox ? ' selected' : ''}`}>
            <input type="radio" name="env" checked={!sandbox} onChange={() => void chooseAzure()} disabled={loading || !!status?.azureUnavailableReason} />
            <span>
              <strong>Microsoft Azure</strong>
              <small>{status?.azureUnavailableReason ?? 'Your own subscription: VMs are created and billed.'}</small>
            </span>
          </label>
        )}
      </div>
      <div className="row">
        <button type="button" onClick={() => void loadChoices()} disabled={checkingChoices}>
          Check again
        </button>
        {checkingChoices && <Spinner label="Looking for the Azure CLI and its sign-in…" />}
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
                    {method === 'azure-cli' ? 'Stop using it' : 'Sign out'}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {method === 'azure-cli' && (
            <p className="notice" data-testid="azure-cli-note">
              This is the Azure CLI&apos;s own sign-in: Flatkube keeps no token and writes nothing for it. To use another account or tenant, run{' '}
              <code>az login</code> (or <code>az login --tenant TENANT</code>) in a terminal, then check again.
            </p>
          )}
          {method === 'msal' && (
            <div className="row">
              <button type="button" className={signInFirst ? 'primary' : undefined} onClick={() => void signIn('browser')} disabled={loading}>
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
