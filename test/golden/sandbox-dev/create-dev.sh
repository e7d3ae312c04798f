#!/usr/bin/env bash
# Flatkube: create Kubernetes cluster "dev" on Flatcar Container Linux in Azure.
# Kubernetes 1.35.3, 3 node(s), CNI flannel, image kinvolk:flatcar-container-linux-corevm-amd64:stable-gen2:latest.
# Needs: az (logged in: az login), ssh, kubectl; the rendered Ignition configs in $IGNITION_DIR.
# Costs money while the VMs run. Remove everything with: az group delete --name "${RG}"
set -euo pipefail

# ---- settings --------------------------------------------------------------
CLUSTER=dev
SUBSCRIPTION=0fa7c0be-5a4d-4b0c-8e11-f1a7c0be5a4d
RG=dev-rg
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
TAGS=(flatkube-cluster=dev environment=sandbox)
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

# ---- Create resource group dev-rg [rg]
# A resource group in westeurope holds every resource of the cluster.
# Deleting the group later removes the whole cluster in one operation.
if [ "$(az group exists --name "${RG}")" = true ] && [ "$(az group show --name "${RG}" --query 'tags."flatkube-cluster"' --output tsv)" != "${CLUSTER}" ]; then
  echo "Resource group" "${RG}" "already exists and was not created for cluster" "${CLUSTER}"": choose another name, or use it explicitly (resourceGroup.create: false)." >&2
  exit 1
fi
az group create --name "${RG}" --location "${LOCATION}" --tags "${TAGS[@]}"

# ---- Create virtual network dev-vnet [vnet]
# A private network 10.0.0.0/16 with subnet 10.0.1.0/24 for the nodes.
# Nodes talk to each other over private addresses; pods and services use separate ranges.
az network vnet create --resource-group "${RG}" --name "${VNET}" --location "${LOCATION}" --address-prefixes "${VNET_CIDR}" --subnet-name "${SUBNET}" --subnet-prefixes "${SUBNET_CIDR}" --tags "${TAGS[@]}"

# ---- Create network security group dev-nsg [nsg]
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

# ---- Create managed identity dev-identity [identity]
# A user-assigned managed identity for the cluster, attached to every VM.
# The cloud provider and the disk driver sign in as it through the VM: no secret is stored on any node.
az identity create --resource-group "${RG}" --name dev-identity --location "${LOCATION}" --tags "${TAGS[@]}"

# ---- Give the identity Contributor on dev-rg [role-assignment]
# The identity may change resources in the cluster's resource group only (load balancer rules, public IPs, disks).
# A new identity takes a while to reach Azure's directory; Flatkube retries while Azure says PrincipalNotFound.
az role assignment create --assignee-object-id $(az identity show --resource-group "${RG}" --name dev-identity --query principalId --output tsv) --assignee-principal-type ServicePrincipal --role b24988ac-6180-42a0-ab88-20f7382dd24c --scope "$(az group show --name "${RG}" --query id --output tsv)"

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

# ---- Create VM dev-cp-0-vm (Standard_B2s) [vm:cp-0]
# Azure creates a Standard_B2s VM from kinvolk:flatcar-container-linux-corevm-amd64:stable-gen2:latest with the Ignition config as custom data.
# The VM boots Flatcar, Ignition provisions it, and systemd merges the Kubernetes extension.
az vm create --resource-group "${RG}" --name "${CLUSTER}-cp-0-vm" --location "${LOCATION}" --image "${IMAGE}" --size "${CP_SIZE}" --nics "${CLUSTER}-cp-0-nic" --os-disk-name "${CLUSTER}-cp-0-osdisk" --admin-username "${SSH_USER}" --ssh-key-values "${SSH_PUBLIC_KEY}" --custom-data "${IGNITION_DIR}"/cp-0.ign.json --security-type Standard --tags "${TAGS[@]}" --assign-identity $(az identity show --resource-group "${RG}" --name dev-identity --query id --output tsv)

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

