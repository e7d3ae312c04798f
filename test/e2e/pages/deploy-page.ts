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
  /**
   * A line the pane shows now: the first visible row with text, read in one go. Rows are read
   * together because xterm's DOM renderer rewrites them as lines arrive and the view follows the
   * tail, so a row found by one query may be blank by the next (a flake: an empty search term).
   */
  async someShownLine(stream: string, timeoutMs = 30_000): Promise<string> {
    const rows = this.pane(stream).locator('.xterm-rows > div');
    const end = Date.now() + timeoutMs;
    for (;;) {
      const texts = await rows.allInnerTexts();
      const line = texts.map((t) => t.replace(/\u00a0/g, ' ').trim()).find((t) => t.length > 0);
      if (line) return line;
      if (Date.now() > end) throw new Error(`the ${stream} pane showed no line within ${timeoutMs} ms`);
      await this.page.waitForTimeout(250);
    }
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
  /**
   * Searches the pane for `text` until it is found: the pane's search is a one-shot over what xterm
   * has parsed so far, and a pane rebuilt from the record (after a reload) parses its backlog over a
   * few frames, so one early Enter could say "no match" for a line that arrives a moment later.
   */
  async searchUntilFound(stream: string, text: string, timeoutMs = 30_000): Promise<void> {
    if (!text.trim()) throw new Error(`searchUntilFound: an empty search term cannot be found (${stream} pane)`);
    const status = this.pane(stream).getByRole('status');
    await this.search(stream).fill(text);
    const end = Date.now() + timeoutMs;
    for (;;) {
      await this.search(stream).press('Enter');
      if ((await status.count()) > 0 && (await status.innerText()).trim() === 'found') return;
      if (Date.now() > end) throw new Error(`"${text}" was not found in the ${stream} pane within ${timeoutMs} ms (last: ${await status.innerText().catch(() => 'no status')})`);
      await this.page.waitForTimeout(250);
    }
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
