export * from './kubeconfig';
export * from './merge';
export * from './nodes';
