import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FAILURE_CATALOGUE, matchAllFailures, matchFailure } from '../../../electron/services/failures/catalogue';

// Real-looking lines: Azure bodies quoted from the threads in docs/azure.md#errors, the rest as
// kubeadm, kubelet, Ignition and kubectl print them.
const CASES: [string, string][] = [
  ['azure-terms-not-accepted', 'MarketplacePurchaseEligibilityFailed: Marketplace purchase eligibilty check returned errors. See inner errors for details.'],
  ['azure-terms-not-accepted', "ResourcePurchaseValidationFailed: User failed validation to purchase resources. Error message: 'You have not accepted the legal terms on this subscription"],
  ['azure-plan-missing', 'VMMarketplaceInvalidInput: Creating a virtual machine from Marketplace image or a custom image sourced from a Marketplace image requires Plan information in the request.'],
  ['azure-quota', 'OperationNotAllowed: Operation could not be completed as it results in exceeding approved Total Regional Cores quota. Additional details - Deployment Model: Resource Manager, Location: KoreaSouth, Current Limit: 50'],
  ['azure-quota', '(OperationNotAllowed) Operation could not be completed as it results in exceeding approved standardBSFamily Cores quota.'],
  ['azure-sku-not-available', "SkuNotAvailable: The requested VM size for resource 'Following SKUs have failed for Capacity Restrictions: Standard_B2s' is currently not available in location 'eastus'."],
  ['azure-dns-record-in-use', 'DnsRecordInUse: DNS record ha-20554db.westeurope.cloudapp.azure.com is already used by another public IP.'],
  ['kubeadm-certs-expired', 'error execution phase control-plane-prepare/download-certs: error downloading certs: error downloading the secret: Secret "kubeadm-certs" was not found in the "kube-system" Namespace. This Secret might have expired. Please, run `kubeadm init phase upload-certs --upload-certs` on a control plane to generate a new one'],
  ['azure-hyperv-generation', "BadRequest: The selected VM size 'Standard_A1_v2' cannot boot Hypervisor Generation '2'."],
  ['azure-image-not-found', '(NotFound) Artifact: VMImage was not found.'],
  ['azure-custom-data-too-large', 'InvalidParameter: Custom data in OSProfile must be in Base64 encoding and with a maximum length of 87380 characters.'],
  ['azure-token-expired', "ExpiredAuthenticationToken: The access token expiry UTC time '1/18/2023 5:10:42 PM' is earlier than current UTC time '1/18/2023 5:24:09 PM'."],
  ['azure-token-invalid', "InvalidAuthenticationTokenTenant: The access token is from the wrong issuer 'https://sts.windows.net/tenant1/'."],
  ['azure-authorization-failed', "AuthorizationFailed: The client '0000' with object id '0000' does not have authorization to perform action 'Microsoft.Compute/virtualMachines/write'"],
  ['azure-role-assignment-forbidden', "AuthorizationFailed: The client 'grace@sandbox.flatkube.local' with object id '06ace000' does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/write' over scope '/subscriptions/s/resourceGroups/dev-rg' or the scope is invalid."],
  ['azure-os-provisioning', "OSProvisioningTimedOut: OS Provisioning for VM 'dev-worker-0-vm' did not finish in the allotted time. The VM may still finish provisioning successfully."],
  ['azure-throttled', "SubscriptionRequestsThrottled: Number of 'read' requests for subscription '0000' actor '0000' exceeded."],
  ['ignition-hash-mismatch', 'Ignition: files: createFilesystemsFiles: createFiles: op(5): [failed]   writing file "/sysroot/opt/extensions/kubernetes/kubernetes-v1.35.3-x86-64.raw": hash verification failed (calculated sha256-1a2b but expected sha256-3c4d)'],
  ['ignition-failed', 'ignition[433]: files failed: open /sysroot/etc/foo: read-only file system\n[FAILED] Failed to start ignition-files.service - Ignition (files).\nYou are in emergency mode. After logging in, type "journalctl -xb" to view system logs.'],
  ['ignition-fetch-failed', 'ignition[812]: GET https://extensions.flatcar.org/extensions/kubernetes-v1.35.3-x86-64.raw: attempt #7\nignition[812]: GET error: Get "https://extensions.flatcar.org/extensions/kubernetes-v1.35.3-x86-64.raw": dial tcp 13.107.246.40:443: i/o timeout'],
  ['br-netfilter-missing', 'E0412 10:01:02.123456       1 main.go:330] Failed to check br_netfilter: stat /proc/sys/net/bridge/bridge-nf-call-iptables: no such file or directory'],
  ['cgroup-driver-mismatch', 'E0412 kubelet.go:1431] "Failed to start ContainerManager" err="misconfiguration: kubelet cgroup driver: \\"cgroupfs\\" is different from docker cgroup driver: \\"systemd\\""'.replace(/\\"/g, '"')],
  ['flexvolume-readonly', 'Warning  FailedMount  kubelet  MountVolume.SetUp failed for volume "flexvolume-dir" : mkdir /usr/libexec/kubernetes: read-only file system'],
  ['kubeadm-v1beta3-removed', 'error: no kind "InitConfiguration" is registered for version "kubeadm.k8s.io/v1beta3" in scheme "k8s.io/kubernetes/cmd/kubeadm/app/apis/kubeadm/scheme/scheme.go:31"'],
  ['bootstrap-token-invalid', 'error execution phase preflight: couldn\'t validate the identity of the API Server: could not find a JWS signature in the cluster-info ConfigMap for token ID "abcdef"'],
  ['bootstrap-token-invalid', 'error execution phase kubelet-start: error uploading crisocket: token id "abcdef" is invalid for this cluster or it has expired. Use "kubeadm token create" on the control-plane node to create a new valid token'],
  ['ca-cert-hash-mismatch', 'error execution phase preflight: cluster CA found in cluster-info ConfigMap is invalid: none of the public keys "sha256:0123abcd" are pinned'],
  ['kubeadm-preflight-resources', '[ERROR NumCPU]: the number of available CPUs 1 is less than the required 2'],
  ['kubeadm-already-initialised', '[ERROR Port-6443]: Port 6443 is in use'],
  ['cni-rollout-timeout', 'Waiting for daemon set "kube-flannel-ds" rollout to finish: 0 of 3 updated pods are available...\nerror: timed out waiting for the condition'],
  ['cni-rollout-timeout', 'error: timed out waiting for the condition on nodes/demo-w-1'],
  ['kubeadm-control-plane-timeout', '[wait-control-plane] Waiting for the kubelet to boot up the control plane as static Pods from directory "/etc/kubernetes/manifests"\nerror execution phase wait-control-plane: could not initialize a Kubernetes cluster: timed out waiting for the condition'],
  ['image-pull-backoff', 'kube-flannel   kube-flannel-ds-x7k2p   0/1   Init:ImagePullBackOff   0   2m'],
  ['cni-not-ready', 'KubeletNotReady  container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized'],
  ['apiserver-connection-refused', 'The connection to the server 10.0.1.4:6443 was refused - did you specify the right host or port?'],
  ['apiserver-connection-refused', 'Get "https://10.0.1.4:6443/api/v1/nodes": dial tcp 10.0.1.4:6443: connect: connection refused'],
  ['apiserver-timeout', 'Get "https://20.1.2.3:6443/version": dial tcp 20.1.2.3:6443: i/o timeout'],
  ['host-key-mismatch', 'Host key verification failed.'],
  ['kubelet-not-enabled-upheld', "\t[WARNING Service-Kubelet]: kubelet service is not enabled, please run 'systemctl enable kubelet.service'"],
  ['kubelet-restarting-before-init', 'kubelet[1234]: E0412 run.go:72] "command failed" err="failed to load kubelet config file, path: /var/lib/kubelet/config.yaml, error: open /var/lib/kubelet/config.yaml: no such file or directory"'],
];

test('real-looking lines map to the right hint', () => {
  for (const [id, line] of CASES) {
    assert.equal(matchFailure(line)?.id, id, line);
  }
});

test('every catalogue entry is exercised by at least one case, ids are unique', () => {
  const ids = FAILURE_CATALOGUE.map((e) => e.id);
  assert.equal(new Set(ids).size, ids.length);
  const covered = new Set(CASES.map(([id]) => id));
  const untested = ids.filter((id) => !covered.has(id));
  // A few Azure codes are simple literal matches; the rest must have a case.
  assert.deepEqual(untested.filter((id) => !['azure-location-not-available', 'azure-resource-group-not-found', 'azure-allocation-failed', 'calico-ipip-on-azure'].includes(id)), []);
});

test('a specific cause beats a generic symptom in the same log', () => {
  const log = [
    'I0412 kubelet: Scheduled restart job, restart counter is at 4.',
    'Get "https://10.0.1.4:6443/api/v1/nodes": dial tcp 10.0.1.4:6443: connect: connection refused',
    'error execution phase kubelet-start: token id "abcdef" is invalid for this cluster or it has expired.',
  ].join('\n');
  const best = matchFailure(log)!;
  assert.equal(best.id, 'bootstrap-token-invalid');
  assert.match(best.excerpt, /^error execution phase kubelet-start/);
  assert.deepEqual(matchAllFailures(log).map((m) => m.id).slice(0, 2), ['bootstrap-token-invalid', 'apiserver-connection-refused']);
});

test('benign signs are marked, unknown text gives no hint', () => {
  assert.equal(matchFailure(CASES.at(-1)![1])?.benign, true);
  assert.equal(matchFailure('[init] Using Kubernetes version: v1.35.3'), undefined);
  assert.equal(matchFailure(''), undefined);
});

test('the read-only flex-volume hint follows the sysext (its /var symlink), not an /opt/libexec override', () => {
  const hint = FAILURE_CATALOGUE.find((f) => f.id === 'flexvolume-readonly')!.hint;
  assert.doesNotMatch(hint, /\/opt\/libexec/);
  assert.match(hint, /\/var\/kubernetes\/kubelet-plugins\/volume\/exec/);
});

test("kubeadm's 'kubelet service is not enabled' warning is benign: the Flatcar sysext upholds kubelet", () => {
  const m = matchFailure("[preflight] Running pre-flight checks\n\t[WARNING Service-Kubelet]: kubelet service is not enabled, please run 'systemctl enable kubelet.service'");
  assert.equal(m?.id, 'kubelet-not-enabled-upheld');
  assert.equal(m?.benign, true);
});