# ---- Create VM dev-worker-0-vm (Standard_B2s) [vm:worker-0]
# Azure creates a Standard_B2s VM from kinvolk:flatcar-container-linux-corevm-amd64:stable-gen2:latest with the Ignition config as custom data.
# The VM boots Flatcar, Ignition provisions it, and systemd merges the Kubernetes extension.
az vm create --resource-group "${RG}" --name "${CLUSTER}-worker-0-vm" --location "${LOCATION}" --image "${IMAGE}" --size "${WORKER_SIZE}" --nics "${CLUSTER}-worker-0-nic" --os-disk-name "${CLUSTER}-worker-0-osdisk" --admin-username "${SSH_USER}" --ssh-key-values "${SSH_PUBLIC_KEY}" --custom-data "${IGNITION_DIR}"/worker-0.ign.json --security-type Standard --tags "${TAGS[@]}" --assign-identity $(az identity show --resource-group "${RG}" --name dev-identity --query id --output tsv)

# ---- Wait for SSH on worker-0 [ssh:worker-0]
# The node made its own SSH host key and printed the public half on its serial console; Flatkube reads it from boot diagnostics and pins it.
# Then it connects as core and accepts only that key: proof that we talk to our own VM, not to something in between.
pin_host_key "${CLUSTER}-worker-0-vm" "$(az network public-ip show --resource-group "${RG}" --name "${CLUSTER}-worker-0-pip" --query ipAddress --output tsv)"
until ssh -o StrictHostKeyChecking=yes -o UserKnownHostsFile="${KNOWN_HOSTS}" -o ConnectTimeout=5 "${SSH_USER}"@$(az network public-ip show --resource-group "${RG}" --name "${CLUSTER}-worker-0-pip" --query ipAddress --output tsv) true; do sleep 5; done

# ---- Create public IP for worker-1 [pip:worker-1]
# A static Standard public address for SSH, kubectl and outbound internet access.
# Subnets are private by default since 2026: without it the node could not download Kubernetes.
az network public-ip create --resource-group "${RG}" --name "${CLUSTER}-worker-1-pip" --location "${LOCATION}" --sku Standard --allocation-method Static --version IPv4 --tags "${TAGS[@]}"

# ---- Create network interface for worker-1 [nic:worker-1]
# The node's network card with the fixed private address 10.0.1.11 and its public IP.
# A fixed address lets the control plane endpoint be written before the VM exists.
az network nic create --resource-group "${RG}" --name "${CLUSTER}-worker-1-nic" --location "${LOCATION}" --vnet-name "${VNET}" --subnet "${SUBNET}" --private-ip-address 10.0.1.11 --public-ip-address "${CLUSTER}-worker-1-pip" --network-security-group "${NSG}" --tags "${TAGS[@]}"

# ---- Render the Ignition config of worker-1 [ignition:worker-1]
# Flatkube writes the first-boot config: SSH keys, hostname, kernel settings and the Kubernetes extension.
# Flatcar applies it once, before anything else starts, so every node boots ready for kubeadm.
test -s "${IGNITION_DIR}/worker-1.ign.json"

# ---- Create VM dev-worker-1-vm (Standard_B2s) [vm:worker-1]
# Azure creates a Standard_B2s VM from kinvolk:flatcar-container-linux-corevm-amd64:stable-gen2:latest with the Ignition config as custom data.
# The VM boots Flatcar, Ignition provisions it, and systemd merges the Kubernetes extension.
az vm create --resource-group "${RG}" --name "${CLUSTER}-worker-1-vm" --location "${LOCATION}" --image "${IMAGE}" --size "${WORKER_SIZE}" --nics "${CLUSTER}-worker-1-nic" --os-disk-name "${CLUSTER}-worker-1-osdisk" --admin-username "${SSH_USER}" --ssh-key-values "${SSH_PUBLIC_KEY}" --custom-data "${IGNITION_DIR}"/worker-1.ign.json --security-type Standard --tags "${TAGS[@]}" --assign-identity $(az identity show --resource-group "${RG}" --name dev-identity --query id --output tsv)

# ---- Wait for SSH on worker-1 [ssh:worker-1]
# The node made its own SSH host key and printed the public half on its serial console; Flatkube reads it from boot diagnostics and pins it.
# Then it connects as core and accepts only that key: proof that we talk to our own VM, not to something in between.
pin_host_key "${CLUSTER}-worker-1-vm" "$(az network public-ip show --resource-group "${RG}" --name "${CLUSTER}-worker-1-pip" --query ipAddress --output tsv)"
until ssh -o StrictHostKeyChecking=yes -o UserKnownHostsFile="${KNOWN_HOSTS}" -o ConnectTimeout=5 "${SSH_USER}"@$(az network public-ip show --resource-group "${RG}" --name "${CLUSTER}-worker-1-pip" --query ipAddress --output tsv) true; do sleep 5; done

