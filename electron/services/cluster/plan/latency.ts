/**
 * Expected step durations for progress bars, ETAs and benchmarks (critical path vs serial).
 * Rough figures, NOT measurements (none were reachable offline); they agree with the sandbox's
 * realistic latency profile (sandbox/src/time/latency-profiles.ts), which cites its
 * sources: VM create ~45 s (Azure quickstarts: 30-90 s for a small Linux VM), network resources
 * 2-5 s, public IP ~3 s. The node-side figures are ours:
 *  - first boot to SSH: Flatcar boots in seconds, Ignition then downloads the ~100 MB Kubernetes
 *    sysext before sshd answers: ~30 s;
 *  - kubeadm init ~60-120 s on a B2s (image pulls dominate): 90 s; join ~30-60 s: 40 s;
 *  - CNI rollout (image pulls on each node): 30 s; all nodes Ready after the CNI: ~20 s.
 * Change figures here only.
 */
export const STEP_LATENCY_MS = {
  terms: 3_000,
  rg: 2_000,
  vnet: 4_000,
  nsg: 4_000,
  nsgRule: 3_000,
  pip: 3_000,
  nic: 2_000,
  ignition: 50,
  vm: 45_000,
  ssh: 30_000,
  kubeadmInit: 90_000,
  cni: 30_000,
  // One `kubectl apply` of a few objects; nothing waits for the pods (ours, not measured).
  kured: 2_000,
  joinCommand: 2_000,
  join: 40_000,
  kubeconfig: 2_000,
  nodesReady: 20_000,
  // Three control planes: the API's public IP and load balancer are network resources (2-5 s
  // above); re-uploading the certificates is one API call; a control plane's join adds etcd and
  // the static pods to a worker's join (the same image pulls as init): ours, not measured.
  apiPip: 3_000,
  loadBalancer: 5_000,
  nodesApiRule: 3_000,
  uploadCerts: 3_000,
  joinControlPlane: 70_000,
  // The Azure integration: the identity is one resource (a network resource's 2-5 s); its role
  // assignment is one call, plus the directory's propagation when Azure answers PrincipalNotFound
  // (not counted); the cloud provider's and disk driver's rollout is image pulls, like the CNI's. Ours.
  identity: 3_000,
  roleAssignment: 3_000,
  azureAddons: 30_000,
  // Removing a node. VM deletes take about as long as creates in our experience of Azure (no
  // published figure); the drain is the pods' grace periods (30 s by default,
  // https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination).
  cordon: 1_000,
  drain: 30_000,
  vmDelete: 45_000,
  nicDelete: 5_000,
  diskDelete: 5_000,
  pipDelete: 5_000,
  deleteNode: 1_000,
  // Upgrading a node (ours, not measured): the ~100 MB image download as at first boot; kubeadm
  // upgrade apply pulls the new control plane images and restarts each static pod (minutes);
  // upgrade node only rewrites the kubelet's config; the kubelet comes back Ready in seconds.
  sysextSwap: 30_000,
  kubeadmUpgradeApply: 150_000,
  kubeadmUpgradeNode: 15_000,
  kubeletRestart: 15_000,
  uncordon: 1_000,
} as const;
