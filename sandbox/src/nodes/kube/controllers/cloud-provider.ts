// The Azure cloud provider and Azure Disk CSI driver, simulated: what cloud-node-manager,
// cloud-controller-manager and the disk driver's controller do once their pods run (the manifests
// Flatkube applies: cloud-provider-azure's examples/out-of-tree/*.yaml, azuredisk-csi-driver's
// deploy/*.yaml). They read /etc/kubernetes/azure.json on their node and call ARM as the VM's
// user-assigned identity (providers/compute/node-cloud.ts), so everything they create is in the
// sandbox's ARM, in the request journal, with the tags the real ones put on it:
//  - cloud-node-manager: a node's spec.providerID, `azure://` + the VM's resource id
//    (cloud-provider-azure pkg/provider/azure_standard.go: "azure://" + the VM id; the
//    uninitialized taint goes too: pkg/nodemanager/nodemanager.go);
//  - cloud-controller-manager: a Service of type LoadBalancer gets a Standard public IP named
//    `<cluster>-a<uid>` tagged k8s-azure-service / k8s-azure-cluster-name (pkg/consts/consts.go
//    ServiceTagKey, ClusterNameKey) plus azure.json's `tags`, a frontend `a<uid>` with a rule and a
//    probe per port on the load balancer azure.json names, whose pool (named after the cluster)
//    holds the workers' NICs (control planes are excluded: excludeMasterFromStandardLB); the
//    address goes into status.loadBalancer.ingress. A Service deleted (or no longer a
//    LoadBalancer): its rules, frontend and public IP go, and the load balancer with its last one;
//  - the disk driver: a claim of a StorageClass with provisioner disk.csi.azure.com gets an empty
//    managed disk named after its volume `pvc-<claim uid>`, tagged k8s-azure-created-by:
//    kubernetes-azure-dd, kubernetes.io-created-for-pv-name / -pvc-name / -pvc-namespace
//    (azuredisk-csi-driver pkg/azureconstants) plus the class's `tags` parameter, once a pod uses it
//    (WaitForFirstConsumer) or at once (Immediate); a PersistentVolume bound to it. A released
//    volume with reclaim policy Delete: the disk and the volume go.
import type { KObj } from '../types';
import type { ControllerCtx } from './context';
import { podReady } from './workloads';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

const NETWORK_API = '2026-01-01';
const DISK_API = '2026-03-02';
const DISK_DRIVER = 'disk.csi.azure.com';

interface AzureJson {
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  userAssignedIdentityID: string;
  loadBalancerName?: string;
  tags?: string;
}

interface ServiceRecord {
  service: string;
  frontend: string;
  publicIp: string;
  lb: string;
}

interface CloudState {
  services: Record<string, ServiceRecord>;
  /** Volumes the driver provisioned: PV name -> disk id. */
  disks: Record<string, string>;
}

/** Operations in flight, per cluster and object (not persisted: a restart starts them again). */
const inflight = new Set<string>();

function state(c: ControllerCtx): CloudState {
  const s = (c.state['cloud-provider'] ??= { services: {}, disks: {} }) as CloudState;
  s.services ??= {};
  s.disks ??= {};
  return s;
}

function parseTags(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (text ?? '').split(',')) {
    const i = pair.indexOf('=');
    if (i > 0) out[pair.slice(0, i).trim()] = pair.slice(i + 1).trim();
  }
  return out;
}

/** A running pod of a workload's label on some node, with that node's VM id and azure.json. */
function runningOn(c: ControllerCtx, ns: string, labels: Record<string, string>): { vmResourceId: string; cfg: AzureJson }[] {
  const out: { vmResourceId: string; cfg: AzureJson }[] = [];
  for (const p of c.api.list(c.t('', 'pods'), ns)) {
    if (!podReady(p) || !Object.entries(labels).every(([k, v]) => p.metadata.labels?.[k] === v)) continue;
    const m = c.rec.members.find((x) => x.name === p.spec?.nodeName);
    const node = m ? c.dir.get(m.vmId) : undefined;
    const text = node?.fs.readText('/etc/kubernetes/azure.json');
    if (!node?.state.resourceId || !text) continue;
    try {
      out.push({ vmResourceId: node.state.resourceId, cfg: JSON.parse(text) as AzureJson });
    } catch {
      // An unreadable cloud config: the real component exits; nothing happens here either.
    }
  }
  return out;
}