# ---- Initialise the control plane (kubeadm init) [kubeadm-init]
# kubeadm creates the cluster certificates, etcd and the API server on cp-0 as static pods.
# It reads /etc/kubeadm/init.yaml, written by Ignition (v1beta4, systemd cgroups, containerd).
ssh -o StrictHostKeyChecking=yes -o UserKnownHostsFile="${KNOWN_HOSTS}" "${SSH_USER}"@$(az network public-ip show --resource-group "${RG}" --name "${CLUSTER}-cp-0-pip" --query ipAddress --output tsv) 'test -f /etc/kubernetes/admin.conf || sudo kubeadm init --config /etc/kubeadm/init.yaml'

# ---- Install the Azure cloud provider and disk driver [azure-addons]
# cloud-provider-azure v1.35.4 gives nodes their Azure identity and Services of type LoadBalancer an address; the Azure Disk CSI driver (v1.34.4) makes a managed disk per volume claim.
# Kubelets run with cloud-provider external: a node is initialised once the cloud node manager has found its VM.
ssh -o StrictHostKeyChecking=yes -o UserKnownHostsFile="${KNOWN_HOSTS}" "${SSH_USER}"@$(az network public-ip show --resource-group "${RG}" --name "${CLUSTER}-cp-0-pip" --query ipAddress --output tsv) 'sudo tee /etc/kubernetes/azure.json >/dev/null' <<FLATKUBE_AZURE_JSON
{
  "cloud": "AzurePublicCloud",
  "tenantId": "$(az account show --query tenantId --output tsv)",
  "subscriptionId": "0fa7c0be-5a4d-4b0c-8e11-f1a7c0be5a4d",
  "useManagedIdentityExtension": true,
  "userAssignedIdentityID": "$(az identity show --resource-group "${RG}" --name dev-identity --query clientId --output tsv)",
  "resourceGroup": "dev-rg",
  "location": "westeurope",
  "vmType": "standard",
  "vnetName": "dev-vnet",
  "vnetResourceGroup": "dev-rg",
  "subnetName": "dev-subnet",
  "securityGroupName": "dev-nsg",
  "securityGroupResourceGroup": "dev-rg",
  "loadBalancerSku": "standard",
  "loadBalancerName": "dev-services-lb",
  "useInstanceMetadata": true,
  "tags": "flatkube-cluster=dev"
}
FLATKUBE_AZURE_JSON
ssh -o StrictHostKeyChecking=yes -o UserKnownHostsFile="${KNOWN_HOSTS}" "${SSH_USER}"@$(az network public-ip show --resource-group "${RG}" --name "${CLUSTER}-worker-0-pip" --query ipAddress --output tsv) 'sudo tee /etc/kubernetes/azure.json >/dev/null' <<FLATKUBE_AZURE_JSON
{
  "cloud": "AzurePublicCloud",
  "tenantId": "$(az account show --query tenantId --output tsv)",
  "subscriptionId": "0fa7c0be-5a4d-4b0c-8e11-f1a7c0be5a4d",
  "useManagedIdentityExtension": true,
  "userAssignedIdentityID": "$(az identity show --resource-group "${RG}" --name dev-identity --query clientId --output tsv)",
  "resourceGroup": "dev-rg",
  "location": "westeurope",
  "vmType": "standard",
  "vnetName": "dev-vnet",
  "vnetResourceGroup": "dev-rg",
  "subnetName": "dev-subnet",
  "securityGroupName": "dev-nsg",
  "securityGroupResourceGroup": "dev-rg",
  "loadBalancerSku": "standard",
  "loadBalancerName": "dev-services-lb",
  "useInstanceMetadata": true,
  "tags": "flatkube-cluster=dev"
}
FLATKUBE_AZURE_JSON
ssh -o StrictHostKeyChecking=yes -o UserKnownHostsFile="${KNOWN_HOSTS}" "${SSH_USER}"@$(az network public-ip show --resource-group "${RG}" --name "${CLUSTER}-worker-1-pip" --query ipAddress --output tsv) 'sudo tee /etc/kubernetes/azure.json >/dev/null' <<FLATKUBE_AZURE_JSON
{
  "cloud": "AzurePublicCloud",
  "tenantId": "$(az account show --query tenantId --output tsv)",
  "subscriptionId": "0fa7c0be-5a4d-4b0c-8e11-f1a7c0be5a4d",
  "useManagedIdentityExtension": true,
  "userAssignedIdentityID": "$(az identity show --resource-group "${RG}" --name dev-identity --query clientId --output tsv)",
  "resourceGroup": "dev-rg",
  "location": "westeurope",
  "vmType": "standard",
  "vnetName": "dev-vnet",
  "vnetResourceGroup": "dev-rg",
  "subnetName": "dev-subnet",
  "securityGroupName": "dev-nsg",
  "securityGroupResourceGroup": "dev-rg",
  "loadBalancerSku": "standard",
  "loadBalancerName": "dev-services-lb",
  "useInstanceMetadata": true,
  "tags": "flatkube-cluster=dev"
}
FLATKUBE_AZURE_JSON
ssh -o StrictHostKeyChecking=yes -o UserKnownHostsFile="${KNOWN_HOSTS}" "${SSH_USER}"@$(az network public-ip show --resource-group "${RG}" --name "${CLUSTER}-cp-0-pip" --query ipAddress --output tsv) 'bash -s' <<'FLATKUBE_AZURE'
set -euo pipefail
sudo kubectl --kubeconfig=/etc/kubernetes/admin.conf apply -f - <<'FLATKUBE_EOF'
apiVersion: v1
kind: ServiceAccount
metadata:
  name: cloud-controller-manager
  namespace: kube-system
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: system:cloud-controller-manager
rules:
  - apiGroups:
      - ""
    resources:
      - events
    verbs:
      - create
      - patch
      - update
  - apiGroups:
      - ""
    resources:
      - nodes
    verbs:
      - "*"
  - apiGroups:
      - ""
    resources:
      - nodes/status
    verbs:
      - patch
  - apiGroups:
      - ""
    resources:
      - services
    verbs:
      - list
      - patch
      - update
      - watch
  - apiGroups:
      - ""
    resources:
      - services/status
    verbs:
      - list
      - patch
      - update
      - watch
  - apiGroups:
      - ""
    resources:
      - serviceaccounts
    verbs:
      - create
      - get
      - list
      - watch
      - update
  - apiGroups:
      - ""
    resources:
      - persistentvolumes
    verbs:
      - get
      - list
      - update
      - watch
  - apiGroups:
      - ""
    resources:
      - endpoints
    verbs:
      - create
      - get
      - list
      - watch
      - update
  - apiGroups:
      - ""
    resources:
      - secrets
    verbs:
      - get
      - list
      - watch
  - apiGroups:
      - coordination.k8s.io
    resources:
      - leases
    verbs:
      - get
      - create
      - update
  - apiGroups:
      - discovery.k8s.io
    resources:
      - endpointslices
    verbs:
      - get
      - list
      - watch
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: system:cloud-controller-manager
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: system:cloud-controller-manager
subjects:
  - kind: ServiceAccount
    name: cloud-controller-manager
    namespace: kube-system
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cloud-controller-manager
  namespace: kube-system
  labels:
    component: cloud-controller-manager
