import { useState } from 'react';
import { FLATCAR_OFFERS, offerArchitecture, type FlatcarOffer } from '../../../shared/domain/cluster-spec';
import type { IpcError } from '../../../shared/ipc/result';
import { ErrorCard, Skeleton, Spinner } from '../components/Feedback';
import { invoke } from '../lib/ipc';
import { useLoad } from '../lib/use-load';
import { useClaimPrimary } from '../store/primary-action-store';
import { useWizard } from '../store/wizard-store';

const OFFER_TEXT: Record<FlatcarOffer, { title: string; text: string }> = {
  'flatcar-container-linux-corevm-amd64': { title: 'Flatcar Container Linux (x64)', text: 'The default: the community image for x64 VMs.' },
  'flatcar-container-linux-free': { title: 'Flatcar Container Linux, free offer (x64)', text: 'The marketplace "free" offer: it carries a plan, so its terms must be accepted once per subscription.' },
  'flatcar-container-linux-corevm': { title: 'Flatcar Container Linux (Arm64)', text: 'For Arm64 (Ampere) sizes; Gen2 VMs only.' },
};
const CHANNELS = ['stable', 'beta', 'alpha', 'lts'] as const;

export function ImageStep() {
  const draft = useWizard((s) => s.draft);
  const update = useWizard((s) => s.update);
  const offer = (draft.image.offer ?? 'flatcar-container-linux-corevm-amd64') as FlatcarOffer;
  const arch = offerArchitecture(offer);
  const channel = draft.image.channel ?? 'stable';
  const ready = !!draft.subscriptionId && !!draft.location;
  const images = useLoad('azure.images', draft.subscriptionId && draft.location ? { subscriptionId: draft.subscriptionId, location: draft.location, architecture: arch } : null);
  const image = images.data?.find((i) => i.offer === offer && i.channel === channel && i.generation === (draft.image.generation ?? 2)) ?? images.data?.find((i) => i.offer === offer && i.channel === channel);
  const plan = image?.plan;
  // Marketplace terms are per publisher/product/plan; Flatcar's plan products are its offers.
  const termsOffer = plan && FLATCAR_OFFERS.find((o) => o === plan.product);
  const terms = useLoad('azure.terms', plan && termsOffer && draft.subscriptionId ? { subscriptionId: draft.subscriptionId, offer: termsOffer, plan: plan.name } : null);
  const [accepting, setAccepting] = useState(false);
  const [acceptError, setAcceptError] = useState<IpcError | null>(null);
  // After "Accept terms" the status is read again from Azure (azure.terms), not taken on trust.
  const [acceptedPlan, setAcceptedPlan] = useState('');
  const termsInfo = terms.data;
  // Terms to accept first: Accept terms is this screen's primary action, not Next.
  useClaimPrimary('image', !!plan && !!termsInfo && !termsInfo.accepted);

  const chooseOffer = (o: FlatcarOffer) => {
    const a = offerArchitecture(o);
    update({ image: { ...draft.image, offer: o, ...(a === 'Arm64' ? { generation: 2 } : {}) }, architecture: a });
  };
  const accept = async () => {
    if (!plan || !termsOffer || !draft.subscriptionId) return;
    setAccepting(true);
    setAcceptError(null);
    const r = await invoke('azure.acceptTerms', { subscriptionId: draft.subscriptionId, offer: termsOffer, plan: plan.name });
    setAccepting(false);
    if (r.ok) {
      setAcceptedPlan(plan.name);
      terms.reload();
    } else setAcceptError(r.error);
  };

  return (
    <div className="image-step">
      <div className="card">
        <h2>Offer</h2>
        <div role="radiogroup" aria-label="Image offer">
          {FLATCAR_OFFERS.map((o) => (
            <label key={o} className={`choice${o === offer ? ' selected' : ''}`}>
              <input type="radio" name="offer" aria-label={OFFER_TEXT[o].title} checked={o === offer} onChange={() => chooseOffer(o)} />
              <span>
                <strong>{OFFER_TEXT[o].title}</strong> <code>{o}</code>
                <small>{OFFER_TEXT[o].text}</small>
              </span>
            </label>
          ))}
        </div>
        <div className="row">
          <label className="field">
            <span>Channel</span>
            <select value={channel} onChange={(e) => update({ image: { ...draft.image, channel: e.target.value as (typeof CHANNELS)[number] } })}>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>VM generation</span>
            <select value={draft.image.generation ?? 2} onChange={(e) => update({ image: { ...draft.image, generation: Number(e.target.value) as 1 | 2 } })}>
              <option value={2}>Gen2</option>
              <option value={1} disabled={arch === 'Arm64'}>
                Gen1
              </option>
            </select>
          </label>
          <p className="field">
            <span>Architecture</span>
            <span data-testid="architecture">{arch}</span>
          </p>
        </div>
      </div>
      <div className="card" data-testid="image-details">
        <h2>Image and terms</h2>
        {!ready && <p className="notice">Pick a subscription and a region first: images are listed per region.</p>}
        {images.loading && <Skeleton rows={2} label="Loading images" />}
        {images.error && <ErrorCard error={images.error} title="Could not list the Flatcar images" onRetry={images.reload} />}
        {images.data && !image && <p className="notice">No {offer} image in the {channel} channel here.</p>}
        {image && (
          <p>
            <code>
              {image.publisher}:{image.offer}:{image.sku}:{image.versions[0] ?? 'latest'}
            </code>{' '}
            · {image.versions.length} versions · {plan ? <span className="badge warn">has a plan</span> : <span className="badge ok">no plan: no terms to accept</span>}
          </p>
        )}
        {plan && (
          <div data-testid="terms">
            {terms.loading && <Spinner label="Checking the terms…" />}
            {terms.error && <ErrorCard error={terms.error} title="Could not read the terms" onRetry={terms.reload} />}
            {termsInfo && (
              <>
                <p>
                  Plan <code>{plan.name}</code> by <code>{plan.publisher}</code>:{' '}
                  {termsInfo.accepted ? (
                    <span className="badge ok" data-testid="terms-status">
                      terms accepted
                    </span>
                  ) : (
                    <span className="badge warn" data-testid="terms-status">
                      terms not accepted yet
                    </span>
                  )}
                </p>
                <p>
                  Read them:{' '}
                  {[
                    ['License', termsInfo.licenseTextLink],
                    ['Privacy policy', termsInfo.privacyPolicyLink],
                    ['Marketplace terms', termsInfo.marketplaceTermsLink],
                  ]
                    .filter(([, href]) => href)
                    .map(([label, href]) => (
                      <a key={label} href={href} target="_blank" rel="noreferrer noopener" style={{ marginRight: '0.8rem' }}>
                        {label}
                      </a>
                    ))}
                </p>
                {!termsInfo.accepted && (
                  <>
                    <button type="button" className="primary" onClick={() => void accept()} disabled={accepting || terms.loading}>
                      Accept terms
                    </button>
                    <p className="help">
                      Accepting records your agreement to this plan's marketplace terms in subscription <code>{draft.subscriptionId}</code> (like{' '}
                      <code>
                        az vm image terms accept --publisher {plan.publisher} --offer {plan.product} --plan {plan.name}
                      </code>
                      ). It costs nothing by itself; VMs from this image can then be created.
                    </p>
                  </>
                )}
                {accepting && <Spinner label="Accepting the terms…" />}
                {acceptedPlan === plan.name && termsInfo.accepted && !terms.loading && (
                  <p role="status" data-testid="terms-confirmed">
                    Azure confirms the agreement for plan <code>{plan.name}</code> in this subscription.
                  </p>
                )}
                {acceptError && <ErrorCard error={acceptError} title="The terms were not accepted" />}
              </>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
