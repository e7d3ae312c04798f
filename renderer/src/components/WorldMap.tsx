import { useCallback } from 'react';
import type { LocationInfo } from '../../../shared/ipc/channels/azure';
import type { MappedRegion } from '../lib/regions';
import { MAP_HEIGHT as HEIGHT, MAP_WIDTH as WIDTH, type WorldGeometry } from '../map/world-geometry';
import { InteractiveMap } from './MapTargets';

const WORLD = { w: WIDTH, h: HEIGHT };

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
  const project = useCallback((lonLat: [number, number]) => geo.projection(lonLat), [geo]);
  return (
    <InteractiveMap regions={regions} visible={visible} selected={selected} unavailable={unavailable} byName={byName} onSelect={onSelect} project={project} world={WORLD}>
      <path className="map-sphere" d={geo.sphere} />
      <path className="map-graticule" d={geo.graticule} />
      <path className="map-land" d={geo.land} />
      <path className="map-borders" d={geo.borders} />
    </InteractiveMap>
  );
}
