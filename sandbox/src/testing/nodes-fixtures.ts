// Shared fixtures for the simulated-node tests: Ignition configs in
// Flatkube's agreed layout, and a tiny ssh2 client wrapper that verifies the
// host key against the one given in Ignition.
import { createHash } from 'node:crypto';
import { createSandboxInternet, type SandboxInternet } from '../upstream';
import { sandboxBakeryBaseUrl, sandboxSysextImage } from '../upstream/sysext-bakery';
import ssh2, { type Client as SshClient } from 'ssh2';

const { Client, utils } = ssh2;
type Client = SshClient;

export const instantPace = { delayMs: () => 0 };

export interface KeyPair {
  private: string;
  public: string;
}

export function keyPair(): KeyPair {
  // ssh2 occasionally generates an ed25519 key its own parser rejects; draw again then.
  for (;;) {
    const kp = utils.generateKeyPairSync('ed25519');
    if (!(utils.parseKey(kp.public) instanceof Error) && !(utils.parseKey(kp.private) instanceof Error)) return kp;
  }
}

export function initYaml(o: { apiVersion?: string; cgroupDriver?: string; version?: string; ip: string; token?: string }): string {
  const api = o.apiVersion ?? 'kubeadm.k8s.io/v1beta4';
  return `apiVersion: ${api}
kind: InitConfiguration
bootstrapTokens:
- token: ${o.token ?? 'abcdef.0123456789abcdef'}
  ttl: 24h0m0s
localAPIEndpoint:
  advertiseAddress: ${o.ip}
  bindPort: 6443
nodeRegistration:
  criSocket: unix:///run/containerd/containerd.sock
---
apiVersion: ${api}
kind: ClusterConfiguration
kubernetesVersion: ${o.version ?? 'v1.36.1'}
controlPlaneEndpoint: ${o.ip}:6443
apiServer:
  certSANs:
  - 20.1.2.3
networking:
  podSubnet: 10.244.0.0/16
  serviceSubnet: 10.96.0.0/12
---
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
cgroupDriver: ${o.cgroupDriver ?? 'systemd'}
`;
}

/** The loopback origin fixture Ignition configs download the sysext from (any sandbox answers it). */
export const FIXTURE_ORIGIN = 'https://127.0.0.1:1';

/** The simulated internet for a node host created outside a sandbox. */
export function fixtureInternet(): SandboxInternet {
  return createSandboxInternet({ origin: FIXTURE_ORIGIN });
}

export function ignition(o: {
  hostname: string;
  hostKey?: KeyPair;
  authorizedKeys: string[];
  initYaml?: string;
  k8sVersion?: string;
  modules?: string;
  version?: '3.3.0' | '3.4.0';
}): Record<string, unknown> {
  const v = o.k8sVersion ?? 'v1.36.1';
  const sysext = `/opt/extensions/kubernetes/kubernetes-${v}-x86-64.raw`;
  const image = sandboxSysextImage(v.replace(/^v/, ''), 'x86-64');
  const files: Record<string, unknown>[] = [
    { path: '/etc/hostname', mode: 420, contents: { source: `data:,${encodeURIComponent(o.hostname)}` } },
    { path: '/etc/modules-load.d/k8s.conf', mode: 420, contents: { source: `data:,${encodeURIComponent(o.modules ?? 'br_netfilter\noverlay\n')}` } },
    {
      path: sysext,
      contents: {
        // Any 127.0.0.1 port is the sandbox's bakery (upstream/internet.ts): FIXTURE_ORIGIN works with every sandbox.
        source: `${sandboxBakeryBaseUrl(FIXTURE_ORIGIN)}/kubernetes-${v}/kubernetes-${v}-x86-64.raw`,
        verification: { hash: `sha256-${createHash('sha256').update(image).digest('hex')}` },
      },
    },
  ];
  if (o.hostKey) {
    files.push({ path: '/etc/ssh/ssh_host_ed25519_key', mode: 384, contents: { source: `data:;base64,${Buffer.from(o.hostKey.private).toString('base64')}` } });
  }
  if (o.initYaml) files.push({ path: '/etc/kubeadm/init.yaml', mode: 384, contents: { source: `data:;base64,${Buffer.from(o.initYaml).toString('base64')}` } });
  return {
    ignition: { version: o.version ?? '3.4.0' },
    passwd: { users: [{ name: 'core', sshAuthorizedKeys: o.authorizedKeys }] },
    storage: { files, links: [{ path: '/etc/extensions/kubernetes.raw', target: sysext, hard: false }] },
    systemd: { units: [{ name: 'locksmithd.service', mask: true }, { name: 'containerd.service', enabled: true }] },
  };
}

export function b64(cfg: unknown): string {
  return Buffer.from(typeof cfg === 'string' ? cfg : JSON.stringify(cfg)).toString('base64');
}

export function connect(port: number, userKey: KeyPair, expectedHostPub: string, username = 'core'): Promise<Client> {
  const expected = utils.parseKey(expectedHostPub);
  if (expected instanceof Error) throw expected;
  return new Promise((resolve, reject) => {
    const c = new Client();
    c.on('ready', () => resolve(c));
    c.on('error', reject);
    c.connect({
      host: '127.0.0.1',
      port,
      username,
      privateKey: userKey.private,
      readyTimeout: 10_000,
      hostVerifier: (key: Buffer) => Buffer.compare(key, expected.getPublicSSH()) === 0,
    });
  });
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

export function exec(c: Client, cmd: string, stdin?: string): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    c.exec(cmd, (err, ch) => {
      if (err) return reject(err);
      let stdout = '';
      let stderr = '';
      let code: number | null = null;
      ch.on('data', (d: Buffer) => (stdout += d.toString()));
      ch.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      ch.on('exit', (c: number | null) => (code = c));
      ch.on('close', () => resolve({ stdout, stderr, code }));
      if (stdin !== undefined) ch.end(stdin);
      else ch.end();
    });
  });
}
