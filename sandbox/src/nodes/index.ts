// Simulated Flatcar nodes for the sandbox: public entry point.
export type { NodeBootRequest, NodeEndpoint, NodeHost, NodeHostOptions, NodeNetwork, NodePace, NodeBootResult } from './types';
export { createNodeHost, type SandboxNodeHost } from './node-host';
export { SIMULATED_LABEL } from './flatcar-os';
export { parseIgnition } from './ignition-validate';
