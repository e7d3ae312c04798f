// A cluster of three control planes in the sandbox: the kubeconfig dials the load balancer
// frontend's loopback port and checks the API server's certificate for the endpoint's DNS name
// (`tls-server-name`, which Flatkube sets itself; admin.conf's own is never copied). The HTTPS
// client sends that name (SNI) and verifies the certificate against it, and refuses a
// certificate that does not carry it.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { kubeOk } from '../../../electron/services/kube/kube-http';
import { kubeAccess, prepareKubeconfig, withServer } from '../../../electron/services/kube/kubeconfig';
import { testCa } from '../../helpers/test-ca';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const FQDN = 'ha-1a2b3c4d.westeurope.cloudapp.azure.com';

function adminConf(ca: string, cert: string, key: string): string {
  return `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: ${b64(ca)}
    server: https://${FQDN}:6443
    tls-server-name: evil.example
  name: ha
contexts:
- context: {cluster: ha, user: kubernetes-admin}
  name: kubernetes-admin@ha
current-context: kubernetes-admin@ha
users:
- name: kubernetes-admin
  user:
    client-certificate-data: ${b64(cert)}
    client-key-data: ${b64(key)}
`;
}

describe('kubeconfig with tls-server-name (a load-balanced API reached on another address)', () => {
  const ca = testCa();
  const server = ca.issue({ commonName: 'kube-apiserver', dnsNames: [FQDN] });
  const client = ca.issue({ commonName: 'kubernetes-admin', client: true });
  let port = 0;
  const seenServerNames: (string | undefined)[] = [];
  const https = createServer({ cert: server.certPem, key: server.keyPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    seenServerNames.push((req.socket as unknown as { servername?: string }).servername);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ kind: 'NodeList', items: [{ metadata: { name: 'cp-0' } }] }));
  });
  before(async () => {
    await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
    port = (https.address() as AddressInfo).port;
  });
  after(() => https.close());

  it('prepareKubeconfig sets Flatkube\'s own tls-server-name, never admin.conf\'s', () => {
    const out = parse(prepareKubeconfig(adminConf(ca.certPem, client.certPem, client.keyPem), { cluster: 'ha', server: 'https://127.0.0.1:4000', tlsServerName: FQDN })) as { clusters: { cluster: Record<string, unknown> }[] };
    assert.deepEqual(out.clusters[0]!.cluster, { server: 'https://127.0.0.1:4000', 'tls-server-name': FQDN, 'certificate-authority-data': b64(ca.certPem) });
    const plain = parse(prepareKubeconfig(adminConf(ca.certPem, client.certPem, client.keyPem), { cluster: 'ha', server: `https://${FQDN}:6443` })) as { clusters: { cluster: Record<string, unknown> }[] };
    assert.equal(plain.clusters[0]!.cluster['tls-server-name'], undefined, 'real Azure dials the name itself');
  });

  it('withServer sets, replaces and drops the name with the address', () => {
    const kc = prepareKubeconfig(adminConf(ca.certPem, client.certPem, client.keyPem), { cluster: 'ha', server: 'https://127.0.0.1:4000', tlsServerName: FQDN });
    assert.equal(withServer(kc, 'https://127.0.0.1:4000', FQDN), kc, 'unchanged: the same text');
    const moved = withServer(kc, 'https://127.0.0.1:4001', FQDN);
    assert.deepEqual(kubeAccess(moved).server, 'https://127.0.0.1:4001');
    assert.equal(kubeAccess(moved).serverName, FQDN);
    const direct = withServer(kc, `https://${FQDN}:6443`);
    assert.equal(kubeAccess(direct).serverName, undefined);
    assert.doesNotMatch(direct, /tls-server-name/);
  });

  it('the API client sends the name and checks the certificate for it on a loopback address', async () => {
    const kc = prepareKubeconfig(adminConf(ca.certPem, client.certPem, client.keyPem), { cluster: 'ha', server: `https://127.0.0.1:${port}`, tlsServerName: FQDN });
    const list = await kubeOk<{ items: { metadata: { name: string } }[] }>(kc, '/api/v1/nodes');
    assert.deepEqual(list.items.map((n) => n.metadata.name), ['cp-0']);
    assert.equal(seenServerNames.at(-1), FQDN, 'SNI carries the endpoint name');
    // Without the name the certificate (which names only the FQDN) does not fit 127.0.0.1: refused.
    await assert.rejects(kubeOk(withServer(kc, `https://127.0.0.1:${port}`), '/api/v1/nodes'), /IP: 127\.0\.0\.1 is not in the cert's list|altnames/i);
    // Another name than the certificate's: refused too.
    await assert.rejects(kubeOk(withServer(kc, `https://127.0.0.1:${port}`, 'other.westeurope.cloudapp.azure.com'), '/api/v1/nodes'), /Host: other\.westeurope\.cloudapp\.azure\.com|altnames/i);
    assert.ok(new X509Certificate(server.certPem).checkHost(FQDN));
  });
});
