import type { Locator, Page } from 'playwright-core';

/** Page object for the Location step: the world map, its markers and clusters, and the searchable list. */
export class LocationPage {
  constructor(readonly page: Page) {}
  map(): Locator {
    return this.page.getByTestId('world-map');
  }
  /** Every region's marker (a target of its own, or a dot inside a cluster). */
  markers(): Locator {
    return this.map().locator('g.map-marker');
  }
  marker(region: string): Locator {
    return this.map().locator(`g.map-marker[data-region="${region}"]`);
  }
  /** Whether the map shows the region as the selected one (its own marker or a dot in a cluster). */
  async selectedOnMap(region: string): Promise<boolean> {
    return (await this.marker(region).getAttribute('data-selected')) === 'true';
  }
  /** The map's targets (buttons): single regions and clusters of nearby regions. */
  targets(): Locator {
    return this.map().locator('[data-target][role="button"]');
  }
  /** The target holding a region: its own marker, or the cluster it is in. */
  target(region: string): Locator {
    return this.map().locator(`g.map-target[data-region="${region}"], g.map-cluster[data-members~="${region}"]`);
  }
  cluster(region: string): Locator {
    return this.map().locator(`g.map-cluster[data-members~="${region}"]`);
  }
  zoomOut(): Locator {
    return this.map().getByRole('button', { name: 'Zoom out', exact: true });
  }
  wholeWorld(): Locator {
    return this.map().getByRole('button', { name: 'Whole world', exact: true });
  }
  /** Whether the map is zoomed in (its Zoom out button is enabled only then). */
  async zoomed(): Promise<boolean> {
    return this.zoomOut().isEnabled();
  }
  /** The list a cluster of regions on one spot opens. */
  clusterList(): Locator {
    return this.page.getByTestId('map-cluster-list');
  }
  /**
   * Clicks the clusters holding the region (zooming in, from the whole world if it is out of view)
   * until its marker is a target of its own, as a user finding it on the map would.
   */
  async reveal(region: string): Promise<void> {
    for (let i = 0; i < 8; i++) {
      if ((await this.map().locator(`g.map-target[data-region="${region}"]`).count()) > 0) return;
      if ((await this.cluster(region).count()) > 0) await this.cluster(region).click();
      else await this.wholeWorld().click();
    }
    throw new Error(`the map never showed ${region} as a target of its own`);
  }
  tooltip(): Locator {
    return this.page.getByTestId('map-tooltip');
  }
  search(): Locator {
    return this.page.getByRole('searchbox', { name: 'Search regions' });
  }
  geography(): Locator {
    return this.page.getByRole('combobox', { name: 'Geography' });
  }
  list(): Locator {
    return this.page.getByRole('radiogroup', { name: 'Azure regions' });
  }
  listOption(displayName: string): Locator {
    return this.list().getByRole('radio', { name: displayName, exact: true });
  }
  selected(): Locator {
    return this.page.getByTestId('selected-region');
  }
  count(): Locator {
    return this.page.getByTestId('region-count');
  }
}
