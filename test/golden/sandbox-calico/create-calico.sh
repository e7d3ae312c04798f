#!/usr/bin/env bash
# Flatkube: create Kubernetes cluster "calico" on Flatcar Container Linux in Azure.
# Kubernetes 1.35.3, 2 node(s), CNI calico, image kinvolk:flatcar-container-linux-corevm-amd64:stable-gen2:latest.
# Needs: az (logged in: az login), ssh, kubectl; the rendered Ignition configs in $IGNITION_DIR.
# Costs money while the VMs run. Remove everything with: az group delete --name "${RG}"
set -euo pipefail

# ---- settings --------------------------------------------------------------
CLUSTER=calico
SUBSCRIPTION=0fa7c0be-5a4d-4b0c-8e11-f1a7c0be5a4d
RG=calico-rg
LOCATION=westeurope
IMAGE=kinvolk:flatcar-container-linux-corevm-amd64:stable-gen2:latest
CP_SIZE=Standard_B2s
WORKER_SIZE=Standard_B2s
VNET="${CLUSTER}-vnet"
SUBNET="${CLUSTER}-subnet"
NSG="${CLUSTER}-nsg"
VNET_CIDR=10.0.0.0/16
SUBNET_CIDR=10.0.1.0/24
# Only your address may reach SSH (22) and the Kubernetes API (6443).
SOURCE_CIDR=127.0.0.1/32
SSH_USER=core
SSH_PUBLIC_KEY='ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOLpkENLAd/kFjoDMAiahzbKdLWePo5+EAMBZIQD+g/r example@flatkube'
TAGS=(flatkube-cluster=calico environment=sandbox)
IGNITION_DIR="${IGNITION_DIR:-./ignition}"
KNOWN_HOSTS="${KNOWN_HOSTS:-./known_hosts}"
KUBECONFIG_FILE="./kubeconfig-${CLUSTER}.yaml"

# The pinned host keys get a file of their own; one this script did not write is left alone.
KNOWN_HOSTS_MARK="# flatkube: host keys pinned for cluster ${CLUSTER}"
if [[ -s "${KNOWN_HOSTS}" ]] && ! { IFS= read -r first < "${KNOWN_HOSTS}" && [[ "${first}" == "${KNOWN_HOSTS_MARK}" ]]; }; then
  echo "KNOWN_HOSTS=${KNOWN_HOSTS} is not a file this script wrote: refusing to overwrite it (point KNOWN_HOSTS at a new file)" >&2
  exit 1
fi
printf '%s\n' "${KNOWN_HOSTS_MARK}" > "${KNOWN_HOSTS}"

# ---- host keys -------------------------------------------------------------
# No host key travels in custom data (Azure: "Do not pass any secrets or passwords in customData"):
# each node makes its own at first boot and prints the public half on its serial console.
# Boot diagnostics hand that log out through your az login; ssh then trusts exactly that key.
pin_host_key() { # VM_NAME PUBLIC_IP
  local vm="$1" ip="$2" enabled log line key="" found="" tries=0
  local re='FLATKUBE-HOSTKEY (ssh-ed25519 AAAA[A-Za-z0-9+/]+={0,2})'
  enabled="$(az vm show --resource-group "${RG}" --name "${vm}" --query diagnosticsProfile.bootDiagnostics.enabled --output tsv)"
  if [[ "${enabled}" != true && "${enabled}" != True ]]; then
    echo "${vm}: boot diagnostics are off; turning them on and restarting the VM so that it prints its host key again" >&2
    az vm boot-diagnostics enable --resource-group "${RG}" --name "${vm}" --output none
    az vm restart --resource-group "${RG}" --name "${vm}" --output none
  fi
  while :; do
    log="$(az vm boot-diagnostics get-boot-log --resource-group "${RG}" --name "${vm}" 2>/dev/null || true)"
    found=""
    while IFS= read -r line; do
      [[ "${line}" =~ ${re} ]] || continue
      key="${BASH_REMATCH[1]}"
      if [[ -n "${found}" && "${found}" != "${key}" ]]; then
        echo "${vm}: its serial log shows two different ed25519 host keys; trusting neither" >&2
        return 1
      fi
      found="${key}"
    done <<< "${log}"
    if [[ -n "${found}" ]]; then
      printf '%s %s
' "${ip}" "${found}" >> "${KNOWN_HOSTS}"
      echo "${vm}: pinned the ed25519 host key from its serial console: ${found}"
      return 0
    fi
    tries=$((tries + 1))
    if (( tries >= 60 )); then
      echo "${vm} printed no FLATKUBE-HOSTKEY line on its serial console within 10 minutes; not connecting without a pinned host key (see: az vm boot-diagnostics get-boot-log --resource-group ${RG} --name ${vm})" >&2
      return 1
    fi
    sleep 10
  done
}

