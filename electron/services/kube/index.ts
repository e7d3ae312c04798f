export * from './kubeconfig';
export * from './merge';
export * from './nodes';
export * from './kube-http';
export * from './drain';
export * from './node-status';
