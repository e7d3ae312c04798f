import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';
import type { LocationInfo } from '../../../shared/ipc/channels/azure';
import { arrowDirection, clusterPoints, fitView, nearestInDirection, spread, TARGET_PX, type MapTarget, type View } from '../lib/map-nav';
import { describeRegion, type MappedRegion } from '../lib/regions';

/** How far a cluster may zoom the map in (times the whole world). */
export const MAX_ZOOM = 16;
const DOT_PX = 6;
const SELECTED_DOT_PX = 8;

export interface InteractiveMapProps {
  regions: readonly MappedRegion[];
  /** Regions hidden by the geography filter: drawn faintly, not targets. */
  visible: ReadonlySet<string>;
  selected: string;
  unavailable: ReadonlyMap<string, string>;
  byName: ReadonlyMap<string, LocationInfo>;
  onSelect(name: string): void;
  /** Map units of a region (the projection); null when it cannot be drawn. */
  project(lonLat: [number, number]): [number, number] | null;
  world: { w: number; h: number };
  /** The map itself (sphere, land, borders), drawn under the markers. */
  children: ReactNode;
}

interface Placed extends MapTarget {
  /** Position in map units. */
  mx: number;
  my: number;
}

/**
 * The map's SVG with its markers as targets: regions closer than a target grouped into clusters at
 * the current zoom, one Tab stop for all of them (roving tabindex), arrow keys to the nearest
 * target in that direction, Home/End to the westernmost/easternmost, Enter/Space to select a
 * region or open a cluster (zoom in, or a list when its regions share one spot), Escape to close
 * the list or zoom out. Over it: the hovered or focused region's card; under it: the zoom buttons.
 */