az account set --subscription "${SUBSCRIPTION}"

# ---- Create resource group calico-rg [rg]
# A resource group in westeurope holds every resource of the cluster.
# Deleting the group later removes the whole cluster in one operation.
if [ "$(az group exists --name "${RG}")" = true ] && [ "$(az group show --name "${RG}" --query 'tags."flatkube-cluster"' --output tsv)" != "${CLUSTER}" ]; then
  echo "Resource group" "${RG}" "already exists and was not created for cluster" "${CLUSTER}"": choose another name, or use it explicitly (resourceGroup.create: false)." >&2
  exit 1
fi
az group create --name "${RG}" --location "${LOCATION}" --tags "${TAGS[@]}"

# ---- Create virtual network calico-vnet [vnet]
# A private network 10.0.0.0/16 with subnet 10.0.1.0/24 for the nodes.
# Nodes talk to each other over private addresses; pods and services use separate ranges.
az network vnet create --resource-group "${RG}" --name "${VNET}" --location "${LOCATION}" --address-prefixes "${VNET_CIDR}" --subnet-name "${SUBNET}" --subnet-prefixes "${SUBNET_CIDR}" --tags "${TAGS[@]}"

# ---- Create network security group calico-nsg [nsg]
# A firewall attached to every node's network card.
# By default it blocks inbound internet traffic and allows traffic inside the VNet.
az network nsg create --resource-group "${RG}" --name "${NSG}" --location "${LOCATION}" --tags "${TAGS[@]}"

# ---- Allow SSH (TCP 22) from 127.0.0.1 [nsg-rule:ssh]
# Opens TCP 22 to your address 127.0.0.1 only, not to the whole internet.
# Flatkube needs SSH from your machine to bootstrap and then manage the cluster.
az network nsg rule create --resource-group "${RG}" --nsg-name "${NSG}" --name allow-ssh --priority 100 --direction Inbound --access Allow --protocol Tcp --source-address-prefixes "${SOURCE_CIDR}" --destination-port-ranges 22

# ---- Allow the Kubernetes API (TCP 6443) from 127.0.0.1 [nsg-rule:kube-api]
# Opens TCP 6443 to your address 127.0.0.1 only, not to the whole internet.
# Flatkube needs the Kubernetes API from your machine to bootstrap and then manage the cluster.
az network nsg rule create --resource-group "${RG}" --nsg-name "${NSG}" --name allow-kube-api --priority 110 --direction Inbound --access Allow --protocol Tcp --source-address-prefixes "${SOURCE_CIDR}" --destination-port-ranges 6443

# ---- Create public IP for cp-0 [pip:cp-0]
# A static Standard public address for SSH, kubectl and outbound internet access.
# Subnets are private by default since 2026: without it the node could not download Kubernetes.
az network public-ip create --resource-group "${RG}" --name "${CLUSTER}-cp-0-pip" --location "${LOCATION}" --sku Standard --allocation-method Static --version IPv4 --tags "${TAGS[@]}"

