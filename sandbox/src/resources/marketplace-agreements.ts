/**
 * Marketplace terms (what `@azure/arm-marketplaceordering` calls): get/create the current
 * agreement of an offer type, sign, cancel, get and list agreements. The accepted state lives in
 * the store so the compute provider's VM create can check it with `isTermsAccepted`.
 *
 * Any publisher/offer/plan is answered (with accepted=false until signed), as the real service
 * answers for every published plan; whether the plan exists is the image catalog's business.
 * Links and signature are placeholders (no real kinvolk values: docs/azure.md#flatcar-images-plans-and-terms).
 */
import { createHash } from 'node:crypto';
import { ArmError, type ArmRequest, type ArmRouter, type ProviderDeps, type ResourceStore } from '../arm/types';
import { MARKETPLACE_ORDERING_API_VERSIONS } from './api-versions';

const NS = 'marketplace.agreements';

interface AgreementState {
  publisher: string;
  offer: string;
  plan: string;
  accepted: boolean;
  changedAt: string;
  changedBy: string;
}

function key(subscriptionId: string, publisher: string, offer: string, plan: string): string {
  return [subscriptionId, publisher, offer, plan].map((s) => s.toLowerCase()).join('|');
}

/** Whether the terms of publisher/offer/plan are accepted on the subscription (case-insensitive). */
export function isTermsAccepted(store: ResourceStore, subscriptionId: string, publisher: string, offer: string, plan: string): boolean {
  return store.getState<AgreementState>(NS, key(subscriptionId, publisher, offer, plan))?.accepted === true;
}

/** Sets the accepted state directly (seeding a sandbox, tests). */
export function setTermsAccepted(store: ResourceStore, subscriptionId: string, publisher: string, offer: string, plan: string, accepted: boolean, by = 'sandbox'): void {
  store.setState(NS, key(subscriptionId, publisher, offer, plan), { publisher, offer, plan, accepted, changedAt: new Date().toISOString(), changedBy: by } satisfies AgreementState);
}

function placeholderSignature(publisher: string, offer: string, plan: string): string {
  return createHash('sha256').update(`${publisher}|${offer}|${plan}`).digest('hex').toUpperCase().slice(0, 52).padEnd(104, 'A');
}

function termsBody(
  req: ArmRequest,
  p: { publisher: string; offer: string; plan: string },
  accepted: boolean,
  shape: 'offertypes' | 'agreements',
  state: AgreementState | undefined,
  now: number,
): Record<string, unknown> {
  const sub = req.subscriptionId!;
  const id =
    shape === 'offertypes'
      ? `/subscriptions/${sub}/providers/Microsoft.MarketplaceOrdering/offerTypes/VirtualMachine/publishers/${p.publisher}/offers/${p.offer}/plans/${p.plan}/agreements/current`
      : `/subscriptions/${sub}/providers/Microsoft.MarketplaceOrdering/agreements/${p.publisher}/offers/${p.offer}/plans/${p.plan}`;
  const upper = `${p.publisher}:24${p.offer}:24${p.plan}`.toUpperCase();
  const body: Record<string, unknown> = {
    id,
    name: p.plan,
    type: shape === 'offertypes' ? 'Microsoft.MarketplaceOrdering/offertypes' : 'Microsoft.MarketplaceOrdering/agreements',
    properties: {
      publisher: p.publisher,
      product: p.offer,
      plan: p.plan,
      licenseTextLink: `https://mpcprodsa.blob.core.windows.net/legalterms/SANDBOX_legalterms_${encodeURIComponent(upper)}.txt`,
      privacyPolicyLink: 'https://sandbox.flatkube.local/privacy (simulated)',
      marketplaceTermsLink: 'https://mpcprodsa.blob.core.windows.net/marketplaceterms/SANDBOX_marketplaceterms_VIRTUALMACHINE.txt',
      retrieveDatetime: new Date(now).toISOString(),
      signature: placeholderSignature(p.publisher, p.offer, p.plan),
      accepted,
    },
  };
  if (state) {
    body.systemData = {
      createdBy: state.changedBy,
      createdByType: 'User',
      createdAt: state.changedAt,
      lastModifiedBy: state.changedBy,
      lastModifiedByType: 'User',
      lastModifiedAt: state.changedAt,
    };
  }
  return body;
}

