import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { caCertHash, createClusterCa, issueCert, newBootstrapToken } from '../../src/nodes/pki';

describe('simulated cluster PKI', () => {
  const ca = createClusterCa();

  it('computes the discovery hash over the CA SubjectPublicKeyInfo (checked through node-forge)', () => {
    const spki = forge.asn1.toDer(forge.pki.publicKeyToAsn1(forge.pki.certificateFromPem(ca.certPem).publicKey)).getBytes();
    const expected = 'sha256:' + createHash('sha256').update(Buffer.from(spki, 'binary')).digest('hex');
    assert.equal(caCertHash(ca.certPem), expected);
  });

  it('issues a server cert with IP and DNS SANs, signed by the CA', () => {
    const leaf = issueCert(ca, { commonName: 'kube-apiserver', usage: 'server', altNames: ['127.0.0.1', '10.0.0.4', 'localhost'] });
    const x = new X509Certificate(leaf.certPem);
    assert.ok(x.verify(new X509Certificate(ca.certPem).publicKey));
    assert.match(x.subjectAltName ?? '', /IP Address:127\.0\.0\.1/);
    assert.match(x.subjectAltName ?? '', /DNS:localhost/);
    assert.ok(x.checkIP('10.0.0.4'));
  });

  it('makes bootstrap tokens in kubeadm format', () => {
    const t = new Set(Array.from({ length: 20 }, () => newBootstrapToken()));
    assert.equal(t.size, 20);
    for (const x of t) assert.match(x, /^[a-z0-9]{6}\.[a-z0-9]{16}$/);
  });
});
