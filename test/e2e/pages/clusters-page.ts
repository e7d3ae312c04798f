import type { Locator, Page } from 'playwright-core';

/** Page object for the Clusters view: the list from cluster.list, resume and typed-confirmation teardown. */
export class ClustersPage {
  constructor(readonly page: Page) {}
  /** The Clusters entry of the rail (keyboard: focus it and press Enter). */
  railEntry(): Locator {
    return this.page.getByRole('navigation', { name: 'Your clusters' }).getByRole('button', { name: 'Clusters' });
  }
  topBarEntry(): Locator {
    return this.page.getByTestId('topbar-clusters');
  }
  view(): Locator {
    return this.page.getByTestId('clusters-view');
  }
  heading(): Locator {
    return this.page.getByRole('heading', { level: 1, name: 'Clusters', exact: true });
  }
  cluster(name: string): Locator {
    return this.page.getByTestId(`cluster-${name}`);
  }
  state(name: string): Locator {
    return this.cluster(name).getByTestId('cluster-state');
  }
  resume(name: string): Locator {
    return this.cluster(name).getByRole('button', { name: `Resume ${name}` });
  }
  open(name: string): Locator {
    return this.cluster(name).getByRole('button', { name: `Open ${name}` });
  }
  teardownToggle(name: string): Locator {
    return this.cluster(name).getByRole('button', { name: 'Tear down…' });
  }
  confirm(name: string): Locator {
    return this.cluster(name).getByRole('textbox', { name: /Type the cluster name/ });
  }
  teardown(name: string): Locator {
    return this.cluster(name).getByRole('button', { name: `Tear down ${name}`, exact: true });
  }
  result(): Locator {
    return this.page.getByTestId('teardown-result');
  }
  empty(): Locator {
    return this.page.getByTestId('clusters-empty');
  }
  refresh(): Locator {
    return this.view().getByRole('button', { name: 'Refresh' });
  }
  showDeleted(): Locator {
    return this.view().getByRole('checkbox', { name: 'Show deleted clusters' });
  }
}
