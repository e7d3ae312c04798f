import { useState } from 'react';
import { validateClusterSpec } from '../../../shared/domain/cluster-spec';
import type { SizesResult } from '../../../shared/ipc/channels/azure';
import type { ClusterExports } from '../../../shared/ipc/channels/cluster';
import type { IpcError } from '../../../shared/ipc/result';
import { ErrorCard, Skeleton, Spinner } from '../components/Feedback';
import { FirstRunChecklist } from '../components/FirstRunChecklist';
import { TabList, TabPanel } from '../components/Tabs';
import { clusterCost, money } from '../lib/cost';
import { invoke } from '../lib/ipc';
import { fieldLabel, fieldSelector, plainMessage, stepOfPath } from '../lib/step-checks';
import { focusWhenShown } from '../lib/use-step-checks';
import { useLoad } from '../lib/use-load';
import { sizesKey, useAzureCache } from '../store/azure-cache';
import { useDeploy } from '../store/deploy-store';
import { clearLogs } from '../store/logs-store';
import { useWizard } from '../store/wizard-store';
import { STEPS } from './steps';

function Exports({ data }: { data: ClusterExports }) {
  const files: [string, string][] = [
    ['az script', data.azScript],
    ...Object.entries(data.kubeadm).map(([k, v]) => [`kubeadm ${k}`, v] as [string, string]),
    ...Object.entries(data.ignition).map(([k, v]) => [`Ignition ${k}`, v] as [string, string]),
  ];
  const [tab, setTab] = useState(0);
  const [copied, setCopied] = useState('');
  const current = files[tab] ?? files[0];
  if (!current) return null;
  const save = () => {
    const url = URL.createObjectURL(new Blob([current[1]], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = current[0].replace(/\s+/g, '-');
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <div data-testid="exports">
      <TabList label="Exports" idBase="exports" tabs={files.map(([name], i) => ({ id: String(i), label: name }))} selected={String(tab)} onSelect={(id) => setTab(Number(id))} />
      <TabPanel idBase="exports" selected={String(tab)}>
        <div className="row">
          <button
            type="button"
            onClick={() =>
              void navigator.clipboard?.writeText(current[1]).then(
                () => setCopied('Copied'),
                () => setCopied('Copy failed: select the text instead'),
              )
            }
          >
            Copy
          </button>
          <button type="button" onClick={save}>
            Save…
          </button>
          <span role="status">{copied}</span>
        </div>
        <pre tabIndex={0} aria-label={current[0]}>
          {current[1]}
        </pre>
      </TabPanel>
    </div>
  );
}

/** "Fix:" goes to the field's step and focuses the field (after the step has rendered it). */
function FixLink({ path, children }: { path: string; children: React.ReactNode }) {
  const goTo = useWizard((s) => s.goTo);
  const step = stepOfPath(path);
  const go = () => {
    goTo(step);
    requestAnimationFrame(() => focusWhenShown(fieldSelector(path), () => null));
  };
  return (
    <button type="button" className="link" onClick={go} data-fix={path} aria-label={`Fix: ${fieldLabel(path)} on the ${STEPS.find((s) => s.id === step)!.title} step`}>
      {children}
    </button>
  );
}

export function ReviewStep() {
  const draft = useWizard((s) => s.draft);
  const setDeployment = useWizard((s) => s.setDeployment);
  const update = useWizard((s) => s.update);
  const goTo = useWizard((s) => s.goTo);
  const v = validateClusterSpec(draft);
  const preflight = useLoad('azure.preflight', v.ok ? { spec: draft } : null);
  const exportsLoad = useLoad('cluster.exports', v.ok ? { spec: draft } : null);
  const sizesCached: SizesResult | undefined = useAzureCache((s) => s.sizes[sizesKey(draft.location ?? '', draft.architecture ?? 'x64', draft.image.generation ?? 2)]);
  const sizesLoad = useLoad(
    'azure.sizes',
    !sizesCached && draft.subscriptionId && draft.location
      ? { subscriptionId: draft.subscriptionId, location: draft.location, architecture: draft.architecture ?? 'x64', generation: draft.image.generation ?? 2 }
      : null,
  );
  const sizes = sizesCached ?? sizesLoad.data;
  const cost = sizes ? clusterCost(sizes.sizes, draft.controlPlane, draft.nodePools) : null;
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<IpcError | null>(null);
  const blocking = preflight.data?.findings.filter((f) => f.severity === 'error') ?? [];
  const canCreate = v.ok && !!preflight.data?.ok && blocking.length === 0 && !creating;
  const why = !v.ok
    ? 'Fix the fields listed above first.'
    : preflight.loading
      ? 'Waiting for the preflight checks.'
      : !preflight.data
        ? 'The preflight checks must pass first.'
        : blocking.length > 0
          ? 'A preflight finding blocks creation: see its fix above.'
          : '';

  const create = async () => {
    setCreating(true);
    setCreateError(null);
    clearLogs();
    const r = await invoke('cluster.create', { spec: draft });
    setCreating(false);
    if (!r.ok) return setCreateError(r.error);
    useDeploy.getState().reset(r.value.name);
    setDeployment(r.value.name);
    goTo('deploy');
  };

  return (
    <div className="review-step">
      <div className="card">
        <h2>Summary</h2>
        <dl className="summary-grid" data-testid="summary">
          <dt>Cluster</dt>
          <dd>{draft.name}</dd>
          <dt>Subscription</dt>
          <dd>{draft.subscriptionId || '—'}</dd>
          <dt>Resource group</dt>
          <dd>
            {draft.resourceGroup.name} ({draft.resourceGroup.create ? 'new' : 'existing'})
          </dd>
          <dt>Region</dt>
          <dd>{draft.location || '—'}</dd>
          <dt>Image</dt>
          <dd>
            {draft.image.offer} · {draft.image.channel} · Gen{draft.image.generation} · {draft.architecture}
          </dd>
          <dt>Nodes</dt>
          <dd>
            {draft.controlPlane.count} control plane{draft.controlPlane.count === 1 ? '' : 's'} ({draft.controlPlane.size})
            {draft.nodePools.map((p) => ` + ${p.count} ${p.name === 'workers' ? `worker${p.count === 1 ? '' : 's'}` : `in pool ${p.name}`} (${p.size})`).join('')}
          </dd>
          <dt>Kubernetes</dt>
          <dd>
            {draft.kubernetesVersion} with {draft.cni}
          </dd>
          <dt>Flatcar updates</dt>
          <dd data-testid="review-updates">{(draft.updates?.reboots ?? 'kured') === 'kured' ? 'Kured reboots one node at a time, draining it first' : 'downloaded; no automatic reboots'}</dd>
          <dt>Access from</dt>
          <dd>{draft.allowedSourceIp || '—'}</dd>
        </dl>
        {!v.ok && (
          <ul className="field-error" data-testid="spec-issues">
            {v.issues.map((i) => (
              <li key={`${i.path}:${i.message}`}>
                {fieldLabel(i.path, draft.nodePools)}: {plainMessage(i.path, i.message)}. <FixLink path={i.path}>Fix: {fieldLabel(i.path, draft.nodePools)}</FixLink>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="card" data-testid="cost">
        <h2>Cost</h2>
        {cost ? (
          <>
            <p>
              <span className="cost">{money(cost.perHour, cost.currency, 3)} per hour</span> · about {money(cost.perMonth, cost.currency)} per month (730 h), compute only
            </p>
            {cost.unknown.length > 0 && <p className="notice">No price known for {cost.unknown.join(', ')}: left out of the total.</p>}
          </>
        ) : sizesLoad.loading ? (
          <Spinner label="Fetching prices…" />
        ) : (
          <p className="notice">Prices unknown until the Sizes step has loaded sizes for this region.</p>
        )}
      </div>
      <div className="card" data-testid="preflight">
        <h2>Preflight checks</h2>
        {preflight.loading && <Skeleton rows={3} label="Running preflight checks" />}
        {preflight.error && <ErrorCard error={preflight.error} title="Preflight checks could not run" onRetry={preflight.reload} />}
        {preflight.data?.checklist && <FirstRunChecklist items={preflight.data.checklist} onRecheck={preflight.reload} />}
        {preflight.data?.findings.length === 0 && <p className="badge ok">All checks passed</p>}
        {preflight.data?.findings.map((f) => (
          <div key={`${f.code}:${f.path ?? ''}`} className={`finding ${f.severity}`} data-severity={f.severity}>
            <strong>{f.severity === 'error' ? 'Blocks creation' : f.severity === 'warning' ? 'Warning' : 'Note'}:</strong> {f.message}
            <div>
              {f.path ? <FixLink path={f.path}>Fix:</FixLink> : <span className="label">Fix:</span>} {f.fix}
            </div>
            {f.code === 'RESOURCE_GROUP_EXISTS' && (
              // The two ways out, one click each: the group is never taken over silently.
              <div className="row" data-testid="rg-exists-actions">
                <button type="button" onClick={() => update({ resourceGroup: { ...draft.resourceGroup, create: false } })}>
                  Use the existing group
                </button>
                <button type="button" onClick={() => goTo('subscription')}>
                  Choose another name
                </button>
              </div>
            )}
          </div>
        ))}
      </div>
      <div className="card">
        <h2>Exports</h2>
        {exportsLoad.loading && <Skeleton rows={3} label="Rendering exports" />}
        {exportsLoad.error && <ErrorCard error={exportsLoad.error} title="Could not render the exports" onRetry={exportsLoad.reload} />}
        {exportsLoad.data && <Exports data={exportsLoad.data} />}
      </div>
      {createError && <ErrorCard error={createError} title="The cluster could not be started" />}
      <div className="row">
        <button type="button" className="primary" onClick={() => void create()} disabled={!canCreate} aria-describedby="create-why">
          Create cluster
        </button>
        {creating && <Spinner label="Starting…" />}
        <span id="create-why" className="notice">
          {why}
        </span>
      </div>
    </div>
  );
}
