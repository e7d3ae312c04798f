/**
 * Known failure signs -> plain-language hints for the deploy view. Sources: docs/bootstrap.md#failure-signs,
 * Azure's documented error codes (real bodies quoted from the threads in docs/azure.md#errors)
 * and kubeadm/kubelet/Ignition messages. `priority` decides between several matches in one text:
 * a specific cause beats a generic symptom (a token error explains a failed join better than
 * "connection refused" further down).
 */

export type FailureSource = 'azure' | 'node' | 'kubeadm' | 'kube' | 'ssh';

export interface FailureEntry {
  id: string;
  source: FailureSource;
  match: RegExp;
  title: string;
  hint: string;
  /** Higher wins when several entries match; specific causes 80-100, symptoms 20-50, benign 0-10. */
  priority: number;
  /** True for signs that are expected and need no action (shown as info, not as an error). */
  benign?: boolean;
}

export const FAILURE_CATALOGUE: readonly FailureEntry[] = [
  // ---- Azure (ARM error codes) ----
  {
    id: 'azure-terms-not-accepted',
    source: 'azure',
    match: /MarketplacePurchaseEligibilityFailed|ResourcePurchaseValidationFailed|have not accepted the legal terms/,
    title: 'Marketplace terms not accepted',
    hint: 'The free Flatcar offer needs its terms accepted once per subscription (az vm image terms accept), or switch to flatcar-container-linux-corevm-amd64, which has no terms.',
    priority: 90,
  },
  {
    id: 'azure-plan-missing',
    source: 'azure',
    match: /VMMarketplaceInvalidInput|requires Plan information in the request/,
    title: 'VM is missing the image plan',
    hint: 'Images from flatcar-container-linux-free need plan {name: <sku>, product: <offer>, publisher: kinvolk} on the VM.',
    priority: 90,
  },
  {
    id: 'azure-quota',
    source: 'azure',
    match: /OperationNotAllowed[\s\S]*quota|exceeding approved [\w ]+ quota|QuotaExceeded/,
    title: 'vCPU quota too low',
    hint: 'The region or VM family quota cannot fit the cluster. Pick a smaller size, fewer workers, another region, or request a quota increase in the portal (Subscriptions > Usage + quotas).',
    priority: 90,
  },
  {
    id: 'azure-sku-not-available',
    source: 'azure',
    match: /SkuNotAvailable|requested (VM )?size .* is currently not available/,
    title: 'VM size not available here',
    hint: 'This size is restricted or out of capacity in the region for your subscription. Choose another size or region.',
    priority: 85,
  },
  {
    // A public IP's DNS label is unique per region across Azure ("DNS record <fqdn> is already used
    // by another public IP.": https://github.com/Azure/azure-quickstart-templates/issues/4978).
    id: 'azure-dns-record-in-use',
    source: 'azure',
    match: /DnsRecordInUse|is already used by another public IP/,
    title: "The API's DNS name is taken",
    hint: "Another public IP in this region has the name the cluster's API endpoint needs (<cluster>-<hash of subscription, group and IP name>): a leftover of an earlier cluster of the same name in the same subscription and group. Delete that public IP, or use another cluster name or resource group.",
    priority: 85,
  },
  {
    id: 'azure-hyperv-generation',
    source: 'azure',
    match: /cannot boot Hypervisor Generation|Hypervisor Generation of the Image/,
    title: 'VM size and image generation do not match',
    hint: 'Gen2 images (the *-gen2 SKUs) need a size that supports Gen2; pick a current size such as Standard_B2s or D2s_v5, or a Gen1 image.',
    priority: 85,
  },
  {
    id: 'azure-image-not-found',
    source: 'azure',
    match: /Artifact: VMImage was not found/,
    title: 'Flatcar image not found',
    hint: 'The offer/SKU/version does not exist in this region (Arm64 has no -gen2 SKUs; LTS is lts2024). Use version "latest".',
    priority: 80,
  },
  {
    id: 'azure-custom-data-too-large',
    source: 'azure',
    match: /Custom data in OSProfile must be in Base64 encoding and with a maximum length/,
    title: 'Ignition config too large for custom data',
    hint: 'Azure takes at most 64 KB (87380 base64 characters) of custom data. Move large files to remote sources.',
    priority: 85,
  },
  {
    id: 'azure-token-expired',
    source: 'azure',
    match: /ExpiredAuthenticationToken|access token expiry UTC time/,
    title: 'Azure sign-in expired',
    hint: 'The access token expired during the run. Sign in again; the deploy resumes from the journal.',
    priority: 85,
  },
  {
    id: 'azure-token-invalid',
    source: 'azure',
    match: /InvalidAuthenticationToken(Tenant)?|AuthenticationFailed/,
    title: 'Azure rejected the sign-in',
    hint: 'The token is for another tenant or is malformed. Sign in again and choose the tenant that owns the subscription.',
    priority: 80,
  },
  {
    // Contributor's built-in definition lists Microsoft.Authorization/*/Write under notActions;
    // Owner and User Access Administrator may write role assignments
    // (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
    id: 'azure-role-assignment-forbidden',
    source: 'azure',
    match: /perform action '?Microsoft\.Authorization\/roleAssignments\/write/,
    title: 'Not allowed to give the cluster its role',
    hint: "The Azure integration gives the cluster's identity a role on its resource group, which needs Owner or User Access Administrator there (Contributor may not). Ask for one of them, or turn the integration off (azureIntegration: {cloudProvider: false, disks: false}; the wizard's Cluster step), then resume.",
    priority: 90,
  },
  {
    id: 'azure-authorization-failed',
    source: 'azure',
    match: /AuthorizationFailed|does not have authorization to perform action/,
    title: 'Missing Azure permission',
    hint: 'Your account needs Contributor (or Owner) on the subscription or resource group.',
    priority: 80,
  },
  {
    id: 'azure-throttled',
    source: 'azure',
    match: /SubscriptionRequestsThrottled|ResourceRequestsThrottled|TooManyRequests|\b429\b.*Retry-After/,
    title: 'Azure is throttling requests',
    hint: 'Too many requests in a short time. Flatkube retries after Retry-After; nothing to do unless it persists.',
    priority: 40,
  },
  {
    id: 'azure-location-not-available',
    source: 'azure',
    match: /LocationNotAvailableForResourceType/,
    title: 'Region not available for this resource',
    hint: 'Pick another region; not every region offers every resource type to every subscription.',
    priority: 80,
  },
  {
    id: 'azure-resource-group-not-found',
    source: 'azure',
    match: /ResourceGroupNotFound/,
    title: 'Resource group not found',
    hint: 'Let Flatkube create the resource group, or check its name and subscription.',
    priority: 70,
  },
  {
    id: 'azure-allocation-failed',
    source: 'azure',
    match: /(Zonal)?AllocationFailed|OverconstrainedAllocationRequest/,
    title: 'Azure has no capacity for this VM right now',
    hint: 'Retry later, or choose another size or region.',
    priority: 80,
  },

  {
    id: 'azure-os-provisioning',
    source: 'azure',
    match: /OSProvisioningTimedOut|OSProvisioningClientError|VMAgentStatusCommunicationError/,
    title: 'The VM did not finish booting in time',
    hint: 'Azure heard nothing from the VM after it started. Read its serial log (boot diagnostics) for Ignition errors, then Retry (the VM is sent again) or Tear down.',
    priority: 80,
  },

  // ---- Node: Ignition, kernel, containerd, kubelet ----
  {
    id: 'ignition-hash-mismatch',
    source: 'node',
    match: /hash verification failed|calculated sha(256|512)-[0-9a-f]+ but expected/,
    title: 'Kubernetes extension failed its checksum',
    hint: 'The image downloaded is not the one whose sha256 the bakery\'s SHA256SUMS listed when the deployment started (a re-published release, or a proxy that alters downloads). Tear down and create again to pin the current checksum.',
    priority: 95,
  },
  {
    id: 'ignition-failed',
    source: 'node',
    match: /You are in emergency mode|Failed to start ignition-[\w-]+\.service|Ignition failed/,
    title: 'Ignition failed on first boot',
    hint: 'The node stopped in emergency mode before SSH started; the serial log lines above say which file or unit failed. Tear down (or delete the VM) and create again once the cause is fixed: Ignition runs on first boot only.',
    priority: 60,
  },
  {
    id: 'ignition-fetch-failed',
    source: 'node',
    match: /(ignition|Ignition)[^\n]*(GET error|failed to fetch|i\/o timeout|no route to host)|GET https:\/\/extensions\.flatcar\.org\S* (error|failed)/,
    title: 'Ignition cannot download files',
    hint: 'The node has no outbound internet. Subnets are private by default since 2026: give each node a public IP or a NAT gateway.',
    priority: 85,
  },
  {
    id: 'br-netfilter-missing',
    source: 'node',
    match: /Failed to check br_netfilter|\/proc\/sys\/net\/bridge\/bridge-nf-call-iptables (does not exist|not found)|br_netfilter[^\n]*not (found|loaded)/,
    title: 'br_netfilter not loaded',
    hint: 'Load br_netfilter at boot with /etc/modules-load.d/k8s.conf (Flatkube\'s Ignition does this); Flannel fails without it.',
    priority: 90,
  },
  {
    id: 'cgroup-driver-mismatch',
    source: 'node',
    match: /cgroup driver: "\w+" is different from|cgroupfs is different from[^\n]*systemd|cgroup driver[^\n]*mismatch/i,
    title: 'Cgroup driver mismatch',
    hint: 'Keep Flatcar\'s containerd config (SystemdCgroup = true) and set cgroupDriver: systemd in KubeletConfiguration.',
    priority: 90,
  },
  {
    id: 'flexvolume-readonly',
    source: 'node',
    match: /FailedMount[^\n]*flexvolume-dir|\/usr\/libexec\/kubernetes[^\n]*read-only file system/,
    title: 'Flex-volume directory on read-only /usr',
    hint: '/usr is read-only on Flatcar: the Kubernetes sysext links /usr/libexec/kubernetes/kubelet-plugins/volume/exec to /var/kubernetes/kubelet-plugins/volume/exec. Check that the sysext is merged (systemd-sysext status) and that nothing overrides the volume plugin dir.',
    priority: 85,
  },
  {
    id: 'kubelet-restarting-before-init',
    source: 'node',
    match: /failed to load kubelet config file[^\n]*\/var\/lib\/kubelet\/config\.yaml|kubelet\.service: Scheduled restart job/i,
    title: 'kubelet restarting (expected before init/join)',
    hint: 'Normal until kubeadm init or join writes /var/lib/kubelet/config.yaml; it settles by itself.',
    priority: 5,
    benign: true,
  },
  {
    // Flatkube writes no enablement link for kubelet: the Flatcar Kubernetes sysext starts it with
    // Upholds=kubelet.service (multi-user.target.d/10-kubelet-service.conf), which kubeadm's
    // preflight (`systemctl is-enabled`) does not count.
    id: 'kubelet-not-enabled-upheld',
    source: 'kubeadm',
    match: /\[WARNING Service-Kubelet\]: kubelet service is not enabled/,
    title: 'kubelet "not enabled" (expected with the Flatcar sysext)',
    hint: "The Kubernetes sysext starts kubelet itself (Upholds=kubelet.service in its multi-user.target drop-in); kubeadm only looks for an enablement link. Nothing to do.",
    priority: 4,
    benign: true,
  },
  {
    id: 'host-key-mismatch',
    source: 'ssh',
    match: /Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|host key (mismatch|does not match)/i,
    title: 'Unexpected SSH host key',
    hint: 'The node presented a key other than the one pinned for it (the key it printed on its serial console at first boot). The IP may belong to another VM: stop and check before trusting it.',
    priority: 95,
  },

  // ---- kubeadm ----
  {
    id: 'kubeadm-v1beta3-removed',
    source: 'kubeadm',
    match: /no kind "\w+Configuration" is registered for version "kubeadm\.k8s\.io\/v1beta[0-3]"/,
    title: 'Old kubeadm config API',
    hint: 'kubeadm.k8s.io/v1beta3 was removed in 1.36: use v1beta4 (extraArgs become name/value lists).',
    priority: 95,
  },
  {
    // kubernetes/kubernetes cmd/kubeadm/app/phases/copycerts/copycerts.go (getSecret): the
    // uploaded certificates are deleted two hours after `init --upload-certs`.
    id: 'kubeadm-certs-expired',
    source: 'kubeadm',
    match: /Secret "kubeadm-certs" was not found in the "kube-system" Namespace|This Secret might have expired/,
    title: 'The shared control-plane certificates expired',
    hint: 'kubeadm deletes the uploaded certificates two hours after they were uploaded. Resume the operation: Flatkube uploads them again with a new key before the control plane joins.',
    priority: 90,
  },
  {
    id: 'bootstrap-token-invalid',
    source: 'kubeadm',
    match: /token id "\w+" is invalid for this cluster or it has expired|bootstrap token[^\n]*(expired|not found|invalid)|couldn't validate the identity of the API Server/i,
    title: 'Join token expired or invalid',
    hint: 'Bootstrap tokens live 24 h by default. Create a new one on the control plane (kubeadm token create --print-join-command) and join again.',
    priority: 90,
  },
  {
    id: 'ca-cert-hash-mismatch',
    source: 'kubeadm',
    match: /none of the public keys "sha256:[0-9a-f]+" are pinned/,
    title: 'CA hash does not match',
    hint: 'The --discovery-token-ca-cert-hash belongs to another cluster. Print a fresh join command on this control plane.',
    priority: 90,
  },
  {
    id: 'kubeadm-preflight-resources',
    source: 'kubeadm',
    match: /\[ERROR (NumCPU|Mem)\]/,
    title: 'VM too small for a control plane',
    hint: 'kubeadm needs 2 vCPUs and 1700 MB: Standard_B2s is the smallest size that works.',
    priority: 85,
  },
  {
    id: 'kubeadm-already-initialised',
    source: 'kubeadm',
    match: /\[ERROR (Port-6443|Port-10250|FileAvailable--etc-kubernetes-manifests-[\w.-]+|DirAvailable--var-lib-etcd)\]/,
    title: 'Node already initialised',
    hint: 'kubeadm already ran here. Skip init (the cluster exists) or run kubeadm reset first if you really want to start over.',
    priority: 70,
  },
  {
    // kubectl rollout status / wait after the CNI manifests (ssh-steps.ts "cni").
    id: 'cni-rollout-timeout',
    source: 'kube',
    match: /rollout to finish: \d+ of \d+ updated (pods|replicas) are available|timed out waiting for the condition on (nodes|customresourcedefinitions)/,
    title: 'Pod network did not become ready',
    hint: 'The CNI pods did not start on every node in time: check kubectl get pods -A on cp-0. Usual causes: br_netfilter not loaded, the pod CIDR differs from kubeadm podSubnet, or the nodes cannot pull images (outbound internet).',
    priority: 60,
  },
  {
    id: 'kubeadm-control-plane-timeout',
    source: 'kubeadm',
    match: /wait-control-plane[^\n]*(timed out|timeout)|timed out waiting for the condition|The kubelet is not running/,
    title: 'Control plane did not come up',
    hint: 'Check journalctl -u kubelet on cp-0: usually a cgroup driver mismatch, a missing container image, or containerd not running.',
    priority: 50,
  },

  // ---- Kubernetes ----
  {
    id: 'image-pull-backoff',
    source: 'kube',
    match: /ImagePullBackOff|ErrImagePull|failed to pull image/,
    title: 'Container image cannot be pulled',
    hint: 'The node cannot reach the registry (outbound internet, DNS) or the image name/tag is wrong. Check kubectl describe pod.',
    priority: 60,
  },
  {
    id: 'cni-not-ready',
    source: 'kube',
    match: /cni config uninitialized|NetworkPluginNotReady|no networks found in \/etc\/cni\/net\.d/,
    title: 'No pod network yet',
    hint: 'Nodes stay NotReady until the CNI is installed and its pods run on every node.',
    priority: 30,
  },
  {
    id: 'calico-ipip-on-azure',
    source: 'kube',
    match: /ipipMode:\s*Always|IPIP[^\n]*(enabled|tunnel)/i,
    title: 'Calico uses IP-in-IP',
    hint: 'Azure drops IP-in-IP: pods on different nodes cannot talk. Use encapsulation VXLAN with BGP disabled.',
    priority: 80,
  },
  {
    id: 'apiserver-connection-refused',
    source: 'kube',
    match: /(dial tcp|connect to) [\w.-]+:6443[^\n]*connection refused|connection to the server [\w.-]+:6443 was refused/,
    title: 'API server not reachable (connection refused)',
    hint: 'The API server on cp-0 is not running (yet). If it persists, kubeadm init failed or the kubelet stopped: see the cp-0 log. From your machine, check the NSG allows 6443 from your IP.',
    priority: 40,
  },
  {
    id: 'apiserver-timeout',
    source: 'kube',
    match: /(dial tcp|connect to) [\w.-]+:6443[^\n]*(i\/o timeout|no route to host)/,
    title: 'API server unreachable (timeout)',
    hint: 'Packets are dropped: the NSG rule for 6443 must allow your current public IP (it may have changed).',
    priority: 45,
  },
];