spec:
  replicas: 1
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 0
      maxUnavailable: 1
  selector:
    matchLabels:
      tier: control-plane
      component: cloud-controller-manager
  template:
    metadata:
      labels:
        tier: control-plane
        component: cloud-controller-manager
    spec:
      priorityClassName: system-node-critical
      hostNetwork: true
      serviceAccountName: cloud-controller-manager
      nodeSelector:
        node-role.kubernetes.io/control-plane: ""
      tolerations:
        - key: node-role.kubernetes.io/control-plane
          operator: Exists
          effect: NoSchedule
        - key: node.cloudprovider.kubernetes.io/uninitialized
          operator: Equal
          value: "true"
          effect: NoSchedule
      containers:
        - name: cloud-controller-manager
          image: mcr.microsoft.com/oss/v2/kubernetes/azure-cloud-controller-manager:v1.35.4
          imagePullPolicy: IfNotPresent
          command:
            - cloud-controller-manager
          args:
            - --allocate-node-cidrs=false
            - --cloud-config=/etc/kubernetes/azure.json
            - --cloud-provider=azure
            - --cluster-name=dev
            - --controllers=*,-cloud-node
            - --configure-cloud-routes=false
            - --leader-elect=true
            - --v=2
            - --secure-port=10267
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              cpu: "4"
              memory: 2Gi
          volumeMounts:
            - name: azure-json
              mountPath: /etc/kubernetes/azure.json
              readOnly: true
      volumes:
        - name: azure-json
          hostPath:
            path: /etc/kubernetes/azure.json
            type: File
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: cloud-node-manager
  namespace: kube-system
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: cloud-node-manager
rules:
  - apiGroups:
      - ""
    resources:
      - nodes
    verbs:
      - watch
      - list
      - get
      - update
      - patch
  - apiGroups:
      - ""
    resources:
      - nodes/status
    verbs:
      - patch
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: cloud-node-manager
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cloud-node-manager
subjects:
  - kind: ServiceAccount
    name: cloud-node-manager
    namespace: kube-system
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: cloud-node-manager
  namespace: kube-system
  labels:
    component: cloud-node-manager
