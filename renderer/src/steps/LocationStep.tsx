import { useEffect, useMemo, useState } from 'react';
import type { IpcError } from '../../../shared/ipc/result';
import { ErrorCard, Skeleton } from '../components/Feedback';
import { WorldMap } from '../components/WorldMap';
import { draftSizes } from '../lib/draft';
import { loadWorldGeometry, prefetchWorldGeometry, worldGeometryNow, type WorldGeometry } from '../map/world-geometry';
import { describeRegion, filterRegions, geographyGroups, mappable } from '../lib/regions';
import { useLoad } from '../lib/use-load';
import { sizeProblem, sizesKey, useAzureCache } from '../store/azure-cache';
import { useSession } from '../store/session-store';
import { useWizard } from '../store/wizard-store';

const SANDBOX_REGION = 'westeurope';

/** Fetched when the step before this one is shown (StepBody): the map's data and drawing. */
export const prefetchLocation = prefetchWorldGeometry;

/** The world map's geometry: at once if drawn before, else fetched (an error offers a retry). */
function useWorldGeometry(): { geometry: WorldGeometry | undefined; error: IpcError | null; retry(): void } {
  const [geometry, setGeometry] = useState(worldGeometryNow);
  const [error, setError] = useState<IpcError | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (geometry) return;
    let live = true;
    loadWorldGeometry().then(
      (g) => live && setGeometry(g),
      (e: unknown) => live && setError({ code: 'RENDERER_MAP_LOAD_FAILED', message: `The world map could not be loaded: ${e instanceof Error ? e.message : String(e)}`, hint: 'Retry; the region list works without it.' }),
    );
    return () => {
      live = false;
    };
  }, [geometry, attempt]);
  return {
    geometry,
    error,
    retry: () => {
      setError(null);
      setAttempt((n) => n + 1);
    },
  };
}

export function LocationStep() {
  const draft = useWizard((s) => s.draft);
  const update = useWizard((s) => s.update);
  const subscriptionId = draft.subscriptionId ?? '';
  const locations = useLoad('azure.locations', subscriptionId ? { subscriptionId } : null);
  const [query, setQuery] = useState('');
  const [group, setGroup] = useState('');
  const sizes = useAzureCache((s) => s.sizes);
  const map = useWorldGeometry();

  const all = useMemo(() => locations.data ?? [], [locations.data]);
  const regions = useMemo(() => mappable(all), [all]);
  const byName = useMemo(() => new Map(all.map((l) => [l.name, l])), [all]);
  const listed = useMemo(() => filterRegions(regions, query, group), [regions, query, group]);
  const visible = useMemo(() => new Set(listed.map((l) => l.name)), [listed]);
  const groups = useMemo(() => geographyGroups(all), [all]);
  const { controlPlane, nodePools } = draft;
  const unavailable = useMemo(() => {
    const m = new Map<string, string>();
    const chosen = draftSizes({ controlPlane, nodePools });
    for (const l of all) {
      const p = sizeProblem(sizes[sizesKey(l.name, draft.architecture ?? 'x64', draft.image.generation ?? 2)], chosen);
      if (p) m.set(l.name, p);
    }
    return m;
  }, [all, sizes, controlPlane, nodePools, draft.architecture, draft.image.generation]);

  const select = (name: string) => update({ location: name });
  // One obvious choice and none chosen: pick it. That is a lone region, or in the sandbox (where
  // every region behaves alike) West Europe, the region of the examples and docs.
  const sandbox = useSession((s) => s.sandbox);
  useEffect(() => {
    if (draft.location || regions.length === 0) return;
    const obvious = regions.length === 1 ? regions[0] : sandbox ? regions.find((l) => l.name === SANDBOX_REGION) : undefined;
    if (obvious) update({ location: obvious.name });
  }, [regions, sandbox, draft.location, update]);
  const selected = draft.location ?? '';
  const selectedInfo = byName.get(selected);

  if (!subscriptionId) {
    return <p className="notice">Pick a subscription first: regions are listed for it.</p>;
  }
  return (
    <div className="location-step">
      {locations.error && <ErrorCard error={locations.error} title="Could not list the regions" onRetry={locations.reload} />}
      <div className="location-layout">
        <div className="map-column">
          {map.error && <ErrorCard error={map.error} title="Could not draw the world map" onRetry={map.retry} />}
          {(locations.loading && !locations.data) || !map.geometry ? (
            !map.error && <div className="map-skeleton" data-testid="skeleton" role="status" aria-label={locations.loading && !locations.data ? 'Loading regions' : 'Loading the world map'} />
          ) : (
            <WorldMap geometry={map.geometry} regions={regions} visible={visible} selected={selected} unavailable={unavailable} byName={byName} onSelect={select} />
          )}
          <p className="selection" aria-live="polite" data-testid="selected-region">
            {selectedInfo ? (
              <>
                Selected: <strong>{selectedInfo.displayName}</strong> <code>{selectedInfo.name}</code> — {describeRegion(selectedInfo, byName).split(' — ')[1] ?? ''}
              </>
            ) : (
              'No region selected yet: click a marker or pick one from the list.'
            )}
          </p>
          <p className="legend">
            <span className="legend-dot" /> region <span className="legend-dot selected" /> selected <span className="legend-dot unavailable" /> chosen sizes unavailable (when known)
          </p>
        </div>
        <div className="region-list-column">
          <label className="field">
            <span>Search regions</span>
            <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="e.g. Europe, Tokyo, westeurope" />
          </label>
          <label className="field">
            <span>Geography</span>
            <select value={group} onChange={(e) => setGroup(e.target.value)}>
              <option value="">All geographies</option>
              {groups.map((g) => (
                <option key={g} value={g}>
                  {g}
                </option>
              ))}
            </select>
          </label>
          {locations.loading && !locations.data ? (
            <Skeleton rows={8} label="Loading regions" />
          ) : (
            <div className="region-list" role="radiogroup" aria-label="Azure regions" data-testid="region-list">
              {listed.map((l) => {
                const bad = unavailable.get(l.name);
                return (
                  <label key={l.name} className={`region-row${l.name === selected ? ' selected' : ''}${bad ? ' unavailable' : ''}`}>
                    <input type="radio" name="region" value={l.name} checked={l.name === selected} onChange={() => select(l.name)} aria-label={l.displayName} aria-describedby={`region-meta-${l.name}`} />
                    <span className="region-name">{l.displayName}</span>
                    <span className="region-meta" id={`region-meta-${l.name}`}>
                      {l.physicalLocation ?? l.geography ?? ''}
                      {bad ? ` · unavailable: ${bad}` : ''}
                    </span>
                  </label>
                );
              })}
              {listed.length === 0 && <p className="notice">No region matches.</p>}
            </div>
          )}
          <p className="count" data-testid="region-count">
            {listed.length} of {regions.length} regions
          </p>
        </div>
      </div>
    </div>
  );
}