export interface FailureMatch {
  id: string;
  title: string;
  hint: string;
  source: FailureSource;
  benign: boolean;
  /** The line (or excerpt) that matched, for showing next to the hint. */
  excerpt: string;
}

function toMatch(entry: FailureEntry, text: string): FailureMatch | undefined {
  const m = entry.match.exec(text);
  if (!m) return undefined;
  // Show the whole line containing the match (trimmed), not just the matched fragment.
  const start = text.lastIndexOf('\n', m.index) + 1;
  const endAt = text.indexOf('\n', m.index + m[0].length);
  const excerpt = text.slice(start, endAt === -1 ? undefined : endAt).trim().slice(0, 300);
  return { id: entry.id, title: entry.title, hint: entry.hint, source: entry.source, benign: entry.benign ?? false, excerpt };
}

/** Every catalogue entry matching the text, best first. */
export function matchAllFailures(text: string): FailureMatch[] {
  return FAILURE_CATALOGUE.map((e, index) => ({ e, index, m: toMatch(e, text) }))
    .filter((x): x is { e: FailureEntry; index: number; m: FailureMatch } => x.m !== undefined)
    .sort((a, b) => b.e.priority - a.e.priority || a.index - b.index)
    .map((x) => x.m);
}

/** The best hint for a log excerpt or an error message, or undefined when nothing is known. */
export function matchFailure(text: string): FailureMatch | undefined {
  return matchAllFailures(text)[0];
}
