import type { Locator, Page } from 'playwright-core';

/** Page objects for the Sign in, Subscription, Image, Sizes, Cluster, Review and Done steps. */
export class SignInPage {
  constructor(readonly page: Page) {}
  sandbox(): Locator {
    return this.page.getByRole('radiogroup', { name: 'Where to create the cluster' }).getByRole('radio').first();
  }
  status(): Locator {
    return this.page.getByTestId('auth-status');
  }
  badge(): Locator {
    return this.page.getByTestId('sandbox-badge');
  }
}

export class SubscriptionPage {
  constructor(readonly page: Page) {}
  search(): Locator {
    return this.page.getByRole('searchbox', { name: 'Search subscriptions' });
  }
  pick(displayName: string): Locator {
    return this.page.getByRole('radiogroup', { name: 'Subscriptions' }).getByRole('radio', { name: displayName });
  }
  resourceGroupName(): Locator {
    return this.page.getByRole('textbox', { name: 'Resource group name' });
  }
}

export class ImagePage {
  constructor(readonly page: Page) {}
  offer(title: string): Locator {
    return this.page.getByRole('radiogroup', { name: 'Image offer' }).getByRole('radio', { name: title, exact: true });
  }
  termsStatus(): Locator {
    return this.page.getByTestId('terms-status');
  }
  acceptTerms(): Locator {
    return this.page.getByRole('button', { name: 'Accept terms' });
  }
}

export class SizesPage {
  constructor(readonly page: Page) {}
  table(): Locator {
    return this.page.getByTestId('sizes-table');
  }
  role(name: RegExp): Locator {
    return this.page.getByRole('tab', { name });
  }
  sortBy(label: string): Locator {
    return this.table().getByRole('button', { name: label });
  }
  use(size: string): Locator {
    return this.table().getByRole('radio', { name: `Use ${size}` });
  }
  async order(): Promise<string[]> {
    return this.table().locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-size') ?? ''));
  }
  filter(): Locator {
    return this.page.getByRole('searchbox', { name: 'Filter by name' });
  }
}

export class ClusterPage {
  constructor(readonly page: Page) {}
  name(): Locator {
    return this.page.getByRole('textbox', { name: 'Cluster name' });
  }
  workers(): Locator {
    return this.page.getByRole('spinbutton', { name: 'Workers' });
  }
  sshKey(): Locator {
    return this.page.getByRole('textbox', { name: 'Public key (user core)' });
  }
  kubernetesVersion(): Locator {
    return this.page.getByRole('combobox', { name: 'Kubernetes version' });
  }
  /** The option labels of the Kubernetes version list. */
  async kubernetesVersionOptions(): Promise<string[]> {
    return (await this.kubernetesVersion().locator('option').allTextContents()).map((t) => t.trim());
  }
  errorFor(path: string): Locator {
    return this.page.locator(`[id="err-${path}"]`);
  }
  /** The note shown when Flatkube generated the key (it names the private key's path). */
  generatedKey(): Locator {
    return this.page.getByTestId('generated-key');
  }
}

export class ReviewPage {
  constructor(readonly page: Page) {}
  cost(): Locator {
    return this.page.getByTestId('cost');
  }
  preflight(): Locator {
    return this.page.getByTestId('preflight');
  }
  exports(): Locator {
    return this.page.getByTestId('exports');
  }
  create(): Locator {
    return this.page.getByRole('button', { name: 'Create cluster' });
  }
}

export class DonePage {
  constructor(readonly page: Page) {}
  kubeconfig(): Locator {
    return this.page.getByTestId('kubeconfig');
  }
  merge(): Locator {
    return this.page.getByRole('button', { name: 'Merge into my kubeconfig' });
  }
  confirm(): Locator {
    return this.page.getByRole('textbox', { name: /Type the cluster name/ });
  }
  teardown(): Locator {
    return this.page.getByRole('button', { name: /^Tear down / });
  }
}