# ---- Create network interface for cp-0 [nic:cp-0]
# The node's network card with the fixed private address 10.0.1.4 and its public IP.
# A fixed address lets the control plane endpoint be written before the VM exists.
az network nic create --resource-group "${RG}" --name "${CLUSTER}-cp-0-nic" --location "${LOCATION}" --vnet-name "${VNET}" --subnet "${SUBNET}" --private-ip-address 10.0.1.4 --public-ip-address "${CLUSTER}-cp-0-pip" --network-security-group "${NSG}" --tags "${TAGS[@]}"

# ---- Render the Ignition config of cp-0 [ignition:cp-0]
# Flatkube writes the first-boot config: SSH keys, hostname, kernel settings and the Kubernetes extension.
# Flatcar applies it once, before anything else starts, so every node boots ready for kubeadm.
# The API server certificate must name the public IP, known only now: fill the template in.
CP_PUBLIC_IP=$(az network public-ip show --resource-group "${RG}" --name "${CLUSTER}-cp-0-pip" --query ipAddress --output tsv)
if [[ ! "${CP_PUBLIC_IP}" =~ ^[0-9]{1,3}(\.[0-9]{1,3}){3}$ ]]; then
  echo "cp-0's public IP is not an IPv4 address: '${CP_PUBLIC_IP}'" >&2
  exit 1
fi
sed -e "s/FLATKUBE_CP0_PUBLIC_IP/${CP_PUBLIC_IP}/g" "${IGNITION_DIR}/cp-0.ign.template.json" > "${IGNITION_DIR}/cp-0.ign.json"

# ---- Create VM calico-cp-0-vm (Standard_B2s) [vm:cp-0]
# Azure creates a Standard_B2s VM from kinvolk:flatcar-container-linux-corevm-amd64:stable-gen2:latest with the Ignition config as custom data.
# The VM boots Flatcar, Ignition provisions it, and systemd merges the Kubernetes extension.
az vm create --resource-group "${RG}" --name "${CLUSTER}-cp-0-vm" --location "${LOCATION}" --image "${IMAGE}" --size "${CP_SIZE}" --nics "${CLUSTER}-cp-0-nic" --os-disk-name "${CLUSTER}-cp-0-osdisk" --admin-username "${SSH_USER}" --ssh-key-values "${SSH_PUBLIC_KEY}" --custom-data "${IGNITION_DIR}"/cp-0.ign.json --security-type Standard --tags "${TAGS[@]}"

# ---- Wait for SSH on cp-0 [ssh:cp-0]
# The node made its own SSH host key and printed the public half on its serial console; Flatkube reads it from boot diagnostics and pins it.
# Then it connects as core and accepts only that key: proof that we talk to our own VM, not to something in between.
pin_host_key "${CLUSTER}-cp-0-vm" "$(az network public-ip show --resource-group "${RG}" --name "${CLUSTER}-cp-0-pip" --query ipAddress --output tsv)"
until ssh -o StrictHostKeyChecking=yes -o UserKnownHostsFile="${KNOWN_HOSTS}" -o ConnectTimeout=5 "${SSH_USER}"@$(az network public-ip show --resource-group "${RG}" --name "${CLUSTER}-cp-0-pip" --query ipAddress --output tsv) true; do sleep 5; done

# ---- Create public IP for worker-0 [pip:worker-0]
# A static Standard public address for SSH, kubectl and outbound internet access.
# Subnets are private by default since 2026: without it the node could not download Kubernetes.
az network public-ip create --resource-group "${RG}" --name "${CLUSTER}-worker-0-pip" --location "${LOCATION}" --sku Standard --allocation-method Static --version IPv4 --tags "${TAGS[@]}"

# ---- Create network interface for worker-0 [nic:worker-0]
# The node's network card with the fixed private address 10.0.1.10 and its public IP.
# A fixed address lets the control plane endpoint be written before the VM exists.
az network nic create --resource-group "${RG}" --name "${CLUSTER}-worker-0-nic" --location "${LOCATION}" --vnet-name "${VNET}" --subnet "${SUBNET}" --private-ip-address 10.0.1.10 --public-ip-address "${CLUSTER}-worker-0-pip" --network-security-group "${NSG}" --tags "${TAGS[@]}"

