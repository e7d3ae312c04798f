/** The wizard's steps, in order. Ids are stable: the persisted draft and the e2e tests use them. */
export const STEPS = [
  { id: 'sign-in', title: 'Sign in', summary: 'Use the built-in Azure sandbox, your Azure CLI sign-in, or Microsoft sign-in.' },
  { id: 'subscription', title: 'Subscription', summary: 'Pick the subscription and resource group that will hold the cluster.' },
  { id: 'location', title: 'Location', summary: 'Choose the Azure region on the world map.' },
  { id: 'image', title: 'Image', summary: 'Pick the Flatcar Container Linux image and accept its terms if it has any.' },
  { id: 'sizes', title: 'Sizes', summary: 'Choose VM sizes for the control plane and the workers, with price and quota.' },
  { id: 'cluster', title: 'Cluster', summary: 'Name the cluster, pick the Kubernetes version, CNI and SSH key.' },
  { id: 'review', title: 'Review', summary: 'Check cost, preflight findings and exports before anything is created.' },
  { id: 'deploy', title: 'Deploy', summary: 'Watch every node bootstrap live.' },
  { id: 'done', title: 'Done', summary: 'Get the kubeconfig, next commands, and tear down when finished.' },
] as const;

export type StepId = (typeof STEPS)[number]['id'];
export const STEP_IDS: readonly StepId[] = STEPS.map((s) => s.id);