/** Failed operations, per key: when they may run again (a failure retries after 5 simulated seconds, not at once). */
const failedUntil = new Map<string, number>();

/** Runs an async cloud operation once per key; its writes to the API wake the controllers again. */
function launch(c: ControllerCtx, key: string, what: 'lb' | 'disk', involved: KObj, op: () => Promise<void>): void {
  const k = `${c.rec.id ?? c.rec.clusterName}:${key}`;
  if (inflight.has(k)) return;
  const until = failedUntil.get(k) ?? 0;
  if (until > c.now) {
    c.wake(until - c.now);
    return;
  }
  inflight.add(k);
  const retryMs = Math.max(c.second, 250) * 5;
  op()
    .then(() => failedUntil.delete(k))
    .catch((err: unknown) => {
      failedUntil.set(k, Date.now() + retryMs);
      try {
        // The event's write wakes the controllers, which wait out the retry delay above.
        c.event(involved, 'Warning', what === 'lb' ? 'SyncLoadBalancerFailed' : 'ProvisioningFailed', (err as Error).message, { component: what === 'lb' ? 'service-controller' : `${DISK_DRIVER}_csi-azuredisk-controller` });
      } catch {
        // the cluster closed meanwhile
      }
    })
    .finally(() => inflight.delete(k));
}

function armOk(r: { status: number; body: unknown }, what: string): Any {
  if (r.status >= 400) {
    const e = (r.body as Any)?.error;
    throw new Error(`${what}: ${typeof e === 'object' ? `${e.code}: ${e.message}` : (e ?? r.status)}`);
  }
  return r.body;
}

function providerIds(c: ControllerCtx): void {
  const tp = c.t('', 'nodes');
  const cnm = c.api.list(c.t('', 'pods'), 'kube-system').filter((p) => p.metadata.labels?.['k8s-app'] === 'cloud-node-manager' && podReady(p));
  for (const p of cnm) {
    const m = c.rec.members.find((x) => x.name === p.spec?.nodeName);
    const resourceId = m ? c.dir.get(m.vmId)?.state.resourceId : undefined;
    const node = m ? c.api.find(tp, undefined, m.name) : undefined;
    if (!node || !resourceId || node.spec?.providerID) continue;
    const taints = ((node.spec?.taints ?? []) as Any[]).filter((t) => t.key !== 'node.cloudprovider.kubernetes.io/uninitialized');
    c.api.systemPut(tp, { ...node, spec: { ...(node.spec ?? {}), providerID: `azure://${resourceId}`, ...(taints.length ? { taints } : {}) } });
  }
}

function groupPath(cfg: AzureJson): string {
  return `/subscriptions/${cfg.subscriptionId}/resourceGroups/${cfg.resourceGroup}/providers`;
}

