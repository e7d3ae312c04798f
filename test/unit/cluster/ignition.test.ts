import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { clusterNodes } from '../../../shared/domain/cluster-layout';
import {
  HOST_KEY_PATH,
  INIT_CONFIG_PATH,
  renderCustomData,
  renderIgnition,
  renderIgnitionJson,
  type IgnitionConfig,
  type IgnitionInput,
} from '../../../electron/services/cluster/render/ignition';
import {
  CUSTOM_DATA_MAX_BASE64_CHARS,
  CustomDataTooLargeError,
  toCustomData,
} from '../../../electron/services/cluster/render/custom-data';
import { DEFAULT_KUBERNETES_VERSION, type ClusterSpec } from '../../../shared/domain/cluster-spec';
import {
  HOST_KEY_FINGERPRINT_MARKER,
  HOST_KEY_MARKER,
  HOST_KEY_UNIT,
  NODE_HOST_PUBLIC_KEY_PATH,
} from '../../../electron/services/cluster/render/host-key-announce';
import { makeArmSpec, makePin, makeSpec } from './fixtures';
import { ignitionValidator } from './ignition-schema';

const validate = ignitionValidator();
const PUBLIC_IP = '20.1.2.3';

function inputsFor(spec: ClusterSpec): IgnitionInput[] {
  return clusterNodes(spec).map((node) => ({ spec, node, pin: makePin(spec), controlPlanePublicIp: PUBLIC_IP }));
}
function file(cfg: IgnitionConfig, path: string) {
  return cfg.storage.files.find((f) => f.path === path);
}
function fileText(cfg: IgnitionConfig, path: string): string {
  const f = file(cfg, path);
  assert.ok(f, `missing ${path}`);
  assert.match(f.contents.source, /^data:,/);
  return decodeURIComponent(f.contents.source.slice('data:,'.length));
}

test('the strict schema check catches unknown keys (guards the guard)', () => {
  const cfg = renderIgnition(inputsFor(makeSpec())[0]!) as unknown as Record<string, unknown>;
  const broken = structuredClone(cfg) as { passwd: { users: Record<string, unknown>[] } };
  broken.passwd.users[0]!.sshAuthorizedKey = ['x'];
  assert.ok(validate(broken).some((e) => /sshAuthorizedKey is not/.test(e)));
  assert.ok(validate({ ignition: { version: 3 } }).length > 0);
});

for (const [label, spec] of [
  ['x64', makeSpec()],
  ['Arm64', makeArmSpec()],
] as const) {
  test(`${label}: control plane and worker configs validate against Ignition 3.4.0`, () => {
    for (const input of inputsFor(spec)) {
      const cfg = renderIgnition(input);
      assert.equal(cfg.ignition.version, '3.4.0');
      assert.deepEqual(validate(cfg), [], `${input.node.name}`);
    }
  });

  test(`${label}: sysext for the right architecture, pinned and linked`, () => {
    const arch = label === 'Arm64' ? 'arm64' : 'x86-64';
    const v = DEFAULT_KUBERNETES_VERSION;
    const cfg = renderIgnition(inputsFor(spec)[1]!);
    const path = `/opt/extensions/kubernetes/kubernetes-v${v}-${arch}.raw`;
    const sysext = file(cfg, path);
    assert.ok(sysext);
    assert.equal(sysext.contents.source, `https://github.com/flatcar/sysext-bakery/releases/download/kubernetes-v${v}/kubernetes-v${v}-${arch}.raw`);
    assert.equal(sysext.contents.verification?.hash, makePin(spec).hash);
    // Ignition 3.4.0: "<type>-<value>" where type is sha512 or sha256.
    assert.match(sysext.contents.verification!.hash, /^(sha256-[0-9a-f]{64}|sha512-[0-9a-f]{128})$/);
    assert.deepEqual(
      cfg.storage.links.find((l) => l.path === '/etc/extensions/kubernetes.raw'),
      { path: '/etc/extensions/kubernetes.raw', target: path, hard: false, overwrite: true },
    );
  });
}

