import { useState } from 'react';
import type { LocationInfo } from '../../../shared/ipc/channels/azure';
import { describeRegion, type MappedRegion } from '../lib/regions';
import { MAP_HEIGHT as HEIGHT, MAP_WIDTH as WIDTH, type WorldGeometry } from '../map/world-geometry';

export interface WorldMapProps {
  /** The world drawn from world-atlas (map/world-geometry.ts). */
  geometry: WorldGeometry;
  regions: readonly MappedRegion[];
  /** Regions hidden by the geography filter are drawn faintly. */
  visible: ReadonlySet<string>;
  selected: string;
  unavailable: ReadonlyMap<string, string>;
  byName: ReadonlyMap<string, LocationInfo>;
  onSelect(name: string): void;
}

export function WorldMap({ geometry: geo, regions, visible, selected, unavailable, byName, onSelect }: WorldMapProps) {
  const [hover, setHover] = useState<string | null>(null);
  const shown = hover ?? selected;
  const info = regions.find((r) => r.name === shown);
  const point = info ? geo.projection([info.longitude, info.latitude]) : null;
  return (
    <div className="world-map" data-testid="world-map">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="group" aria-label="World map of Azure regions">
        <path className="map-sphere" d={geo.sphere} />
        <path className="map-graticule" d={geo.graticule} />
        <path className="map-land" d={geo.land} />
        <path className="map-borders" d={geo.borders} />
        {regions.map((r) => {
          const p = geo.projection([r.longitude, r.latitude]);
          if (!p) return null;
          const isSel = r.name === selected;
          const bad = unavailable.get(r.name);
          const cls = ['map-marker', isSel && 'selected', bad && 'unavailable', !visible.has(r.name) && 'filtered'].filter(Boolean).join(' ');
          return (
            <g
              key={r.name}
              className={cls}
              transform={`translate(${p[0].toFixed(1)},${p[1].toFixed(1)})`}
              role="button"
              tabIndex={visible.has(r.name) ? 0 : -1}
              aria-label={`${describeRegion(r, byName)}${bad ? ` · unavailable: ${bad}` : ''}`}
              aria-pressed={isSel}
              data-region={r.name}
              onMouseEnter={() => setHover(r.name)}
              onMouseLeave={() => setHover(null)}
              onFocus={() => setHover(r.name)}
              onBlur={() => setHover(null)}
              onClick={() => onSelect(r.name)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  onSelect(r.name);
                }
              }}
            >
              <circle className="hit" r={6} />
              <circle className="dot" r={isSel ? 7 : 4.5} />
              {bad && <path className="cross" d="M-4,-4L4,4M4,-4L-4,4" />}
            </g>
          );
        })}
      </svg>
      {info && point && (
        <div
          className="map-tooltip"
          data-testid="map-tooltip"
          style={{ left: `${(point[0] / WIDTH) * 100}%`, top: `${(point[1] / HEIGHT) * 100}%` }}
          aria-hidden="true"
        >
          <strong>{info.displayName}</strong>
          <span>
            {info.physicalLocation ?? '—'}
            {info.geography ? `, ${info.geography}` : ''}
          </span>
          <span>
            Paired region: {info.pairedRegions.length ? info.pairedRegions.map((p) => byName.get(p)?.displayName ?? p).join(', ') : 'none'}
          </span>
          {unavailable.get(info.name) && <span className="warn">Unavailable: {unavailable.get(info.name)}</span>}
        </div>
      )}
    </div>
  );
}
