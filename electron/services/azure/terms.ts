/**
 * Marketplace terms of a plan image (the free Flatcar offer): whether they are accepted on the
 * subscription, the terms' links to show, and accepting them. Accepting is a legal act by the
 * user: it runs only from an explicit action (the acceptTerms channel), never as a side effect.
 * Accept = read the current agreement, then PUT it back with accepted=true (what
 * `az vm image terms accept` does).
 */
import type { AgreementTerms, MarketplaceOrderingAgreements } from '@azure/arm-marketplaceordering';
import { flatcarPlanImageSchema } from '../../../shared/domain/cluster-spec';
import type { TermsInfo } from '../../../shared/ipc/channels/azure';
import { AppError } from '../errors';
import { azureCall } from './azure-errors';
import { FLATCAR_PUBLISHER } from './images';

function toTerms(t: AgreementTerms, fallback: { offer: string; plan: string }): TermsInfo {
  const out: TermsInfo = {
    publisher: t.publisher ?? FLATCAR_PUBLISHER,
    offer: t.product ?? fallback.offer,
    plan: t.plan ?? fallback.plan,
    accepted: t.accepted === true,
  };
  if (t.licenseTextLink) out.licenseTextLink = t.licenseTextLink;
  if (t.privacyPolicyLink) out.privacyPolicyLink = t.privacyPolicyLink;
  if (t.marketplaceTermsLink) out.marketplaceTermsLink = t.marketplaceTermsLink;
  return out;
}

/** The IPC contract checks this too; preflight and the CLI reach the service directly. */
function checkPlanImage(offer: string, plan: string): void {
  if (flatcarPlanImageSchema.safeParse({ offer, plan }).success) return;
  const shown = (s: string) => JSON.stringify(s.slice(0, 80));
  throw new AppError('TERMS_IMAGE_UNKNOWN', `Not a Flatcar plan image: offer ${shown(offer)}, plan ${shown(plan)}.`);
}

export async function getTerms(client: MarketplaceOrderingAgreements, offer: string, plan: string, signal?: AbortSignal): Promise<TermsInfo> {
  checkPlanImage(offer, plan);
  const t = await azureCall('Reading the image terms', () => client.marketplaceAgreements.get('virtualmachine', FLATCAR_PUBLISHER, offer, plan, signal ? { abortSignal: signal } : {}));
  return toTerms(t, { offer, plan });
}

export async function acceptTerms(client: MarketplaceOrderingAgreements, offer: string, plan: string, signal?: AbortSignal): Promise<TermsInfo> {
  checkPlanImage(offer, plan);
  const opt = signal ? { abortSignal: signal } : {};
  const current = await azureCall('Reading the image terms', () => client.marketplaceAgreements.get('virtualmachine', FLATCAR_PUBLISHER, offer, plan, opt));
  if (current.accepted === true) return toTerms(current, { offer, plan });
  const accepted = await azureCall('Accepting the image terms', () =>
    client.marketplaceAgreements.create('virtualmachine', FLATCAR_PUBLISHER, offer, plan, { ...current, accepted: true }, opt),
  );
  return toTerms(accepted, { offer, plan });
}
