/**
 * A throwaway CA for tests that need a TLS server and client certificates (an API server
 * certificate for a DNS name only, a client certificate): keys from Node, certificates signed
 * with node-forge. Nothing here is a secret; it lives for one test process.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface TestCert {
  certPem: string;
  keyPem: string;
}

function key(): { keyPem: string; pub: forge.pki.rsa.PublicKey; priv: forge.pki.rsa.PrivateKey } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const priv = forge.pki.privateKeyFromPem(keyPem);
  return { keyPem, priv, pub: forge.pki.setRsaPublicKey(priv.n, priv.e) };
}

function base(pub: forge.pki.rsa.PublicKey): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = pub;
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  return cert;
}

export function testCa(): { certPem: string; issue(opts: { commonName: string; dnsNames?: string[]; client?: boolean }): TestCert } {
  const ca = key();
  const caCert = base(ca.pub);
  const subject = [{ name: 'commonName', value: 'test-ca' }];
  caCert.setSubject(subject);
  caCert.setIssuer(subject);
  caCert.setExtensions([{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, digitalSignature: true, critical: true }]);
  caCert.sign(ca.priv, forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(caCert);
  return {
    certPem,
    issue(opts) {
      const k = key();
      const cert = base(k.pub);
      cert.setSubject([{ name: 'commonName', value: opts.commonName }]);
      cert.setIssuer(subject);
      cert.setExtensions([
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        opts.client ? { name: 'extKeyUsage', clientAuth: true } : { name: 'extKeyUsage', serverAuth: true },
        ...(opts.dnsNames?.length ? [{ name: 'subjectAltName', altNames: opts.dnsNames.map((value) => ({ type: 2, value })) }] : []),
      ]);
      cert.sign(ca.priv, forge.md.sha256.create());
      return { certPem: forge.pki.certificateToPem(cert), keyPem: k.keyPem };
    },
  };
}