# ---- Render the Ignition config of worker-0 [ignition:worker-0]
# Flatkube writes the first-boot config: SSH keys, hostname, kernel settings and the Kubernetes extension.
# Flatcar applies it once, before anything else starts, so every node boots ready for kubeadm.
test -s "${IGNITION_DIR}/worker-0.ign.json"

# ---- Create VM calico-worker-0-vm (Standard_B2s) [vm:worker-0]
# Azure creates a Standard_B2s VM from kinvolk:flatcar-container-linux-corevm-amd64:stable-gen2:latest with the Ignition config as custom data.
# The VM boots Flatcar, Ignition provisions it, and systemd merges the Kubernetes extension.
az vm create --resource-group "${RG}" --name "${CLUSTER}-worker-0-vm" --location "${LOCATION}" --image "${IMAGE}" --size "${WORKER_SIZE}" --nics "${CLUSTER}-worker-0-nic" --os-disk-name "${CLUSTER}-worker-0-osdisk" --admin-username "${SSH_USER}" --ssh-key-values "${SSH_PUBLIC_KEY}" --custom-data "${IGNITION_DIR}"/worker-0.ign.json --security-type Standard --tags "${TAGS[@]}"

# ---- Wait for SSH on worker-0 [ssh:worker-0]
# The node made its own SSH host key and printed the public half on its serial console; Flatkube reads it from boot diagnostics and pins it.
# Then it connects as core and accepts only that key: proof that we talk to our own VM, not to something in between.
pin_host_key "${CLUSTER}-worker-0-vm" "$(az network public-ip show --resource-group "${RG}" --name "${CLUSTER}-worker-0-pip" --query ipAddress --output tsv)"
until ssh -o StrictHostKeyChecking=yes -o UserKnownHostsFile="${KNOWN_HOSTS}" -o ConnectTimeout=5 "${SSH_USER}"@$(az network public-ip show --resource-group "${RG}" --name "${CLUSTER}-worker-0-pip" --query ipAddress --output tsv) true; do sleep 5; done

# ---- Initialise the control plane (kubeadm init) [kubeadm-init]
# kubeadm creates the cluster certificates, etcd and the API server on cp-0 as static pods.
# It reads /etc/kubeadm/init.yaml, written by Ignition (v1beta4, systemd cgroups, containerd).
ssh -o StrictHostKeyChecking=yes -o UserKnownHostsFile="${KNOWN_HOSTS}" "${SSH_USER}"@$(az network public-ip show --resource-group "${RG}" --name "${CLUSTER}-cp-0-pip" --query ipAddress --output tsv) 'test -f /etc/kubernetes/admin.conf || sudo kubeadm init --config /etc/kubeadm/init.yaml'

# ---- Install the pod network (Calico (VXLAN, BGP off)) [cni]
# Calico (VXLAN, BGP off) v3.31.7 gives every pod an address from 192.168.0.0/16.
# Nodes stay NotReady until a pod network exists; VXLAN works on Azure where IP-in-IP does not.
ssh -o StrictHostKeyChecking=yes -o UserKnownHostsFile="${KNOWN_HOSTS}" "${SSH_USER}"@$(az network public-ip show --resource-group "${RG}" --name "${CLUSTER}-cp-0-pip" --query ipAddress --output tsv) 'bash -s' <<'FLATKUBE_CNI'
set -euo pipefail
rm -rf /tmp/flatkube-calico && mkdir /tmp/flatkube-calico && cd /tmp/flatkube-calico && curl -fsSL -O https://raw.githubusercontent.com/projectcalico/calico/v3.31.7/manifests/operator-crds.yaml -O https://raw.githubusercontent.com/projectcalico/calico/v3.31.7/manifests/tigera-operator.yaml && echo '380414d5756e9a1af29ddb1ad70cada07aa344ae7a2680ba7355248621f8adbf  operator-crds.yaml' | sha256sum --check --strict && echo '092c10b3d0cb73617aca51367ca59755348f4647e6d2e63fa4e5b81266203214  tigera-operator.yaml' | sha256sum --check --strict && cd
sudo kubectl --kubeconfig=/etc/kubernetes/admin.conf create -f /tmp/flatkube-calico/operator-crds.yaml
sudo kubectl --kubeconfig=/etc/kubernetes/admin.conf create -f /tmp/flatkube-calico/tigera-operator.yaml
sudo kubectl --kubeconfig=/etc/kubernetes/admin.conf wait --for condition=established --timeout=120s crd/installations.operator.tigera.io
sudo kubectl --kubeconfig=/etc/kubernetes/admin.conf apply -f - <<'FLATKUBE_EOF'
apiVersion: operator.tigera.io/v1
kind: Installation
metadata:
  name: default