export function InteractiveMap({ regions, visible, selected, unavailable, byName, onSelect, project, world, children }: InteractiveMapProps) {
  const box = useRef<HTMLDivElement>(null);
  const [pxWidth, setPxWidth] = useState(world.w);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setPxWidth(el.getBoundingClientRect().width || world.w);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [world.w]);

  const [views, setViews] = useState<View[]>([]);
  const view: View = views.at(-1) ?? { x: 0, y: 0, w: world.w, h: world.h };
  const scale = pxWidth / view.w;
  const positions = useMemo(() => {
    const m = new Map<string, [number, number]>();
    for (const r of regions) {
      const p = project([r.longitude, r.latitude]);
      if (p) m.set(r.name, p);
    }
    return m;
  }, [regions, project]);

  const targets: Placed[] = useMemo(() => {
    const inView = (p: [number, number]) => p[0] >= view.x && p[0] <= view.x + view.w && p[1] >= view.y && p[1] <= view.y + view.h;
    const points = regions.flatMap((r) => {
      const p = positions.get(r.name);
      return p && visible.has(r.name) && inView(p) ? [{ id: r.name, x: (p[0] - view.x) * scale, y: (p[1] - view.y) * scale }] : [];
    });
    return clusterPoints(points).map((t) => ({ ...t, mx: view.x + t.x / scale, my: view.y + t.y / scale }));
  }, [regions, positions, visible, view.x, view.y, view.w, view.h, scale]);
  const targetOf = useCallback((region: string | null) => (region ? targets.find((t) => t.members.includes(region)) : undefined), [targets]);

  const [active, setActive] = useState<string | null>(null);
  const [hover, setHover] = useState<string | null>(null);
  const [listFor, setListFor] = useState<string | null>(null);
  const focusNext = useRef<string | null>(null);
  const refs = useRef(new Map<string, SVGGElement>());
  const tabbable = targetOf(active) ?? targetOf(selected) ?? targets[0];

  // After a zoom the targets are new elements: focus moves to the one holding the region asked.
  useLayoutEffect(() => {
    const region = focusNext.current;
    if (!region) return;
    focusNext.current = null;
    const t = targetOf(region);
    if (t) refs.current.get(t.id)?.focus();
  });
  const list = listFor ? targets.find((t) => t.id === listFor) : undefined;

  const zoomOut = (all = false) => {
    setListFor(null);
    setViews((v) => (all ? [] : v.slice(0, -1)));
    focusNext.current = active ?? (selected || null);
  };
  const activate = (t: Placed) => {
    if (t.members.length === 1) {
      setActive(t.members[0]!);
      onSelect(t.members[0]!);
      return;
    }
    const first = t.members.includes(selected) ? selected : t.members[0]!;
    setActive(first);
    const pts = t.members.map((m) => positions.get(m)!).map(([x, y]) => ({ x, y }));
    const maxScale = pxWidth / (world.w / MAX_ZOOM);
    const next = fitView(pts, world, MAX_ZOOM);
    // Regions on one spot (e.g. a region and its EUAP twin) never separate: list them instead.
    if (spread(pts) * maxScale < TARGET_PX || next.w >= view.w * 0.95) {
      setListFor(t.id);
      return;
    }
    setListFor(null);
    setViews((v) => [...v, next]);
    focusNext.current = first;
  };
  const onKeyDown = (t: Placed, e: KeyboardEvent) => {
    const dir = arrowDirection(e.key);
    if (dir) {
      e.preventDefault();
      const to = nearestInDirection(targets, t, dir);
      if (to) {
        setActive(to.members[0]!);
        refs.current.get(to.id)?.focus();
      }
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      activate(t);
    } else if (e.key === 'Escape' && views.length > 0) {
      e.preventDefault();
      zoomOut();
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      const to = e.key === 'Home' ? targets[0] : targets.at(-1);
      if (to) {
        setActive(to.members[0]!);
        refs.current.get(to.id)?.focus();
      }
    }
  };
  const closeList = (focusCluster: boolean) => {
    const t = list;
    setListFor(null);
    if (focusCluster && t) refs.current.get(t.id)?.focus();
  };

  const label = (t: MapTarget) => {
    if (t.members.length === 1) {
      const r = byName.get(t.members[0]!);
      const bad = unavailable.get(t.members[0]!);
      return `${r ? describeRegion(r, byName) : t.members[0]}${bad ? ` · unavailable: ${bad}` : ''}`;
    }
    const names = t.members.map((m) => byName.get(m)?.displayName ?? m);
    const sel = t.members.includes(selected) ? ` · includes the selected region, ${byName.get(selected)?.displayName ?? selected}` : '';
    return `${t.members.length} regions: ${names.join(', ')}${sel}`;
  };

  const px = (p: [number, number]) => `translate(${p[0].toFixed(2)},${p[1].toFixed(2)}) scale(${(1 / scale).toFixed(4)})`;
  const single = new Map(targets.filter((t) => t.members.length === 1).map((t) => [t.members[0]!, t]));
  const handlers = (t: Placed) => ({
    ref: (el: SVGGElement | null) => {
      if (el) refs.current.set(t.id, el);
      else refs.current.delete(t.id);
    },
    role: 'button',
    tabIndex: t.id === tabbable?.id ? 0 : -1,
    'aria-label': label(t),
    'data-target': t.id,
    onMouseEnter: () => setHover(t.id),
    onMouseLeave: () => setHover(null),
    onFocus: () => setHover(t.id),
    onBlur: () => setHover(null),
    onClick: () => activate(t),
    onKeyDown: (e: KeyboardEvent) => onKeyDown(t, e),
  });
  const at = (mx: number, my: number) => ({ left: `${((mx - view.x) / view.w) * 100}%`, top: `${((my - view.y) / view.h) * 100}%` });
  const hovered = hover ? targets.find((t) => t.id === hover) : undefined;
  const cardRegion = hovered ? (hovered.members.length === 1 ? hovered.members[0]! : null) : selected || null;
  const cardPos = cardRegion ? positions.get(cardRegion) : undefined;
  const cardInView = !!cardPos && cardPos[0] >= view.x && cardPos[0] <= view.x + view.w && cardPos[1] >= view.y && cardPos[1] <= view.y + view.h;
  const inViewCount = targets.reduce((n, t) => n + t.members.length, 0);

  return (
    <div className="world-map" data-testid="world-map">
      {/* The canvas: the SVG and what is placed over it (in % of its size). */}
      <div className="map-canvas" ref={box}>
        <svg viewBox={`${view.x} ${view.y} ${view.w} ${view.h}`} role="group" aria-label="World map of Azure regions" aria-describedby="map-help">
          {children}
          <g className="map-markers">
            {regions.map((r) => {
              const p = positions.get(r.name);
              if (!p) return null;
              const isSel = r.name === selected;
              const bad = unavailable.get(r.name);
              const t = single.get(r.name);
              const cls = ['map-marker', isSel && 'selected', bad && 'unavailable', !visible.has(r.name) && 'filtered', t ? 'map-target' : 'clustered'].filter(Boolean).join(' ');
              const common = { className: cls, transform: px(p), 'data-region': r.name, 'data-selected': isSel };
              if (!t) {
                return (
                  <g key={r.name} {...common} aria-hidden="true">
                    <circle className="dot" r={DOT_PX / 2} />
                  </g>
                );
              }
              return (
                <g key={r.name} {...common} {...handlers(t)} aria-pressed={isSel}>
                  <circle className="hit" r={TARGET_PX / 2} />
                  <circle className="dot" r={isSel ? SELECTED_DOT_PX : DOT_PX} />
                  {bad && <path className="cross" d="M-5,-5L5,5M5,-5L-5,5" />}
                </g>
              );
            })}
            {targets
              .filter((t) => t.members.length > 1)
              .map((t) => (
                <g
                  key={t.id}
                  className={`map-cluster${t.members.includes(selected) ? ' has-selected' : ''}`}
                  transform={px([t.mx, t.my])}
                  data-members={t.members.join(' ')}
                  aria-expanded={list?.id === t.id ? true : undefined}
                  {...handlers(t)}
                >
                  <circle className="hit" r={TARGET_PX / 2} />
                  <circle className="bubble" r={TARGET_PX / 2 - 2} />
                  <text className="count" textAnchor="middle" dy="0.35em">
                    {t.members.length}
                  </text>
                </g>
              ))}
          </g>
        </svg>
        {hovered && hovered.members.length > 1 && !list && (
          <div className="map-tooltip" data-testid="map-tooltip" style={at(hovered.mx, hovered.my)} aria-hidden="true">
            <strong>{hovered.members.length} regions</strong>
            <span>{hovered.members.map((m) => byName.get(m)?.displayName ?? m).join(', ')}</span>
            <span>Click or press Enter to see them</span>
          </div>
        )}
        {cardRegion && cardPos && cardInView && !list && !(hovered && hovered.members.length > 1) && (
          <RegionCard info={byName.get(cardRegion)} byName={byName} unavailable={unavailable.get(cardRegion)} style={at(cardPos[0], cardPos[1])} />
        )}
        {list && (
          <ClusterList
            members={list.members}
            selected={selected}
            byName={byName}
            unavailable={unavailable}
            style={at(list.mx, list.my)}
            onPick={(m) => {
              setActive(m);
              onSelect(m);
              closeList(true);
            }}
            onClose={closeList}
          />
        )}
      </div>
      <div className="map-tools">
        {/* Under the map, not over it (no marker is ever covered); disabled at the whole world. */}
        <button type="button" onClick={() => zoomOut()} disabled={views.length === 0}>
          Zoom out
        </button>
        <button type="button" onClick={() => zoomOut(true)} disabled={views.length === 0}>
          Whole world
        </button>
        <p className="legend map-help" id="map-help">
          Arrow keys move between regions, Enter selects. A numbered circle holds nearby regions: click it or press Enter to zoom in; Escape zooms out.
        </p>
      </div>
      <p className="visually-hidden" aria-live="polite" data-testid="map-status">
        {views.length > 0 ? `Zoomed in: ${inViewCount} regions in view. Escape or "Zoom out" zooms out.` : ''}
      </p>
    </div>
  );
}

