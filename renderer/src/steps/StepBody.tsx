import type { StepId } from './steps';
import { ClusterStep } from './ClusterStep';
import { DeployStep } from './DeployStep';
import { DoneStep } from './DoneStep';
import { ImageStep } from './ImageStep';
import { LocationStep } from './LocationStep';
import { ReviewStep } from './ReviewStep';
import { SignInStep } from './SignInStep';
import { SizesStep } from './SizesStep';
import { SubscriptionStep } from './SubscriptionStep';

const BODIES: Record<StepId, () => React.ReactElement> = {
  'sign-in': SignInStep,
  subscription: SubscriptionStep,
  location: LocationStep,
  image: ImageStep,
  sizes: SizesStep,
  cluster: ClusterStep,
  review: ReviewStep,
  deploy: DeployStep,
  done: DoneStep,
};

export function StepBody({ id }: { id: StepId }) {
  const Body = BODIES[id];
  return <Body />;
}