spec:
  calicoNetwork:
    bgp: Disabled
    mtu: 1350
    ipPools:
      - name: default-ipv4-ippool
        cidr: 192.168.0.0/16
        encapsulation: VXLAN
        natOutgoing: Enabled
        nodeSelector: all()
FLATKUBE_EOF
rm -rf /tmp/flatkube-calico
FLATKUBE_CNI

# ---- Install Kured 1.23.0 (reboots after Flatcar updates) [kured]
# Flatcar downloads OS updates by itself; Kured reboots one node at a time into them, draining it first.
# Turn automatic reboots off in the spec (updates.reboots: off) to reboot nodes yourself.
ssh -o StrictHostKeyChecking=yes -o UserKnownHostsFile="${KNOWN_HOSTS}" "${SSH_USER}"@$(az network public-ip show --resource-group "${RG}" --name "${CLUSTER}-cp-0-pip" --query ipAddress --output tsv) 'bash -s' <<'FLATKUBE_KURED'
set -euo pipefail
sudo kubectl --kubeconfig=/etc/kubernetes/admin.conf apply -f - <<'FLATKUBE_EOF'
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: kured
rules:
  - apiGroups:
      - ""
    resources:
      - nodes
    verbs:
      - get
      - patch
  - apiGroups:
      - ""
    resources:
      - pods
    verbs:
      - list
      - delete
      - get
  - apiGroups:
      - apps
    resources:
      - daemonsets
    verbs:
      - get
  - apiGroups:
      - ""
    resources:
      - pods/eviction
    verbs:
      - create
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: kured
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: kured
subjects:
  - kind: ServiceAccount
    name: kured
    namespace: kube-system
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: kured
  namespace: kube-system
rules:
  - apiGroups:
      - apps
    resources:
      - daemonsets
    resourceNames:
      - kured
    verbs:
      - update
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: kured
  namespace: kube-system
subjects:
  - kind: ServiceAccount
    name: kured
    namespace: kube-system
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: kured
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: kured
  namespace: kube-system
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: kured
  namespace: kube-system
spec:
  selector:
    matchLabels: &a1
      name: kured
  updateStrategy:
    type: RollingUpdate
  template:
    metadata:
      labels: *a1
    spec:
      serviceAccountName: kured
      tolerations:
        - key: node-role.kubernetes.io/control-plane
          effect: NoSchedule
        - key: node-role.kubernetes.io/master
          effect: NoSchedule
      hostPID: true
      restartPolicy: Always
      volumes:
        - name: sentinel
          hostPath:
            path: /var/run
            type: Directory
      containers:
        - name: kured
          image: ghcr.io/kubereboot/kured:1.23.0
          imagePullPolicy: IfNotPresent
          securityContext:
            privileged: true
            readOnlyRootFilesystem: true
          ports:
            - containerPort: 8080
              name: metrics
          env:
            - name: KURED_NODE_ID
              valueFrom:
                fieldRef:
                  fieldPath: spec.nodeName
          volumeMounts:
            - mountPath: /sentinel
              name: sentinel
              readOnly: true
          command:
            - /usr/bin/kured
            - --reboot-sentinel=/sentinel/reboot-required
            - --annotate-nodes=true
FLATKUBE_EOF
FLATKUBE_KURED

