// What the pod network's pods log, in each project's own log format: flanneld (klog), the
// tigera operator (zap JSON), calico-node and cilium-agent. A problem from cluster-view's
// cniProblem (br_netfilter, a pod network that does not fit kubeadm's podSubnet) shows up
// here as the error the real component logs before it exits or gives up.
import type { ClusterMember, ClusterRecord } from '../node-state';
import type { PodNetworkProblem } from './pod-network';
import { calicoOperatorError, calicoPools, ciliumIpam } from './pod-network';

export type CniPodKind = 'flannel' | 'calico-node' | 'tigera-operator' | 'cilium';

/** The container `kubectl logs` reads by default, per pod kind. */
export const MAIN_CONTAINER: Record<CniPodKind, string> = { flannel: 'kube-flannel', 'calico-node': 'calico-node', 'tigera-operator': 'tigera-operator', cilium: 'cilium-agent' };

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** klog's line header: `I0915 10:00:00.000000       1 file.go:12] `. */
function klog(level: 'I' | 'W' | 'E', at: Date, where: string, msg: string): string {
  const d = `${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}.${pad(at.getUTCMilliseconds(), 3)}000`;
  return `${level}${d}       1 ${where}] ${msg}`;
}

function flannelLog(m: ClusterMember, at: Date, problem: PodNetworkProblem | undefined): string[] {
  const I = (where: string, msg: string) => klog('I', at, where, msg);
  const E = (where: string, msg: string) => klog('E', at, where, msg);
  const lines = [
    I('main.go:211', 'CLI flags config: {etcdEndpoints:http://127.0.0.1:4001,http://127.0.0.1:2379 etcdPrefix:/coreos.com/network kubeSubnetMgr:true kubeAnnotationPrefix:flannel.alpha.coreos.com ipMasq:true subnetFile:/run/flannel/subnet.env netConfPath:/etc/kube-flannel/net-conf.json setNodeNetworkUnavailable:true}'),
    klog('W', at, 'client_config.go:659', 'Neither --kubeconfig nor --master was specified.  Using the inClusterConfig.  This might not work.'),
  ];
  if (problem?.message.startsWith('Failed to check br_netfilter')) return [...lines, E('main.go:278', problem.message)];
  if (problem?.message.startsWith('Failed to create SubnetManager')) return [...lines, E('main.go:228', problem.message)];
  lines.push(
    I('kube.go:139', 'Waiting 10m0s for node controller to sync'),
    I('kube.go:469', 'Starting kube subnet manager'),
    I('kube.go:146', 'Node controller sync successful'),
    I('main.go:231', `Created subnet manager: Kubernetes Subnet Manager - ${m.name}`),
    I('main.go:234', 'Installing signal handlers'),
    I('main.go:468', 'Found network config - Backend type: vxlan'),
    I('match.go:211', 'Determining IP address of default interface'),
    I('match.go:264', `Using interface with name eth0 and address ${m.ip}`),
    I('match.go:286', `Defaulting external address to interface address (${m.ip})`),
    I('vxlan.go:141', 'VXLAN config: VNI=1 Port=0 GBP=false Learning=false DirectRouting=false'),
  );
  if (problem) return [...lines, E('main.go:359', problem.message), I('main.go:448', 'Stopping shutdownHandler...')];
  return [
    ...lines,
    I('main.go:355', 'Setting up masking rules'),
    I('main.go:376', 'Changing default FORWARD chain policy to ACCEPT'),
    I('main.go:389', 'Wrote subnet file to /run/flannel/subnet.env'),
    I('main.go:393', 'Running backend.'),
    I('vxlan_network.go:65', 'watching for new subnet leases'),
  ];
}

function operatorLog(cluster: ClusterRecord, at: Date): string[] {
  const zap = (level: string, logger: string, msg: string, extra: Record<string, string> = {}) => JSON.stringify({ level, ts: at.toISOString(), logger, msg, ...extra });
  const lines = [zap('info', 'setup', 'Checking type of cluster', { provider: '' }), zap('info', 'setup', 'Starting manager')];
  if (!cluster.cni) return lines;
  const req = { 'Request.Namespace': '', 'Request.Name': 'default' };
  lines.push(zap('info', 'controller_installation', 'Reconciling Installation.operator.tigera.io', req));
  const err = calicoOperatorError(cluster);
  if (err) lines.push(zap('error', 'controller_installation', 'Error querying installation', { ...req, reason: 'ResourceReadError', error: err }));
  return lines;
}

function calicoNodeLog(cluster: ClusterRecord, m: ClusterMember, at: Date): string[] {
  const ts = at.toISOString().replace('T', ' ').slice(0, 23);
  const info = (where: string, msg: string) => `${ts} [INFO][1] ${where}: ${msg}`;
  return [
    info('startup/startup.go 432', 'Early log level set to info'),
    info('startup/utils.go 126', `Using NODENAME environment for node name ${m.name}`),
    info('startup/startup.go 770', `Using autodetected IPv4 address on interface eth0: ${m.ip}/24`),
    info('startup/startup.go 573', `IP pools in use: ${calicoPools(cluster).join(', ') || cluster.podSubnet || '192.168.0.0/16'} (VXLAN)`),
    info('startup/startup.go 108', 'Calico node started successfully'),
  ];
}

function ciliumLog(cluster: ClusterRecord, at: Date, problem: PodNetworkProblem | undefined): string[] {
  const line = (level: string, msg: string, subsys: string) => `time="${at.toISOString()}" level=${level} msg="${msg.replace(/"/g, '\\"')}" subsys=${subsys}`;
  const { mode, pools } = ciliumIpam(cluster);
  const lines = [
    line('info', `  --ipam='${mode}'`, 'daemon'),
    line('info', `  --cluster-pool-ipv4-cidr='${pools.join(' ')}'`, 'daemon'),
    line('info', "  --routing-mode='tunnel'", 'daemon'),
    line('info', "  --tunnel-protocol='vxlan'", 'daemon'),
    line('info', 'Initializing daemon', 'daemon'),
  ];
  if (problem) return [...lines, line('error', problem.message, 'ipam'), line('fatal', 'Error while creating daemon', 'daemon')];
  return [...lines, line('info', 'Initializing node addressing', 'daemon'), line('info', 'Daemon initialization completed', 'daemon')];
}

/** The main container's log of one CNI pod. */
export function cniPodLog(kind: CniPodKind, cluster: ClusterRecord, m: ClusterMember, problem: PodNetworkProblem | undefined): string[] {
  const at = new Date(cluster.cni?.appliedAt ?? m.joinedAt);
  switch (kind) {
    case 'flannel':
      return flannelLog(m, at, problem);
    case 'tigera-operator':
      return operatorLog(cluster, at);
    case 'calico-node':
      return calicoNodeLog(cluster, m, at);
    case 'cilium':
      return ciliumLog(cluster, at, problem);
  }
}