spec:
  selector:
    matchLabels:
      k8s-app: cloud-node-manager
  template:
    metadata:
      labels:
        k8s-app: cloud-node-manager
    spec:
      priorityClassName: system-node-critical
      serviceAccountName: cloud-node-manager
      hostNetwork: true
      nodeSelector:
        kubernetes.io/os: linux
      tolerations:
        - key: CriticalAddonsOnly
          operator: Exists
        - operator: Exists
          effect: NoExecute
        - operator: Exists
          effect: NoSchedule
      containers:
        - name: cloud-node-manager
          image: mcr.microsoft.com/oss/v2/kubernetes/azure-cloud-node-manager:v1.35.4
          imagePullPolicy: IfNotPresent
          command:
            - cloud-node-manager
            - --node-name=$(NODE_NAME)
            - --wait-routes=false
          env:
            - name: NODE_NAME
              valueFrom:
                fieldRef:
                  fieldPath: spec.nodeName
          resources:
            requests:
              cpu: 50m
              memory: 50Mi
            limits:
              cpu: 2000m
              memory: 512Mi
---
apiVersion: storage.k8s.io/v1
kind: CSIDriver
metadata:
  name: disk.csi.azure.com
spec:
  attachRequired: true
  podInfoOnMount: false
  fsGroupPolicy: File
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: csi-azuredisk-controller-sa
  namespace: kube-system
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: csi-azuredisk-node-sa
  namespace: kube-system
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: azuredisk-external-provisioner-role
rules:
  - apiGroups:
      - ""
    resources:
      - persistentvolumes
    verbs:
      - get
      - list
      - watch
      - create
      - delete
  - apiGroups:
      - ""
    resources:
      - persistentvolumeclaims
    verbs:
      - get
      - list
      - watch
      - update
  - apiGroups:
      - storage.k8s.io
    resources:
      - storageclasses
    verbs:
      - get
      - list
      - watch
  - apiGroups:
      - ""
    resources:
      - events
    verbs:
      - get
      - list
      - watch
      - create
      - update
      - patch
  - apiGroups:
      - storage.k8s.io
    resources:
      - csinodes
    verbs:
      - get
      - list
      - watch
  - apiGroups:
      - ""
    resources:
      - nodes
    verbs:
      - get
      - list
      - watch
  - apiGroups:
      - coordination.k8s.io
    resources:
      - leases
    verbs:
      - get
      - watch
      - list
      - delete
      - update
      - create
      - patch
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: azuredisk-csi-provisioner-binding
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: azuredisk-external-provisioner-role
subjects:
  - kind: ServiceAccount
    name: csi-azuredisk-controller-sa
    namespace: kube-system
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: azuredisk-external-attacher-role
rules:
  - apiGroups:
      - ""
    resources:
      - persistentvolumes
    verbs:
      - get
      - list
      - watch
      - update
  - apiGroups:
      - ""
    resources:
      - nodes
    verbs:
      - get
      - list
      - watch
  - apiGroups:
      - storage.k8s.io
    resources:
      - csinodes
    verbs:
      - get
      - list
      - watch
  - apiGroups:
      - storage.k8s.io
    resources:
      - volumeattachments
    verbs:
      - get
      - list
      - watch
      - update
      - patch
  - apiGroups:
      - storage.k8s.io
    resources:
      - volumeattachments/status
    verbs:
      - patch
  - apiGroups:
      - coordination.k8s.io
    resources:
      - leases
    verbs:
      - get
      - watch
      - list
      - delete
      - update
      - create
      - patch
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: azuredisk-csi-attacher-binding
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: azuredisk-external-attacher-role
subjects:
  - kind: ServiceAccount
    name: csi-azuredisk-controller-sa
    namespace: kube-system
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: csi-azuredisk-node-role
rules:
  - apiGroups:
      - ""
    resources:
      - secrets
    verbs:
      - get
  - apiGroups:
      - ""
    resources:
      - nodes
    verbs:
      - get
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: csi-azuredisk-node-secret-binding
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: csi-azuredisk-node-role
subjects:
  - kind: ServiceAccount
    name: csi-azuredisk-node-sa
    namespace: kube-system
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: csi-azuredisk-controller
  namespace: kube-system
