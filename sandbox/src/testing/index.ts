/**
 * @flatkube/sandbox/testing: the sandbox's insides, for the few tests that cannot do with its
 * public surface. The app's tests start a sandbox with `startSandbox` (@flatkube/sandbox) and
 * reach it as any client does: its startup info, `api` (journal, faults, nodes, quotas, device
 * codes) and ARM through the SDK. Tests only: the app and the CLI never import this
 * (eslint.config.js).
 *
 * Who uses this, and why (the sandbox-boundary test in test/unit/architecture holds every importer
 * among the app's tests and benchmarks to this list: add a line here before a new one):
 *  - test/unit/against-sandbox/: Flatkube's rendered commands and files held to a simulated
 *    node's shell and tools (kubectl, curl, tar, sha256sum, the cilium CLI) and to the sandbox's
 *    stand-ins of upstream release files, without a sandbox server (sim-node-fixture,
 *    nodes-fixtures, upstream/, nodes/commands/).
 *  - test/integration/against-sandbox/kube-api-http.test.ts,
 *    test/integration/against-sandbox/nodes-host-key-announce.test.ts: a node host of their own
 *    (createNodeHost) to reach one node's SSH server, host key and Kubernetes API directly, and
 *    to restart it on the same state.
 *  - test/integration/engine/rewriting-nodes.ts: a sandbox (startInProcessSandbox) whose node
 *    host rewrites what the serial consoles show, for the host-key tests of the engine and the
 *    security suite (a forged or a missing host key line).
 *  - test/integration/security/other-user-sandbox.test.ts: makes what only the sandbox writes (a
 *    node's state file, an expired signed serial console URL) and names its API token file, to
 *    show that another OS user gets none of it.
 *  - test/integration/engine/sysext-checksums.test.ts: the sandbox's CA tooling, for a stand-in
 *    HTTPS bakery with a certificate of its own.
 *  - test/unit/cluster/spec-file.test.ts: the Kubernetes versions the sandbox's bakery serves
 *    (the sandbox examples must name one).
 *  - test/e2e/fake-api.ts: the sandbox's regions, for the renderer's canned azure.locations.
 *  - bench/deploy-orchestration.ts, bench/lifecycle-operations.ts, bench/sandbox-step-latency.ts
 *    and test/unit/bench/lifecycle-bound.test.ts: the sandbox's latency profile, for the least
 *    time a deployment, a scale, an upgrade or an HA create must wait in it.
 *  - test/helpers/sandbox-platform.ts (startTestSandbox) and test/integration/cli/: the
 *    in-process sandbox of the CLI tests, until they start theirs through the public surface.
 */
export * from './sim-node-fixture';
export * from './nodes-fixtures';
export { startSandboxServer as startInProcessSandbox, type RunningSandbox, type SandboxServerOptions } from '../server';
export { createNodeHost, type SandboxNodeHost, type NodeHost } from '../nodes/index';
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
export { API_TOKEN_FILE } from '../api-auth/api-token';
export { createSignedUrls } from '../api-auth/signed-urls';
export { AZURE_LOCATIONS } from '../resources/data/azure-locations.data';
export { createCa, createServerCert } from '../tls/certificate-authority';
export { createLatencyProfile } from '../time/latency-profiles';
export type { LatencyProfile } from '../arm/types';