function services(c: ControllerCtx, clusterName: string): void {
  const ccm = runningOn(c, 'kube-system', { component: 'cloud-controller-manager' })[0];
  if (!ccm) return;
  const { cfg, vmResourceId } = ccm;
  const cloud = c.dir.cloud!;
  const arm = (method: 'GET' | 'PUT' | 'DELETE', path: string, api: string, body?: unknown) => cloud.arm(vmResourceId, cfg.userAssignedIdentityID, method, path, api, body);
  const st = state(c);
  const svcTp = c.t('', 'services');
  const lbName = cfg.loadBalancerName || clusterName;
  const lbPath = `${groupPath(cfg)}/Microsoft.Network/loadBalancers/${lbName}`;
  const lbId = lbPath;
  const workers = c.rec.members.filter((m) => m.role === 'worker').map((m) => c.dir.get(m.vmId)?.state.resourceId).filter((x): x is string => !!x);
  const live = new Set<string>();
  for (const svc of c.api.list(svcTp)) {
    if (svc.spec?.type !== 'LoadBalancer' || svc.metadata.deletionTimestamp) continue;
    const uid = String(svc.metadata.uid);
    live.add(uid);
    if (st.services[uid] && svc.status?.loadBalancer?.ingress?.length) continue;
    const frontend = `a${uid.replace(/-/g, '')}`.slice(0, 32);
    const pipName = `${clusterName}-${frontend}`;
    const name = `${svc.metadata.namespace}/${svc.metadata.name}`;
    launch(c, `svc:${uid}`, 'lb', svc, async () => {
      c.event(svc, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer', { component: 'service-controller' });
      const pipPath = `${groupPath(cfg)}/Microsoft.Network/publicIPAddresses/${pipName}`;
      const tags = { ...parseTags(cfg.tags), 'k8s-azure-service': name, 'k8s-azure-cluster-name': clusterName };
      const pip = armOk(await arm('PUT', pipPath, NETWORK_API, { location: cfg.location, sku: { name: 'Standard' }, tags, properties: { publicIPAllocationMethod: 'Static', publicIPAddressVersion: 'IPv4' } }), 'public IP');
      const got = await arm('GET', lbPath, NETWORK_API);
      const lb: Any = got.status === 200 ? got.body : { location: cfg.location, sku: { name: 'Standard' }, tags: parseTags(cfg.tags), properties: { frontendIPConfigurations: [], backendAddressPools: [{ name: clusterName }], probes: [], loadBalancingRules: [] } };
      const p = lb.properties;
      const child = (coll: string, n: string) => ({ id: `${lbId}/${coll}/${n}` });
      p.frontendIPConfigurations = (p.frontendIPConfigurations ?? []).filter((f: Any) => f.name !== frontend);
      p.frontendIPConfigurations.push({ name: frontend, properties: { publicIPAddress: { id: pip.id } } });
      p.backendAddressPools = (p.backendAddressPools ?? []).map((b: Any) => ({ name: b.name }));
      if (!p.backendAddressPools.some((b: Any) => b.name === clusterName)) p.backendAddressPools.push({ name: clusterName });
      const ports = ((svc.spec?.ports ?? []) as Any[]).filter((x) => (x.protocol ?? 'TCP') === 'TCP');
      const ruleNames = ports.map((x) => `${frontend}-TCP-${x.port}`);
      p.probes = (p.probes ?? []).filter((x: Any) => !x.name.startsWith(frontend)).map((x: Any) => ({ name: x.name, properties: { protocol: x.properties.protocol, port: x.properties.port, intervalInSeconds: x.properties.intervalInSeconds, numberOfProbes: x.properties.numberOfProbes } }));
      p.loadBalancingRules = (p.loadBalancingRules ?? []).filter((x: Any) => !x.name.startsWith(frontend)).map((x: Any) => ({ name: x.name, properties: ruleProps(x.properties) }));
      ports.forEach((x, i) => {
        p.probes.push({ name: ruleNames[i], properties: { protocol: 'Tcp', port: x.nodePort, intervalInSeconds: 5, numberOfProbes: 2 } });
        p.loadBalancingRules.push({ name: ruleNames[i], properties: { protocol: 'Tcp', frontendPort: x.port, backendPort: x.nodePort, enableFloatingIP: false, idleTimeoutInMinutes: 4, frontendIPConfiguration: child('frontendIPConfigurations', frontend), backendAddressPool: child('backendAddressPools', clusterName), probe: child('probes', ruleNames[i]!) } });
      });
      p.frontendIPConfigurations = p.frontendIPConfigurations.map((f: Any) => ({ name: f.name, properties: { publicIPAddress: { id: f.properties.publicIPAddress.id } } }));
      armOk(await arm('PUT', lbPath, NETWORK_API, { location: lb.location, sku: { name: 'Standard' }, tags: lb.tags ?? parseTags(cfg.tags), properties: { frontendIPConfigurations: p.frontendIPConfigurations, backendAddressPools: p.backendAddressPools, probes: p.probes, loadBalancingRules: p.loadBalancingRules } }), 'load balancer');
      await joinPool(arm, workers, `${lbId}/backendAddressPools/${clusterName}`, true);
      st.services[uid] = { service: name, frontend, publicIp: pip.id, lb: lbPath };
      const fresh = c.api.find(svcTp, svc.metadata.namespace, svc.metadata.name as string);
      if (fresh?.metadata.uid === uid) {
        c.api.update(svcTp, fresh.metadata.namespace, fresh.metadata.name as string, { ...fresh, status: { ...(fresh.status ?? {}), loadBalancer: { ingress: [{ ip: pip.properties.ipAddress, ipMode: 'VIP' }] } } }, { subresource: 'status' });
        c.event(fresh, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer', { component: 'service-controller' });
      }
    });
  }
  for (const [uid, r] of Object.entries(st.services)) {
    if (live.has(uid)) continue;
    launch(c, `svc-delete:${uid}`, 'lb', { apiVersion: 'v1', kind: 'Service', metadata: { name: r.service.split('/')[1], namespace: r.service.split('/')[0] } } as KObj, async () => {
      const got = await arm('GET', r.lb, NETWORK_API);
      if (got.status === 200) {
        const p = (got.body as Any).properties;
        const frontends = (p.frontendIPConfigurations ?? []).filter((f: Any) => f.name !== r.frontend);
        if (frontends.length === 0) {
          await joinPool(arm, workers, `${r.lb}/backendAddressPools/${clusterName}`, false);
          armOk(await arm('DELETE', r.lb, NETWORK_API), 'load balancer delete');
        } else {
          armOk(
            await arm('PUT', r.lb, NETWORK_API, {
              location: (got.body as Any).location,
              sku: { name: 'Standard' },
              tags: (got.body as Any).tags,
              properties: {
                frontendIPConfigurations: frontends.map((f: Any) => ({ name: f.name, properties: { publicIPAddress: { id: f.properties.publicIPAddress.id } } })),
                backendAddressPools: (p.backendAddressPools ?? []).map((b: Any) => ({ name: b.name })),
                probes: (p.probes ?? []).filter((x: Any) => !x.name.startsWith(r.frontend)).map((x: Any) => ({ name: x.name, properties: { protocol: x.properties.protocol, port: x.properties.port, intervalInSeconds: x.properties.intervalInSeconds, numberOfProbes: x.properties.numberOfProbes } })),
                loadBalancingRules: (p.loadBalancingRules ?? []).filter((x: Any) => !x.name.startsWith(r.frontend)).map((x: Any) => ({ name: x.name, properties: ruleProps(x.properties) })),
              },
            }),
            'load balancer',
          );
        }
      }
      const del = await arm('DELETE', r.publicIp, NETWORK_API);
      if (del.status >= 400 && del.status !== 404) armOk(del, 'public IP delete');
      delete st.services[uid];
      c.api.systemPut(c.t('', 'events'), { apiVersion: 'v1', kind: 'Event', metadata: { name: `cloud-provider.${uid}`, namespace: r.service.split('/')[0], uid: crypto.randomUUID() }, reason: 'DeletedLoadBalancer', message: `Deleted load balancer of ${r.service}`, type: 'Normal', involvedObject: { kind: 'Service', namespace: r.service.split('/')[0], name: r.service.split('/')[1] }, source: { component: 'service-controller' }, count: 1 } as KObj);
    });
  }
}

function ruleProps(x: Any): Any {
  const ref = (v: Any) => (v?.id ? { id: v.id } : undefined);
  return { protocol: x.protocol, frontendPort: x.frontendPort, backendPort: x.backendPort, enableFloatingIP: x.enableFloatingIP, idleTimeoutInMinutes: x.idleTimeoutInMinutes, frontendIPConfiguration: ref(x.frontendIPConfiguration), backendAddressPool: ref(x.backendAddressPool), probe: ref(x.probe) };
}

/** Adds (or removes) the VMs' primary NIC IP configurations to the pool, as the provider does with NIC writes. */
async function joinPool(arm: (m: 'GET' | 'PUT' | 'DELETE', path: string, api: string, body?: unknown) => Promise<{ status: number; body: unknown }>, vmIds: string[], poolId: string, join: boolean): Promise<void> {
  for (const vmId of vmIds) {
    const vm = armOk(await arm('GET', vmId, '2026-04-01'), 'VM');
    const nicId: string | undefined = vm.properties?.networkProfile?.networkInterfaces?.[0]?.id;
    if (!nicId) continue;
    const nic = armOk(await arm('GET', nicId, NETWORK_API), 'network interface');
    let changed = false;
    const configs = (nic.properties.ipConfigurations ?? []).map((ip: Any) => {
      const pools: Any[] = (ip.properties.loadBalancerBackendAddressPools ?? []).map((b: Any) => ({ id: b.id }));
      const has = pools.some((b) => b.id.toLowerCase() === poolId.toLowerCase());
      const primary = ip.properties.primary === true || nic.properties.ipConfigurations.length === 1;
      const next = join && primary && !has ? [...pools, { id: poolId }] : !join && has ? pools.filter((b) => b.id.toLowerCase() !== poolId.toLowerCase()) : pools;
      if (next.length !== pools.length) changed = true;
      const p = ip.properties;
      return {
        name: ip.name,
        properties: {
          primary: p.primary,
          privateIPAllocationMethod: p.privateIPAllocationMethod,
          privateIPAddress: p.privateIPAddress,
          subnet: p.subnet ? { id: p.subnet.id } : undefined,
          publicIPAddress: p.publicIPAddress ? { id: p.publicIPAddress.id } : undefined,
          loadBalancerBackendAddressPools: next,
        },
      };
    });
    if (!changed) continue;
    armOk(await arm('PUT', nicId, NETWORK_API, { location: nic.location, tags: nic.tags, properties: { networkSecurityGroup: nic.properties.networkSecurityGroup ? { id: nic.properties.networkSecurityGroup.id } : undefined, ipConfigurations: configs } }), 'network interface');
  }
}

function classOf(c: ControllerCtx, pvc: KObj): Any {
  const classes = c.api.list(c.t('storage.k8s.io', 'storageclasses'));
  const name = pvc.spec?.storageClassName;
  if (name) return classes.find((s) => s.metadata.name === name);
  return classes.find((s) => s.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true');
}

function gib(quantity: string | undefined): number {
  const m = /^(\d+)(Gi|G|Mi|Ti)?$/.exec(String(quantity ?? '1Gi'));
  if (!m) return 1;
  const n = Number(m[1]);
  return Math.max(1, m[2] === 'Ti' ? n * 1024 : m[2] === 'Mi' ? Math.ceil(n / 1024) : n);
}

function disks(c: ControllerCtx): void {
  const ctl = runningOn(c, 'kube-system', { app: 'csi-azuredisk-controller' })[0];
  if (!ctl) return;
  const { cfg, vmResourceId } = ctl;
  const arm = (method: 'GET' | 'PUT' | 'DELETE', path: string, api: string, body?: unknown) => c.dir.cloud!.arm(vmResourceId, cfg.userAssignedIdentityID, method, path, api, body);
  const st = state(c);
  const pvcTp = c.t('', 'persistentvolumeclaims');
  const pvTp = c.t('', 'persistentvolumes');
  const pods = c.api.list(c.t('', 'pods'));
  for (const pvc of c.api.list(pvcTp)) {
    if (pvc.spec?.volumeName || pvc.metadata.deletionTimestamp) continue;
    const sc = classOf(c, pvc);
    if (!sc || sc.provisioner !== DISK_DRIVER) continue;
    const ns = pvc.metadata.namespace as string;
    const used = pods.some((p) => p.metadata.namespace === ns && ((p.spec?.volumes ?? []) as Any[]).some((v) => v.persistentVolumeClaim?.claimName === pvc.metadata.name));
    if (sc.volumeBindingMode === 'WaitForFirstConsumer' && !used) continue;
    const pvName = `pvc-${pvc.metadata.uid}`;
    launch(c, `pvc:${pvc.metadata.uid}`, 'disk', pvc, async () => {
      const size = gib(pvc.spec?.resources?.requests?.storage);
      const tags = { ...parseTags(sc.parameters?.tags), 'k8s-azure-created-by': 'kubernetes-azure-dd', 'kubernetes.io-created-for-pv-name': pvName, 'kubernetes.io-created-for-pvc-name': pvc.metadata.name as string, 'kubernetes.io-created-for-pvc-namespace': ns };
      const disk = armOk(await arm('PUT', `${groupPath(cfg)}/Microsoft.Compute/disks/${pvName}`, DISK_API, { location: cfg.location, sku: { name: sc.parameters?.skuName ?? 'StandardSSD_LRS' }, tags, properties: { creationData: { createOption: 'Empty' }, diskSizeGB: size } }), 'managed disk');
      st.disks[pvName] = disk.id;
      const fresh = c.api.find(pvcTp, ns, pvc.metadata.name as string);
      if (!fresh || fresh.metadata.uid !== pvc.metadata.uid) return;
      c.api.create(pvTp, undefined, {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: pvName, annotations: { 'pv.kubernetes.io/provisioned-by': DISK_DRIVER, 'volume.kubernetes.io/provisioner-deletion-secret-name': '', 'volume.kubernetes.io/provisioner-deletion-secret-namespace': '' }, finalizers: ['external-provisioner.volume.kubernetes.io/finalizer', 'kubernetes.io/pv-protection'] },
        spec: {
          capacity: { storage: `${size}Gi` },
          accessModes: fresh.spec?.accessModes ?? ['ReadWriteOnce'],
          persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
          storageClassName: sc.metadata.name,
          volumeMode: fresh.spec?.volumeMode ?? 'Filesystem',
          claimRef: { kind: 'PersistentVolumeClaim', namespace: ns, name: fresh.metadata.name, uid: fresh.metadata.uid, apiVersion: 'v1', resourceVersion: fresh.metadata.resourceVersion },
          csi: { driver: DISK_DRIVER, volumeHandle: disk.id, fsType: 'ext4', volumeAttributes: { 'csi.storage.k8s.io/pv/name': pvName, 'csi.storage.k8s.io/pvc/name': fresh.metadata.name, 'csi.storage.k8s.io/pvc/namespace': ns, skuname: sc.parameters?.skuName ?? 'StandardSSD_LRS' } },
        },
      });
      const pv = c.api.find(pvTp, undefined, pvName)!;
      c.api.update(pvTp, undefined, pvName, { ...pv, status: { phase: 'Bound' } }, { subresource: 'status' });
      const bound = c.api.update(pvcTp, ns, fresh.metadata.name as string, { ...fresh, spec: { ...fresh.spec, volumeName: pvName }, metadata: { ...fresh.metadata, annotations: { ...(fresh.metadata.annotations ?? {}), 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes', 'volume.kubernetes.io/storage-provisioner': DISK_DRIVER } } });
      c.api.update(pvcTp, ns, bound.metadata.name as string, { ...bound, status: { phase: 'Bound', accessModes: bound.spec?.accessModes ?? ['ReadWriteOnce'], capacity: { storage: `${size}Gi` } } }, { subresource: 'status' });
      c.event(bound, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pvName}`, { component: `${DISK_DRIVER}_csi-azuredisk-controller` });
    });
  }
  // Released volumes with reclaim policy Delete: the disk goes, then the volume.
  for (const [pvName, diskId] of Object.entries(st.disks)) {
    const pv = c.api.find(pvTp, undefined, pvName);
    const claim = pv?.spec?.claimRef;
    const claimLive = claim && c.api.find(pvcTp, claim.namespace, claim.name)?.metadata.uid === claim.uid;
    if (pv && (claimLive || pv.spec?.persistentVolumeReclaimPolicy !== 'Delete')) continue;
    launch(c, `pv-delete:${pvName}`, 'disk', { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: pvName } } as KObj, async () => {
      const del = await arm('DELETE', diskId, DISK_API);
      if (del.status >= 400 && del.status !== 404) armOk(del, 'managed disk delete');
      delete st.disks[pvName];
      const left = c.api.find(pvTp, undefined, pvName);
      if (left) c.api.remove(pvTp, left);
    });
  }
}

export function cloudProvider(c: ControllerCtx): void {
  if (!c.dir.cloud) return;
  providerIds(c);
  const ccm = c.api.find(c.t('apps', 'deployments'), 'kube-system', 'cloud-controller-manager');
  const clusterName = String(((ccm?.spec?.template?.spec?.containers?.[0]?.args ?? []) as string[]).find((a) => a.startsWith('--cluster-name='))?.split('=')[1] ?? 'kubernetes');
  services(c, clusterName);
  disks(c);
}