spec:
  replicas: 1
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 0
      maxUnavailable: 1
  selector:
    matchLabels:
      app: csi-azuredisk-controller
  template:
    metadata:
      labels:
        app: csi-azuredisk-controller
    spec:
      hostNetwork: true
      serviceAccountName: csi-azuredisk-controller-sa
      priorityClassName: system-cluster-critical
      nodeSelector:
        kubernetes.io/os: linux
        node-role.kubernetes.io/control-plane: ""
      tolerations:
        - key: node-role.kubernetes.io/control-plane
          operator: Exists
          effect: NoSchedule
        - key: node.cloudprovider.kubernetes.io/uninitialized
          operator: Equal
          value: "true"
          effect: NoSchedule
      containers:
        - name: csi-provisioner
          image: mcr.microsoft.com/oss/v2/kubernetes-csi/csi-provisioner:v6.2.0
          args:
            - --feature-gates=Topology=true
            - --csi-address=/csi/csi.sock
            - --v=2
            - --timeout=30s
            - --leader-election
            - --extra-create-metadata=true
          volumeMounts:
            - name: socket-dir
              mountPath: /csi
        - name: csi-attacher
          image: mcr.microsoft.com/oss/v2/kubernetes-csi/csi-attacher:v4.11.0
          args:
            - -v=2
            - -csi-address=/csi/csi.sock
            - -timeout=600s
            - -leader-election
          volumeMounts:
            - name: socket-dir
              mountPath: /csi
        - name: livenessprobe
          image: mcr.microsoft.com/oss/v2/kubernetes-csi/livenessprobe:v2.18.0
          args:
            - --csi-address=/csi/csi.sock
            - --probe-timeout=3s
            - --health-port=29602
          volumeMounts:
            - name: socket-dir
              mountPath: /csi
        - name: azuredisk
          image: mcr.microsoft.com/oss/v2/kubernetes-csi/azuredisk-csi:v1.34.4
          imagePullPolicy: IfNotPresent
          args:
            - --v=2
            - --endpoint=unix:///csi/csi.sock
            - --metrics-address=0.0.0.0:29604
            - --disable-avset-nodes=false
          env:
            - name: AZURE_CREDENTIAL_FILE
              value: /etc/kubernetes/azure.json
          volumeMounts:
            - name: socket-dir
              mountPath: /csi
            - name: azure-json
              mountPath: /etc/kubernetes/azure.json
              readOnly: true
      volumes:
        - name: socket-dir
          emptyDir: {}
        - name: azure-json
          hostPath:
            path: /etc/kubernetes/azure.json
            type: File
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: csi-azuredisk-node
  namespace: kube-system
