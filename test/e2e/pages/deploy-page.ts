import type { Locator, Page } from 'playwright-core';

/** Page object for the Deploy step: phase bar, step list and the xterm.js log panes. */
export class DeployPage {
  constructor(readonly page: Page) {}
  pane(stream: string): Locator {
    return this.page.getByTestId(`log-pane-${stream}`);
  }
  panes(): Locator {
    return this.page.locator('[data-testid^="log-pane-"]');
  }
  /** The text xterm's DOM renderer shows (visible rows only), rows joined so wrapped lines read whole. */
  async paneText(stream: string): Promise<string> {
    return (await this.pane(stream).locator('.xterm-rows').innerText()).replace(/\u00a0/g, ' ').replace(/\n/g, '');
  }
  /** Waits until the visible rows show `text` (xterm writes asynchronously). */
  async waitForText(stream: string, text: string): Promise<void> {
    await this.pane(stream).locator('.xterm-rows').getByText(text).first().waitFor();
  }
  async lineCount(stream: string): Promise<number> {
    return Number(await this.pane(stream).getAttribute('data-lines'));
  }
  follow(stream: string): Locator {
    return this.pane(stream).getByTestId('log-follow');
  }
  timestamps(stream: string): Locator {
    return this.pane(stream).getByRole('checkbox', { name: 'Timestamps' });
  }
  search(stream: string): Locator {
    return this.pane(stream).getByRole('searchbox');
  }
  download(stream: string): Locator {
    return this.pane(stream).getByRole('button', { name: 'Download all' });
  }
  phase(): Locator {
    return this.page.getByTestId('phase');
  }
  stepList(): Locator {
    return this.page.getByTestId('step-list');
  }
  step(id: string): Locator {
    return this.stepList().locator(`li[data-step-id="${id}"]`);
  }
}
