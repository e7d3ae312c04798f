// Where the desktop reaches a cluster's API (engine/api-endpoint.ts): one control plane, its public
// IP on 6443 as the environment maps it; three, the load balancer's frontend, which real Azure
// answers with the DNS name itself (no tls-server-name needed) and the sandbox with its forwarded
// loopback port plus the name to check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiServerFqdn } from '../../../shared/domain/api-endpoint';
import type { ArmClients } from '../../../electron/services/azure/arm-clients';
import { publicCloudEnvironment } from '../../../electron/services/azure/environment';
import { API_PUBLIC_IP_FACT, locateApiServer, serverUrl } from '../../../electron/services/cluster/engine/api-endpoint';
import { makeSpec } from '../cluster/fixtures';

const azure = publicCloudEnvironment({ clientId: '00000000-0000-0000-0000-000000000001' });

function armWith(ips: Record<string, string>, asked: string[]): ArmClients {
  return {
    network: {
      publicIPAddresses: {
        get: async (_rg: string, name: string) => {
          asked.push(name);
          return { ipAddress: ips[name] };
        },
      },
    },
  } as unknown as ArmClients;
}

test('real Azure, three control planes: https://<fqdn>:6443, the certificate checked for the name dialled', async () => {
  const spec = makeSpec({ name: 'ha', controlPlane: { count: 3 } });
  const asked: string[] = [];
  const ep = await locateApiServer({ env: azure, arm: armWith({ 'ha-api-pip': '20.1.2.3' }, asked), spec, fact: () => undefined });
  assert.deepEqual(ep, { host: apiServerFqdn(spec), port: 6443 });
  assert.equal(serverUrl(ep), `https://${apiServerFqdn(spec)}:6443`);
  assert.deepEqual(asked, ['ha-api-pip'], 'the frontend is looked up by its public IP');
});

test('a journal fact saves the ARM read; one control plane: its own public IP', async () => {
  const ha = makeSpec({ name: 'ha', controlPlane: { count: 3 } });
  const asked: string[] = [];
  const stored: Record<string, string> = {};
  const loc = { env: azure, arm: armWith({}, asked), spec: ha, fact: (k: string) => (k === API_PUBLIC_IP_FACT ? '20.1.2.3' : undefined) };
  assert.equal((await locateApiServer(loc)).host, apiServerFqdn(ha));
  assert.deepEqual(asked, []);
  const one = makeSpec({ name: 'one' });
  const ep = await locateApiServer({ env: azure, arm: armWith({ 'one-cp-0-pip': '20.9.9.9' }, asked), spec: one, fact: () => undefined, setFact: async (k, v) => void (stored[k] = v) });
  assert.deepEqual(ep, { host: '20.9.9.9', port: 6443 });
  assert.deepEqual(stored, { 'publicIp:cp-0': '20.9.9.9' }, 'learnt once, remembered');
  assert.equal(serverUrl({ host: '::1', port: 6443 }), 'https://[::1]:6443');
});
