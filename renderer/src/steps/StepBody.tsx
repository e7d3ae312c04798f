import { lazy, Suspense, useEffect, type ComponentType } from 'react';
import { whenIdle } from '../lib/idle';
import { SignInStep } from './SignInStep';
import { STEP_IDS, type StepId } from './steps';

/**
 * The steps' bodies. Sign-in, the first step, comes with the page; every other step is a chunk of
 * its own, fetched when the step before it is shown (in idle time), or at once when the user jumps
 * to it. A step module may export `prefetch`: what it needs beyond its code (the Location step's
 * map geometry), fetched at the same time.
 */
interface StepModule {
  default: ComponentType;
  prefetch?: () => void;
}

const LOADERS: Record<Exclude<StepId, 'sign-in'>, () => Promise<StepModule>> = {
  subscription: () => import('./SubscriptionStep').then((m) => ({ default: m.SubscriptionStep })),
  location: () => import('./LocationStep').then((m) => ({ default: m.LocationStep, prefetch: m.prefetchLocation })),
  image: () => import('./ImageStep').then((m) => ({ default: m.ImageStep })),
  sizes: () => import('./SizesStep').then((m) => ({ default: m.SizesStep })),
  cluster: () => import('./ClusterStep').then((m) => ({ default: m.ClusterStep })),
  review: () => import('./ReviewStep').then((m) => ({ default: m.ReviewStep })),
  deploy: () => import('./DeployStep').then((m) => ({ default: m.DeployStep })),
  done: () => import('./DoneStep').then((m) => ({ default: m.DoneStep })),
};

const BODIES: Record<StepId, ComponentType> = {
  'sign-in': SignInStep,
  subscription: lazy(LOADERS.subscription),
  location: lazy(LOADERS.location),
  image: lazy(LOADERS.image),
  sizes: lazy(LOADERS.sizes),
  cluster: lazy(LOADERS.cluster),
  review: lazy(LOADERS.review),
  deploy: lazy(LOADERS.deploy),
  done: lazy(LOADERS.done),
};

/** Fetches the code of the step after `id` (and what that step prefetches); errors wait for its real load. */
export function prefetchStepAfter(id: StepId): void {
  const next = STEP_IDS[STEP_IDS.indexOf(id) + 1];
  if (!next || next === 'sign-in') return;
  LOADERS[next]()
    .then((m) => m.prefetch?.())
    .catch(() => {});
}

export function StepBody({ id }: { id: StepId }) {
  const Body = BODIES[id];
  useEffect(() => whenIdle(() => prefetchStepAfter(id)), [id]);
  return (
    <Suspense fallback={<p className="placeholder" aria-busy="true">Loading this step…</p>}>
      <Body />
    </Suspense>
  );
}
