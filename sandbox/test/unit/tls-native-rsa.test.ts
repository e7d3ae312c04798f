import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { test } from 'node:test';
import forge from 'node-forge';
import { newRsaKey, signCertificate } from '../../src/tls/native-rsa';

function draft(pub: forge.pki.rsa.PublicKey): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = pub;
  cert.serialNumber = '01a2b3';
  cert.validity.notBefore = new Date('2026-01-01T00:00:00Z');
  cert.validity.notAfter = new Date('2027-01-01T00:00:00Z');
  cert.setSubject([{ name: 'commonName', value: 'kubernetes' }]);
  cert.setIssuer([{ name: 'commonName', value: 'kubernetes' }]);
  cert.setExtensions([{ name: 'basicConstraints', cA: true, critical: true }, { name: 'subjectKeyIdentifier' }]);
  return cert;
}

test('a certificate signed natively is byte for byte the one forge signs (PKCS#1 v1.5 is deterministic)', () => {
  const k = newRsaKey();
  const ours = draft(k.forgePub);
  signCertificate(ours, k.keyPem);
  const theirs = draft(k.forgePub);
  theirs.sign(forge.pki.privateKeyFromPem(k.keyPem), forge.md.sha256.create());
  assert.equal(forge.pki.certificateToPem(ours), forge.pki.certificateToPem(theirs));
  // And OpenSSL (Node's X509Certificate) takes it: self-signed, signature valid, SHA-256 with RSA.
  const x = new X509Certificate(forge.pki.certificateToPem(ours));
  assert.equal(x.verify(x.publicKey), true);
  assert.equal(x.publicKey.asymmetricKeyType, 'rsa');
  assert.equal(x.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
});

function selfSigned(k: ReturnType<typeof newRsaKey>): string {
  const c = draft(k.forgePub);
  signCertificate(c, k.key);
  return forge.pki.certificateToPem(c);
}

test('a certificate signed by another key does not verify against its own key', () => {
  const k = newRsaKey();
  const other = newRsaKey();
  const cert = draft(k.forgePub);
  signCertificate(cert, other.key);
  const x = new X509Certificate(forge.pki.certificateToPem(cert));
  assert.equal(x.verify(x.publicKey), false);
  assert.equal(x.verify(new X509Certificate(selfSigned(other)).publicKey), true);
});