spec:
  selector:
    matchLabels:
      app: csi-azuredisk-node
  template:
    metadata:
      labels:
        app: csi-azuredisk-node
    spec:
      hostNetwork: true
      serviceAccountName: csi-azuredisk-node-sa
      priorityClassName: system-node-critical
      nodeSelector:
        kubernetes.io/os: linux
      tolerations:
        - operator: Exists
      containers:
        - name: livenessprobe
          image: mcr.microsoft.com/oss/v2/kubernetes-csi/livenessprobe:v2.18.0
          args:
            - --csi-address=/csi/csi.sock
            - --probe-timeout=3s
            - --health-port=29603
          volumeMounts:
            - name: socket-dir
              mountPath: /csi
        - name: csi-node-driver-registrar
          image: mcr.microsoft.com/oss/v2/kubernetes-csi/csi-node-driver-registrar:v2.16.0
          args:
            - --csi-address=/csi/csi.sock
            - --kubelet-registration-path=/var/lib/kubelet/plugins/disk.csi.azure.com/csi.sock
            - --v=2
          volumeMounts:
            - name: socket-dir
              mountPath: /csi
        - name: azuredisk
          image: mcr.microsoft.com/oss/v2/kubernetes-csi/azuredisk-csi:v1.34.4
          imagePullPolicy: IfNotPresent
          args:
            - --v=2
            - --endpoint=unix:///csi/csi.sock
            - --nodeid=$(KUBE_NODE_NAME)
          env:
            - name: AZURE_CREDENTIAL_FILE
              value: /etc/kubernetes/azure.json
            - name: KUBE_NODE_NAME
              valueFrom:
                fieldRef:
                  apiVersion: v1
                  fieldPath: spec.nodeName
          volumeMounts:
            - name: socket-dir
              mountPath: /csi
            - name: azure-json
              mountPath: /etc/kubernetes/azure.json
              readOnly: true
            - name: mountpoint-dir
              mountPath: /var/lib/kubelet/
              mountPropagation: Bidirectional
          securityContext:
            privileged: true
      volumes:
        - name: socket-dir
          hostPath:
            path: /var/lib/kubelet/plugins/disk.csi.azure.com
            type: DirectoryOrCreate
        - name: mountpoint-dir
          hostPath:
            path: /var/lib/kubelet/
            type: DirectoryOrCreate
        - name: azure-json
          hostPath:
            path: /etc/kubernetes/azure.json
            type: File
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: managed-csi
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: disk.csi.azure.com
parameters:
  skuName: StandardSSD_LRS
  tags: flatkube-cluster=dev
reclaimPolicy: Delete
volumeBindingMode: WaitForFirstConsumer
allowVolumeExpansion: true
FLATKUBE_EOF
FLATKUBE_AZURE

# ---- Install the pod network (Flannel (VXLAN)) [cni]
# Flannel (VXLAN) v0.28.9 gives every pod an address from 10.244.0.0/16.
# Nodes stay NotReady until a pod network exists; VXLAN works on Azure where IP-in-IP does not.
ssh -o StrictHostKeyChecking=yes -o UserKnownHostsFile="${KNOWN_HOSTS}" "${SSH_USER}"@$(az network public-ip show --resource-group "${RG}" --name "${CLUSTER}-cp-0-pip" --query ipAddress --output tsv) 'bash -s' <<'FLATKUBE_CNI'
set -euo pipefail
sudo kubectl --kubeconfig=/etc/kubernetes/admin.conf apply -f https://github.com/flannel-io/flannel/releases/download/v0.28.9/kube-flannel.yml
sudo kubectl --kubeconfig=/etc/kubernetes/admin.conf -n kube-flannel rollout status daemonset/kube-flannel-ds --timeout=180s
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

# ---- Join worker-1 to the cluster [join:worker-1]
# kubeadm join registers worker-1's kubelet with the API server at 10.0.1.4:6443.
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
  name: worker-1
  criSocket: unix:///run/containerd/containerd.sock
  kubeletExtraArgs:
    - name: node-ip
      value: 10.0.1.11
" | ssh -o StrictHostKeyChecking=yes -o UserKnownHostsFile="${KNOWN_HOSTS}" "${SSH_USER}"@$(az network public-ip show --resource-group "${RG}" --name "${CLUSTER}-worker-1-pip" --query ipAddress --output tsv) 'test -f /etc/kubernetes/kubelet.conf && exit 0; sudo mkdir -p /etc/kubeadm && sudo sh -c "umask 077 && tee /etc/kubeadm/join.yaml >/dev/null" && sudo kubeadm join --config /etc/kubeadm/join.yaml; rc=$?; sudo rm -f /etc/kubeadm/join.yaml; exit $rc'

# ---- Wait for every node to be Ready [nodes-ready]
# Flatkube asks the Kubernetes API from your machine until every node reports Ready.
# Ready means kubelet, container runtime and pod network all work on that node.
kubectl --kubeconfig "${KUBECONFIG_FILE}" wait --for=condition=Ready nodes --all --timeout=300s

echo "Cluster ${CLUSTER} is ready. Try: kubectl --kubeconfig ${KUBECONFIG_FILE} get nodes -o wide"
