import type { Locator, Page } from 'playwright-core';

/** Page object for a cluster's page (opened from the Clusters view): nodes, history, Change of its node pools and the upgrade. */
export class ClusterDetailPage {
  constructor(readonly page: Page) {}
  view(): Locator {
    return this.page.getByTestId('cluster-page');
  }
  heading(name: string): Locator {
    return this.page.getByRole('heading', { level: 1, name: `Cluster ${name}` });
  }
  state(): Locator {
    return this.page.getByTestId('cluster-page-state');
  }
  nodes(): Locator {
    return this.page.getByTestId('nodes-table');
  }
  node(name: string): Locator {
    return this.page.getByTestId(`node-${name}`);
  }
  /** The node's row once the Kubernetes API says it is Ready. */
  readyNode(name: string): Locator {
    return this.page.locator(`[data-testid="node-${name}"][data-ready="true"]`);
  }
  history(): Locator {
    return this.page.getByTestId('operation-history');
  }
  change(): Locator {
    return this.view().getByRole('button', { name: 'Change…' });
  }
  changeSection(): Locator {
    return this.page.getByTestId('cluster-change');
  }
  poolCount(pool: string): Locator {
    return this.changeSection().getByRole('spinbutton', { name: `Nodes in pool ${pool}` });
  }
  review(): Locator {
    return this.changeSection().getByRole('button', { name: 'Review change' });
  }
  plan(): Locator {
    return this.page.getByTestId('change-plan');
  }
  cost(): Locator {
    return this.page.getByTestId('change-cost');
  }
  apply(): Locator {
    return this.changeSection().getByRole('button', { name: 'Apply', exact: true });
  }
  upgradeAvailable(): Locator {
    return this.page.getByTestId('upgrade-available');
  }
  upgradeSection(): Locator {
    return this.page.getByTestId('cluster-upgrade');
  }
  updatesStrategy(): Locator {
    return this.page.getByTestId('updates-strategy');
  }
  /** The Kubernetes version the nodes table shows for a node. */
  kubernetesOf(name: string): Locator {
    return this.node(name).locator('td').nth(3);
  }
}