/** The card of a region over the map (what the marker's label says, for sighted users). */
function RegionCard({ info, byName, unavailable, style }: { info: LocationInfo | undefined; byName: ReadonlyMap<string, LocationInfo>; unavailable: string | undefined; style: CSSProperties }) {
  if (!info) return null;
  return (
    <div className="map-tooltip" data-testid="map-tooltip" style={style} aria-hidden="true">
      <strong>{info.displayName}</strong>
      <span>
        {info.physicalLocation ?? '—'}
        {info.geography ? `, ${info.geography}` : ''}
      </span>
      <span>Paired region: {info.pairedRegions.length ? info.pairedRegions.map((p) => byName.get(p)?.displayName ?? p).join(', ') : 'none'}</span>
      {unavailable && <span className="warn">Unavailable: {unavailable}</span>}
    </div>
  );
}

/** The regions of a cluster that zooming cannot separate (one spot), as buttons; Escape closes. */
function ClusterList({ members, selected, byName, unavailable, style, onPick, onClose }: { members: readonly string[]; selected: string; byName: ReadonlyMap<string, LocationInfo>; unavailable: ReadonlyMap<string, string>; style: CSSProperties; onPick(name: string): void; onClose(focusCluster: boolean): void }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.querySelector('button')?.focus(), []);
  return (
    <div
      className="map-cluster-list"
      role="group"
      aria-label={`${members.length} regions at one place`}
      data-testid="map-cluster-list"
      ref={box}
      style={style}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose(true);
        } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          const buttons = [...(box.current?.querySelectorAll('button') ?? [])];
          const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
          buttons[(i + (e.key === 'ArrowDown' ? 1 : buttons.length - 1)) % buttons.length]?.focus();
        }
      }}
      onBlur={(e) => {
        if (!box.current?.contains(e.relatedTarget as Node | null)) onClose(false);
      }}
    >
      <span className="map-cluster-list-title">Regions at this place</span>
      {members.map((m) => (
        <button key={m} type="button" aria-pressed={m === selected} onClick={() => onPick(m)}>
          {byName.get(m)?.displayName ?? m}
          {unavailable.get(m) ? ' (unavailable)' : ''}
        </button>
      ))}
    </div>
  );
}
