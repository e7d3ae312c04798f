import type { Page } from 'playwright-core';
import { SANDBOX_SUBSCRIPTION_ID } from '@flatkube/sandbox';

/** A public key for drafts (no private half exists anywhere: the sandbox's nodes only store it). */
export const E2E_SSH = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx1c3RlcmtleWZvcmZsYXRrdWJldGVzdGluZ29ubHk e2e@flatkube';

/** The smallest complete sandbox draft: one control plane and one worker in westeurope. */
export function smallSandboxDraft(name: string) {
  return {
    name, subscriptionId: SANDBOX_SUBSCRIPTION_ID, resourceGroup: { name: `flatkube-${name}`, create: true }, location: 'westeurope',
    controlPlane: { size: 'Standard_D2s_v5' }, workers: { count: 1, size: 'Standard_D2s_v5' }, ssh: { publicKey: E2E_SSH }, allowedSourceIp: '203.0.113.10',
  };
}

/** Straight to Review with a complete draft (the full click-through is wizard-sandbox-real's). */
export async function openReviewWith(page: Page, draft: object): Promise<void> {
  await page.evaluate((v) => globalThis.localStorage.setItem('flatkube.wizard', v), JSON.stringify({ state: { step: 'review', draft }, version: 1 }));
  await page.reload();
}
