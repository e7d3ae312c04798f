import { useEffect, useMemo, useState } from 'react';
import { validateClusterSpec } from '../../../shared/domain/cluster-spec';
import { ErrorCard, FieldError, Skeleton } from '../components/Feedback';
import { issuesByPath } from '../lib/draft';
import { useLoad } from '../lib/use-load';
import { useSession } from '../store/session-store';
import { useWizard } from '../store/wizard-store';

export function SubscriptionStep() {
  const draft = useWizard((s) => s.draft);
  const update = useWizard((s) => s.update);
  const subs = useLoad('azure.subscriptions', undefined);
  const [query, setQuery] = useState('');
  const list = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (subs.data?.subscriptions ?? []).filter((s) => !q || s.displayName.toLowerCase().includes(q) || s.subscriptionId.includes(q));
  }, [subs.data, query]);
  // One obvious choice and none chosen: pick it. That is a lone subscription, or in the sandbox
  // its own default one (listed first; nothing there is billed, so any would do).
  const sandbox = useSession((s) => s.sandbox);
  useEffect(() => {
    const all = subs.data?.subscriptions ?? [];
    if ((all.length === 1 || (sandbox && all.length > 0)) && !draft.subscriptionId) update({ subscriptionId: all[0]!.subscriptionId });
  }, [subs.data, draft.subscriptionId, update, sandbox]);
  const v = validateClusterSpec(draft);
  const issues = issuesByPath(v.ok ? [] : v.issues);
  return (
    <div className="subscription-step">
      <div className="card">
        <h2>Subscription</h2>
        {subs.error && <ErrorCard error={subs.error} title="Could not list your subscriptions" onRetry={subs.reload} />}
        <label className="field">
          <span>Search subscriptions</span>
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="name or id" />
        </label>
        {subs.loading && !subs.data ? (
          <Skeleton rows={3} label="Loading subscriptions" />
        ) : (
          <div role="radiogroup" aria-label="Subscriptions" data-testid="subscription-list">
            {list.map((s) => (
              <label key={s.subscriptionId} className={`choice${s.subscriptionId === draft.subscriptionId ? ' selected' : ''}`}>
                <input type="radio" name="sub" aria-label={s.displayName} checked={s.subscriptionId === draft.subscriptionId} onChange={() => update({ subscriptionId: s.subscriptionId })} />
                <span>
                  <strong>{s.displayName}</strong>
                  <small>
                    {s.subscriptionId} · {s.state} · {s.accountName}
                  </small>
                </span>
              </label>
            ))}
            {subs.data && list.length === 0 && <p className="notice">No subscription matches.</p>}
          </div>
        )}
        {subs.data?.skippedTenants.map((t) => (
          <p key={t.tenantId} className="notice">
            Tenant {t.tenantId} ({t.accountName}) was skipped: {t.reason}
          </p>
        ))}
        <FieldError id="sub-error" messages={draft.subscriptionId ? issues.get('subscriptionId') : undefined} />
      </div>
      <div className="card">
        <h2>Resource group</h2>
        <div role="radiogroup" aria-label="Resource group" className="row">
          <label className="inline-check">
            <input type="radio" name="rg" checked={draft.resourceGroup.create} onChange={() => update({ resourceGroup: { ...draft.resourceGroup, create: true } })} /> Create a new one
          </label>
          <label className="inline-check">
            <input type="radio" name="rg" checked={!draft.resourceGroup.create} onChange={() => update({ resourceGroup: { ...draft.resourceGroup, create: false } })} /> Use an existing one
          </label>
        </div>
        <label className="field" style={{ marginTop: '0.6rem' }}>
          <span>Resource group name</span>
          <input
            value={draft.resourceGroup.name}
            onChange={(e) => update({ resourceGroup: { ...draft.resourceGroup, name: e.target.value } })}
            aria-invalid={issues.has('resourceGroup.name')}
            aria-describedby="rg-error"
          />
          <span className="help">
            {draft.resourceGroup.create
              ? 'A new group, created in the region you pick next; teardown deletes it. A name that already exists is refused.'
              : 'Must already exist in this subscription. Flatkube adds its tags beside the group\'s own and teardown deletes only what Flatkube created; the group stays.'}
          </span>
        </label>
        <FieldError id="rg-error" messages={issues.get('resourceGroup.name')} />
      </div>
    </div>
  );
}
