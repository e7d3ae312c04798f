import type { Locator, Page } from 'playwright-core';

/** Page object for the wizard shell: the step rail, the current step and the Back/Next buttons. */
export class WizardPage {
  constructor(readonly page: Page) {}

  heading(): Locator {
    return this.page.locator('main h1');
  }

  async headingText(): Promise<string> {
    return (await this.heading().textContent())?.trim() ?? '';
  }

  next(): Locator {
    return this.page.getByRole('button', { name: 'Next', exact: true });
  }

  back(): Locator {
    return this.page.getByRole('button', { name: 'Back', exact: true });
  }

  railStep(title: string): Locator {
    return this.page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: title });
  }

  /** What Next found wrong on the current step (shown beside the buttons). */
  stepErrors(): Locator {
    return this.page.getByTestId('step-errors');
  }

  /** A rail step's state: current, done (valid), invalid or ahead. */
  async railState(title: string): Promise<string | null> {
    return this.railStep(title).getAttribute('data-state');
  }

  appInfo(): Locator {
    return this.page.getByTestId('app-info');
  }

  async waitForStep(title: string): Promise<void> {
    await this.page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();
  }
}
