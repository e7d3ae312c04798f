import type { Locator, Page } from 'playwright-core';

/** Page object for the Location step: the world map, its markers and the searchable list. */
export class LocationPage {
  constructor(readonly page: Page) {}
  map(): Locator {
    return this.page.getByTestId('world-map');
  }
  markers(): Locator {
    return this.map().locator('g.map-marker');
  }
  marker(region: string): Locator {
    return this.map().locator(`g.map-marker[data-region="${region}"]`);
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