# ---- Fetch the admin kubeconfig [kubeconfig]
# Flatkube copies admin.conf from the control plane and points it at the public IP.
# With it, kubectl on your machine talks to the cluster through port 6443.
ssh -o StrictHostKeyChecking=yes -o UserKnownHostsFile="${KNOWN_HOSTS}" "${SSH_USER}"@$(az network public-ip show --resource-group "${RG}" --name "${CLUSTER}-cp-0-pip" --query ipAddress --output tsv) 'sudo cat /etc/kubernetes/admin.conf' | sed "s#https://10.0.1.4:6443#https://$(az network public-ip show --resource-group "${RG}" --name "${CLUSTER}-cp-0-pip" --query ipAddress --output tsv):6443#" > "${KUBECONFIG_FILE}" && chmod 600 "${KUBECONFIG_FILE}"

# ---- Create a join token [join-command]
# The control plane issues a short-lived bootstrap token and the hash of its CA.
# Workers use both to join securely: the token for access, the hash to trust the right API server.
JOIN_COMMAND="$(ssh -o StrictHostKeyChecking=yes -o UserKnownHostsFile="${KNOWN_HOSTS}" "${SSH_USER}"@$(az network public-ip show --resource-group "${RG}" --name "${CLUSTER}-cp-0-pip" --query ipAddress --output tsv) 'sudo kubeadm token create --print-join-command')"
JOIN_ENDPOINT="${JOIN_COMMAND#*kubeadm join }"; JOIN_ENDPOINT="${JOIN_ENDPOINT%% *}"
JOIN_TOKEN="${JOIN_COMMAND#*--token }"; JOIN_TOKEN="${JOIN_TOKEN%% *}"
JOIN_CA_HASH="${JOIN_COMMAND#*--discovery-token-ca-cert-hash }"; JOIN_CA_HASH="${JOIN_CA_HASH%% *}"
[[ ${JOIN_TOKEN} =~ ^[a-z0-9]{6}\.[a-z0-9]{16}$ && ${JOIN_CA_HASH} =~ ^sha256:[a-f0-9]{64}$ && ${JOIN_ENDPOINT} =~ ^[A-Za-z0-9.-]+:[0-9]{1,5}$ ]] ||
  { echo 'kubeadm token create printed no usable join command' >&2; exit 1; }

# ---- Join worker-0 to the cluster [join:worker-0]
# kubeadm join registers worker-0's kubelet with the API server at 10.0.1.4:6443.
# Workers join in parallel; each gets its own kubelet certificate.
printf '%s' "apiVersion: kubeadm.k8s.io/v1beta4
kind: JoinConfiguration
discovery:
  bootstrapToken:
    apiServerEndpoint: ${JOIN_ENDPOINT}
    token: ${JOIN_TOKEN}
    caCertHashes:
      - ${JOIN_CA_HASH}
nodeRegistration:
  name: worker-0
  criSocket: unix:///run/containerd/containerd.sock
  kubeletExtraArgs:
    - name: node-ip
      value: 10.0.1.10
" | ssh -o StrictHostKeyChecking=yes -o UserKnownHostsFile="${KNOWN_HOSTS}" "${SSH_USER}"@$(az network public-ip show --resource-group "${RG}" --name "${CLUSTER}-worker-0-pip" --query ipAddress --output tsv) 'test -f /etc/kubernetes/kubelet.conf && exit 0; sudo mkdir -p /etc/kubeadm && sudo sh -c "umask 077 && tee /etc/kubeadm/join.yaml >/dev/null" && sudo kubeadm join --config /etc/kubeadm/join.yaml; rc=$?; sudo rm -f /etc/kubeadm/join.yaml; exit $rc'

# ---- Wait for every node to be Ready [nodes-ready]
# Flatkube asks the Kubernetes API from your machine until every node reports Ready.
# Ready means kubelet, container runtime and pod network all work on that node.
kubectl --kubeconfig "${KUBECONFIG_FILE}" wait --for=condition=Ready nodes --all --timeout=300s

echo "Cluster ${CLUSTER} is ready. Try: kubectl --kubeconfig ${KUBECONFIG_FILE} get nodes -o wide"
