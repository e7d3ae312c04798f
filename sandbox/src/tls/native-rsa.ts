/**
 * RSA for the certificates node-forge builds, done by Node's native crypto (OpenSSL).
 *
 * node-forge builds the X.509 structures well, but its RSA is pure JavaScript: signing with
 * `cert.sign(key, forge.md.sha256.create())` took about 40 s of CPU in one run of the test suite
 * (V8 CPU profiles of every process: `montReduce`, `bnpSquareTo` in forge's jsbn.js under
 * `issueCert`, `createCa`, `createServerCert`), and key generation is done natively for the same
 * reason. `signCertificate` makes the same certificate byte for byte: the TBSCertificate forge would
 * sign, signed with sha256WithRSAEncryption (RSASSA-PKCS1-v1_5, which is deterministic: RFC 8017
 * section 8.2), so a test compares the two.
 */
import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

/** A new RSA-2048 key: its PKCS#1 PEM, Node's KeyObject (to sign with) and forge's public key (for the certificate). */
export function newRsaKey(): { keyPem: string; key: KeyObject; forgePub: forge.pki.rsa.PublicKey } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgePub = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()) as forge.pki.rsa.PublicKey;
  return { keyPem, key: privateKey, forgePub };
}

/** Signs `cert` with the issuer's RSA private key (PEM or KeyObject): sha256WithRSAEncryption, as forge's `cert.sign` with SHA-256. */
export function signCertificate(cert: forge.pki.Certificate, issuerKey: string | KeyObject): void {
  const key = typeof issuerKey === 'string' ? createPrivateKey(issuerKey) : issuerKey;
  const oid = forge.pki.oids['sha256WithRSAEncryption'] as string;
  cert.signatureOid = oid;
  cert.siginfo.algorithmOid = oid;
  // forge's certificateToAsn1 writes this TBSCertificate and cert.signature (a binary string).
  // (getTBSCertificate is in forge's lib/x509.js; @types/node-forge leaves it out.)
  const tbs = (forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 }).getTBSCertificate(cert);
  (cert as forge.pki.Certificate & { tbsCertificate: forge.asn1.Asn1 }).tbsCertificate = tbs;
  cert.signature = sign('sha256', Buffer.from(forge.asn1.toDer(tbs).getBytes(), 'binary'), key).toString('binary');
}