function checkOfferType(offerType: string): void {
  if (offerType.toLowerCase() !== 'virtualmachine') {
    throw new ArmError(400, 'BadRequest', `The offer type '${offerType}' is not supported. Supported offer types: 'virtualmachine'.`);
  }
}

export function registerMarketplaceAgreementRoutes(router: ArmRouter, deps: ProviderDeps): void {
  const { store, now } = deps;
  const base = '/subscriptions/{subscriptionId}/providers/Microsoft.MarketplaceOrdering';
  const names = (req: ArmRequest) => ({ publisher: req.params.publisherId!, offer: req.params.offerId!, plan: req.params.planId! });
  const stateOf = (req: ArmRequest) => {
    const p = names(req);
    return store.getState<AgreementState>(NS, key(req.subscriptionId!, p.publisher, p.offer, p.plan));
  };

  router.add({
    methods: ['GET', 'PUT'],
    pattern: `${base}/offerTypes/{offerType}/publishers/{publisherId}/offers/{offerId}/plans/{planId}/agreements/current`,
    apiVersions: MARKETPLACE_ORDERING_API_VERSIONS,
    handler: (req) => {
      checkOfferType(req.params.offerType!);
      const p = names(req);
      if (req.method === 'PUT') {
        const body = req.body as { properties?: { accepted?: unknown } } | undefined;
        const accepted = body?.properties?.accepted;
        if (typeof accepted !== 'boolean') throw new ArmError(400, 'InvalidRequestContent', "The request content was invalid and could not be deserialized: 'properties.accepted must be a boolean'.");
        setTermsAccepted(store, req.subscriptionId!, p.publisher, p.offer, p.plan, accepted, req.principal.oid);
      }
      const st = stateOf(req);
      return { status: 200, body: termsBody(req, p, st?.accepted ?? false, 'offertypes', st, now()) };
    },
  });

  for (const action of ['sign', 'cancel'] as const) {
    router.add({
      methods: ['POST'],
      pattern: `${base}/agreements/{publisherId}/offers/{offerId}/plans/{planId}/${action}`,
      apiVersions: MARKETPLACE_ORDERING_API_VERSIONS,
      handler: (req) => {
        const p = names(req);
        setTermsAccepted(store, req.subscriptionId!, p.publisher, p.offer, p.plan, action === 'sign', req.principal.oid);
        return { status: 200, body: termsBody(req, p, action === 'sign', 'agreements', stateOf(req), now()) };
      },
    });
  }

  router.add({
    methods: ['GET'],
    pattern: `${base}/agreements/{publisherId}/offers/{offerId}/plans/{planId}`,
    apiVersions: MARKETPLACE_ORDERING_API_VERSIONS,
    handler: (req) => {
      const st = stateOf(req);
      return { status: 200, body: termsBody(req, names(req), st?.accepted ?? false, 'agreements', st, now()) };
    },
  });

  router.add({
    methods: ['GET'],
    pattern: `${base}/agreements`,
    apiVersions: MARKETPLACE_ORDERING_API_VERSIONS,
    // The real list answers a bare array of signed agreements.
    handler: (req) => {
      const prefix = `${req.subscriptionId!.toLowerCase()}|`;
      const items = store
        .listState<AgreementState>(NS)
        .filter((e) => e.key.toLowerCase().startsWith(prefix) && e.value.accepted)
        .map((e) => termsBody(req, e.value, true, 'agreements', e.value, now()));
      return { status: 200, body: items };
    },
  });
}