test('every node gets the user, the host-key announcement unit, modules, sysctl, update-engine on and locksmithd masked', () => {
  const spec = makeSpec();
  for (const input of inputsFor(spec)) {
    const cfg = renderIgnition(input);
    assert.deepEqual(cfg.passwd.users, [{ name: 'core', sshAuthorizedKeys: [spec.ssh.publicKey] }]);
    assert.equal(fileText(cfg, '/etc/hostname'), `${input.node.name}\n`);
    // No host key in the config (custom data holds no secret): the node makes its own.
    assert.ok(!cfg.storage.files.some((f) => f.path.startsWith('/etc/ssh/')), 'nothing under /etc/ssh');
    assert.equal(file(cfg, HOST_KEY_PATH), undefined);
    assert.doesNotMatch(renderIgnitionJson(input), /PRIVATE KEY|HostKey /);
    // ... and prints the public half on the serial console, before sshd serves anyone.
    const unit = cfg.systemd.units.find((u) => u.name === HOST_KEY_UNIT)!;
    assert.equal(unit.enabled, true);
    assert.match(unit.contents!, /^After=sshd-keygen\.service$/m);
    assert.match(unit.contents!, /^Type=oneshot$/m);
    assert.match(unit.contents!, /^StandardOutput=journal\+console$/m);
    assert.match(unit.contents!, /^WantedBy=multi-user\.target$/m);
    const execs = unit.contents!.split('\n').filter((l) => l.startsWith('ExecStart='));
    assert.equal(execs.length, 2);
    assert.ok(execs.every((l) => l.includes(NODE_HOST_PUBLIC_KEY_PATH) && !l.includes(HOST_KEY_PATH + ' ')), 'reads the public key file only');
    assert.ok(execs[0]!.includes(`${HOST_KEY_MARKER} &`) && execs[1]!.includes(HOST_KEY_FINGERPRINT_MARKER));
    // systemd unquotes ExecStart itself: no specifier (%), variable ($) or C escape (\) to trip over.
    for (const l of execs) assert.doesNotMatch(l, /[%$\\]/, l);
    const sshd = cfg.systemd.units.find((u) => u.name === 'sshd@.service')!;
    assert.deepEqual(sshd.dropins?.map((d) => d.contents), [`[Unit]\nWants=${HOST_KEY_UNIT}\nAfter=${HOST_KEY_UNIT}\n`]);
    assert.deepEqual(fileText(cfg, '/etc/modules-load.d/k8s.conf').trim().split('\n').sort(), ['br_netfilter', 'overlay']);
    const sysctl = fileText(cfg, '/etc/sysctl.d/k8s.conf');
    assert.match(sysctl, /^net\.ipv4\.ip_forward = 1$/m);
    assert.match(sysctl, /^net\.bridge\.bridge-nf-call-iptables = 1$/m);
    // Flatcar updates: update-engine downloads them, locksmithd does not reboot for them (Kured does).
    assert.deepEqual(cfg.systemd.units.find((u) => u.name === 'locksmithd.service'), { name: 'locksmithd.service', mask: true });
    assert.deepEqual(cfg.systemd.units.find((u) => u.name === 'update-engine.service'), { name: 'update-engine.service', enabled: true });
    // Flatcar's own containerd is kept: no unit or config override.
    assert.ok(!cfg.systemd.units.some((u) => u.name.startsWith('containerd')));
    assert.ok(!cfg.storage.files.some((f) => f.path.startsWith('/etc/containerd')));
  }
});

test('only the control plane carries /etc/kubeadm/init.yaml, with its own IPs', () => {
  const spec = makeSpec();
  const [cp, worker] = inputsFor(spec);
  const init = fileText(renderIgnition(cp!), INIT_CONFIG_PATH);
  const docs = parseAllDocuments(init).map((d) => d.toJS() as Record<string, unknown>);
  assert.deepEqual(docs.map((d) => d.kind), ['InitConfiguration', 'ClusterConfiguration', 'KubeletConfiguration']);
  const cluster = docs[1] as { controlPlaneEndpoint: string; apiServer: { certSANs: string[] } };
  assert.equal(cluster.controlPlaneEndpoint, '10.0.1.4:6443');
  assert.deepEqual(cluster.apiServer.certSANs, [PUBLIC_IP, '10.0.1.4']);
  assert.equal(file(renderIgnition(cp!), INIT_CONFIG_PATH)!.mode, 0o600);
  assert.equal(file(renderIgnition(worker!), INIT_CONFIG_PATH), undefined);
  assert.ok(!renderIgnitionJson(worker!).includes('JoinConfiguration'));
  assert.throws(() => renderIgnition({ ...cp!, controlPlanePublicIp: undefined }), /controlPlanePublicIp/);
});

test('output is deterministic for the same input', () => {
  const spec = makeSpec();
  const a = inputsFor(spec).map(renderIgnitionJson);
  const b = inputsFor(makeSpec()).map(renderIgnitionJson);
  assert.deepEqual(a, b);
  assert.notEqual(a[1], a[2], 'workers differ by hostname');
});

test('a pin for another version or architecture is refused', () => {
  const [cp] = inputsFor(makeSpec());
  assert.throws(() => renderIgnition({ ...cp!, pin: makePin(makeSpec({ kubernetesVersion: '1.35.2' })) }), /not an HTTPS URL of kubernetes-v1\.35\.3-x86-64\.raw/);
  assert.throws(() => renderIgnition({ ...cp!, pin: makePin(makeArmSpec()) }), /not an HTTPS URL of kubernetes-v1\.35\.3-x86-64\.raw/);
});

test('the announcement unit prints the node key, not a copy: the same unit on every node', () => {
  const units = inputsFor(makeSpec()).map((i) => renderIgnition(i).systemd.units.find((u) => u.name === HOST_KEY_UNIT));
  assert.equal(new Set(units.map((u) => JSON.stringify(u))).size, 1);
});

test('custom data stays under Azure limit for the biggest cluster, and the limit is enforced', () => {
  const spec = makeSpec({ workers: { count: 20 }, tags: { owner: 'x'.repeat(256) } });
  for (const input of inputsFor(spec)) {
    const b64 = renderCustomData(input);
    assert.ok(b64.length <= CUSTOM_DATA_MAX_BASE64_CHARS);
    assert.deepEqual(JSON.parse(Buffer.from(b64, 'base64').toString('utf8')), renderIgnition(input));
    // Plenty of headroom for later additions: well under half the limit.
    assert.ok(b64.length < CUSTOM_DATA_MAX_BASE64_CHARS / 2, `${input.node.name}: ${b64.length}`);
  }
  assert.equal(toCustomData('a'.repeat(65535)).length, 87380);
  assert.throws(() => toCustomData('a'.repeat(65536)), CustomDataTooLargeError);
});
