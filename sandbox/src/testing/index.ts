/**
 * @flatkube/sandbox/testing: harnesses for tests that hold Flatkube's rendered output to the
 * simulated parts directly (a node's shell, the node host, the sandbox's internet and release
 * files), and a sandbox in the test's own process with its insides (store, faults, journal)
 * reachable. Tests only: the app and the CLI never import this (eslint.config.js).
 */
export * from './sim-node-fixture';
export * from './nodes-fixtures';
export { startSandboxServer as startInProcessSandbox, type RunningSandbox, type SandboxServerOptions } from '../server';
export { createNodeHost, type SandboxNodeHost, type NodeHost, type NodeBootRequest, type NodeBootResult, type NodeEndpoint } from '../nodes/index';
export type { NodeState } from '../nodes/node-state';
export { saveNodeState } from '../nodes/node-state';
export { parseCommandLine } from '../nodes/shell';
export { packTar, unpackTar } from '../nodes/commands/ustar';
export { readElf } from '../nodes/commands/elf';
export { findObject } from '../nodes/commands/kubectl-objects';
export { createSandboxInternet, SandboxInternet } from '../upstream/index';
export {
  CILIUM_CLI_EMBEDDED_CHARTS,
  ciliumCliBinary,
  ciliumCliDefaultVersion,
  ciliumCliTarball,
  cniArtifacts,
  CNI_ARTIFACT_VERSIONS,
  flannelManifest,
  operatorCrdsManifest,
  sandboxCniPins,
  tigeraOperatorManifest,
} from '../upstream/cni-artifacts';
export { KUBERNETES_SYSEXT } from '../nodes/flatcar-os';
export { SANDBOX_KUBERNETES_VERSIONS, sandboxBakeryBaseUrl, sandboxSysextImage, SYSEXT_ARCHES } from '../upstream/sysext-bakery';
export { API_TOKEN_FILE, newApiToken } from '../api-auth/api-token';
export { createSignedUrls } from '../api-auth/signed-urls';
export { setTermsAccepted } from '../resources/marketplace-agreements';
export { AZURE_LOCATIONS } from '../resources/data/azure-locations.data';
export { createCa, createServerCert } from '../tls/certificate-authority';
export { createLatencyProfile } from '../time/latency-profiles';
export type { LatencyProfile } from '../arm/types';
