import { geoGraticule10, geoNaturalEarth1, geoPath } from 'd3-geo';
import { useCallback, useMemo } from 'react';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countriesTopo from 'world-atlas/countries-110m.json';
import landTopo from 'world-atlas/land-110m.json';
import type { LocationInfo } from '../../../shared/ipc/channels/azure';
import type { MappedRegion } from '../lib/regions';
import { InteractiveMap } from './MapTargets';

const WIDTH = 960;
const HEIGHT = 500;
const WORLD = { w: WIDTH, h: HEIGHT };

/** The world, drawn once from world-atlas with d3-geo (Natural Earth projection). */
function useGeometry() {
  return useMemo(() => {
    const projection = geoNaturalEarth1().fitExtent(
      [
        [6, 6],
        [WIDTH - 6, HEIGHT - 6],
      ],
      { type: 'Sphere' },
    );
    const path = geoPath(projection);
    const land = landTopo as unknown as Topology<{ land: GeometryCollection }>;
    const countries = countriesTopo as unknown as Topology<{ countries: GeometryCollection }>;
    return {
      projection,
      sphere: path({ type: 'Sphere' }) ?? '',
      graticule: path(geoGraticule10()) ?? '',
      land: path(feature(land, land.objects.land)) ?? '',
      borders: path(mesh(countries, countries.objects.countries, (a, b) => a !== b)) ?? '',
    };
  }, []);
}

export interface WorldMapProps {
  regions: readonly MappedRegion[];
  /** Regions hidden by the geography filter are drawn faintly. */
  visible: ReadonlySet<string>;
  selected: string;
  unavailable: ReadonlyMap<string, string>;
  byName: ReadonlyMap<string, LocationInfo>;
  onSelect(name: string): void;
}

export function WorldMap({ regions, visible, selected, unavailable, byName, onSelect }: WorldMapProps) {
  const geo = useGeometry();
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
