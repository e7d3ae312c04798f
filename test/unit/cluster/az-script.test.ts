import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { renderAzScript } from '../../../electron/services/cluster/render/az-script';
import { PUBLIC_IP_PLACEHOLDER } from '../../../electron/services/cluster/render/ignition';
import { makeSpec } from './fixtures';
import { needsTool } from '../../helpers/platform';

/** Tests that check the script with `bash -n` skip where there is no bash (Windows without Git Bash). */
const noBash = needsTool('bash', ['-c', 'true'], 'the script is checked with bash -n');

function bashAccepts(script: string): { ok: boolean; stderr: string } {
  const r = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
  return { ok: r.status === 0, stderr: r.stderr };
}

test('the script is valid bash with strict mode and variables at the top', { skip: noBash }, () => {
  const script = renderAzScript({ spec: makeSpec({ name: 'lab', tags: { owner: "o'neil" } }) });
  assert.deepEqual(bashAccepts(script), { ok: true, stderr: '' });
  const lines = script.split('\n');
  assert.equal(lines[0], '#!/usr/bin/env bash');
  const strict = lines.indexOf('set -euo pipefail');
  assert.ok(strict > 0);
  const firstAz = lines.findIndex((l) => l.startsWith('az '));
  for (const v of ['CLUSTER=lab', 'RG=demo-rg', 'LOCATION=westeurope', 'SOURCE_CIDR=203.0.113.7/32']) {
    const at = lines.indexOf(v);
    assert.ok(at > strict && at < firstAz, v);
  }
  assert.ok(lines.includes(`TAGS=(flatkube-cluster=lab 'owner=o'\\''neil')`));
});

test('the script contains each resource, the NSG rules, custom data and the kubeadm steps in order', () => {
  const script = renderAzScript({ spec: makeSpec() });
  const expected = [
    'az group create --name "${RG}"',
    'az network vnet create',
    'az network nsg create',
    '--destination-port-ranges 22',
    '--destination-port-ranges 6443',
    'az network public-ip create --resource-group "${RG}" --name "${CLUSTER}-cp-0-pip"',
    `sed -e "s/${PUBLIC_IP_PLACEHOLDER}/\${CP_PUBLIC_IP}/g" "\${IGNITION_DIR}/cp-0.ign.template.json" > "\${IGNITION_DIR}/cp-0.ign.json"`,
    'az vm create --resource-group "${RG}" --name "${CLUSTER}-cp-0-vm"',
    '--custom-data "${IGNITION_DIR}"/cp-0.ign.json',
    'sudo kubeadm init --config /etc/kubeadm/init.yaml',
    'kube-flannel.yml',
    'kubeadm token create --print-join-command',
    'kind: JoinConfiguration',
    'sudo kubeadm join --config /etc/kubeadm/join.yaml',
    'wait --for=condition=Ready nodes --all',
  ];
  let from = 0;
  for (const e of expected) {
    const at = script.indexOf(e, from);
    assert.ok(at >= 0, `missing or out of order: ${e}`);
    from = at;
  }
  assert.ok(!script.includes('terms accept'), 'no terms for corevm-amd64');
  assert.ok(!script.includes('StrictHostKeyChecking=no'));
  // The join token reaches workers over stdin only (az-script-run.test.ts runs it).
  for (const line of script.split('\n').filter((l) => /\bssh\b/.test(l))) assert.doesNotMatch(line, /JOIN_(COMMAND|TOKEN)\}?"?\s*$|sudo \$\{JOIN/, line);
  // ssh options after the destination would become the remote command.
  for (const line of script.split('\n').filter((l) => /\bssh -o/.test(l))) {
    const dest = line.indexOf('"${SSH_USER}"@');
    assert.ok(dest > 0);
    assert.doesNotMatch(line.slice(dest), /--output tsv\) -o /, line);
  }
});

test('the free offer accepts terms first and puts the plan on the VM', { skip: noBash }, () => {
  const script = renderAzScript({ spec: makeSpec({ image: { offer: 'flatcar-container-linux-free' } }) });
  assert.ok(bashAccepts(script).ok);
  const terms = script.indexOf('az vm image terms accept --publisher kinvolk --offer flatcar-container-linux-free --plan stable-gen2');
  assert.ok(terms > 0 && terms < script.indexOf('az vm create'));
  assert.match(script, /--plan-name stable-gen2 --plan-product flatcar-container-linux-free --plan-publisher kinvolk/);
});

test('calico script stays valid bash (nested heredocs)', { skip: noBash }, () => {
  const script = renderAzScript({ spec: makeSpec({ cni: 'calico' }) });
  assert.deepEqual(bashAccepts(script), { ok: true, stderr: '' });
  assert.match(script, /encapsulation: VXLAN/);
});

test('no host key in the script: each node\'s is read from its serial console before the first ssh to it', () => {
  const script = renderAzScript({ spec: makeSpec() });
  assert.doesNotMatch(script, /PRIVATE KEY|HOSTKEY_/);
  assert.match(script, /az vm boot-diagnostics get-boot-log --resource-group "\$\{RG\}" --name "\$\{vm\}"/);
  for (const node of ['cp-0', 'worker-0', 'worker-1']) {
    const pin = script.indexOf(`pin_host_key "\${CLUSTER}-${node}-vm"`);
    const vm = script.indexOf(`az vm create --resource-group "\${RG}" --name "\${CLUSTER}-${node}-vm"`);
    const firstSsh = script.indexOf(`ssh -o StrictHostKeyChecking=yes -o UserKnownHostsFile="\${KNOWN_HOSTS}" -o ConnectTimeout=5 "\${SSH_USER}"@$(az network public-ip show --resource-group "\${RG}" --name "\${CLUSTER}-${node}-pip"`);
    assert.ok(vm > 0 && pin > vm && firstSsh > pin, `${node}: vm ${vm}, pin ${pin}, ssh ${firstSsh}`);
  }
});

test('calico: the script creates operator-crds.yaml before tigera-operator.yaml, from copies checked against their sha256', { skip: noBash }, () => {
  const script = renderAzScript({ spec: makeSpec({ cni: 'calico' }) });
  assert.deepEqual(bashAccepts(script), { ok: true, stderr: '' });
  const order = [
    'curl -fsSL -O https://raw.githubusercontent.com/projectcalico/calico/',
    "| sha256sum --check --strict && echo '",
    'create -f /tmp/flatkube-calico/operator-crds.yaml',
    'create -f /tmp/flatkube-calico/tigera-operator.yaml',
    'wait --for condition=established --timeout=120s crd/installations.operator.tigera.io',
    'kind: Installation',
  ];
  let from = 0;
  for (const e of order) {
    const at = script.indexOf(e, from);
    assert.ok(at >= 0, `missing or out of order: ${e}`);
    from = at;
  }
  assert.ok(!/create -f https:/.test(script), 'kubectl never reads an unchecked URL');
});
