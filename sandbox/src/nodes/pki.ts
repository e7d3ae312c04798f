// Cluster PKI as kubeadm creates it: a self-signed "kubernetes" CA, an
// apiserver serving cert, an admin client cert (O=kubeadm:cluster-admins), and
// the discovery hash kubeadm prints: sha256 over the CA's SubjectPublicKeyInfo.
// node-forge builds the X.509 certificates; Node's native crypto makes the keys and signs
// (../tls/native-rsa.ts: forge's pure-JS RSA is slow).
import { createHash, createPublicKey, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';
import { newRsaKey, signCertificate } from '../tls/native-rsa';

export interface KeyAndCert {
  certPem: string;
  keyPem: string;
}

function serial(): string {
  // Positive, non-zero, 16 bytes: what Go's crypto/x509 users typically produce.
  const b = randomBytes(16);
  b[0] = (b[0] as number) & 0x7f | 0x01;
  return b.toString('hex');
}

function validity(cert: forge.pki.Certificate, years: number, now: Date): void {
  cert.validity.notBefore = new Date(now.getTime() - 5 * 60_000);
  cert.validity.notAfter = new Date(now.getTime() + years * 365 * 24 * 3600_000);
}

export function createClusterCa(now = new Date()): KeyAndCert {
  const k = newRsaKey();
  const cert = forge.pki.createCertificate();
  cert.publicKey = k.forgePub;
  cert.serialNumber = serial();
  validity(cert, 10, now);
  const subject = [{ name: 'commonName', value: 'kubernetes' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  signCertificate(cert, k.key);
  return { certPem: forge.pki.certificateToPem(cert), keyPem: k.keyPem };
}

export interface LeafOptions {
  commonName: string;
  organization?: string;
  usage: 'server' | 'client';
  /** DNS names and IP addresses; IPs are detected and put in iPAddress SANs. */
  altNames?: string[];
}

export function issueCert(ca: KeyAndCert, opts: LeafOptions, now = new Date()): KeyAndCert {
  const k = newRsaKey();
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = k.forgePub;
  cert.serialNumber = serial();
  validity(cert, 1, now);
  const subject: forge.pki.CertificateField[] = [];
  if (opts.organization) subject.push({ name: 'organizationName', value: opts.organization });
  subject.push({ name: 'commonName', value: opts.commonName });
  cert.setSubject(subject);
  cert.setIssuer(caCert.subject.attributes);
  const exts: object[] = [
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: opts.usage === 'server', clientAuth: opts.usage === 'client' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ];
  const alt = [...new Set(opts.altNames ?? [])];
  if (alt.length > 0) {
    exts.push({
      name: 'subjectAltName',
      altNames: alt.map((n) => (isIP(n) ? { type: 7, ip: n } : { type: 2, value: n })),
    });
  }
  cert.setExtensions(exts);
  signCertificate(cert, ca.keyPem);
  return { certPem: forge.pki.certificateToPem(cert), keyPem: k.keyPem };
}

/** `sha256:<hex>` of the CA certificate's SubjectPublicKeyInfo DER, exactly kubeadm's pin format. */
export function caCertHash(caCertPem: string): string {
  const spki = createPublicKey(caCertPem).export({ type: 'spki', format: 'der' });
  return 'sha256:' + createHash('sha256').update(spki).digest('hex');
}

/** A kubeconfig like kubeadm's admin.conf (certs embedded as base64 PEM). */
export function buildKubeconfig(o: {
  clusterName: string;
  server: string;
  caCertPem: string;
  user: string;
  client: KeyAndCert;
}): string {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const ctx = `${o.user}@${o.clusterName}`;
  return [
    'apiVersion: v1',
    'clusters:',
    '- cluster:',
    `    certificate-authority-data: ${b64(o.caCertPem)}`,
    `    server: ${o.server}`,
    `  name: ${o.clusterName}`,
    'contexts:',
    '- context:',
    `    cluster: ${o.clusterName}`,
    `    user: ${o.user}`,
    `  name: ${ctx}`,
    `current-context: ${ctx}`,
    'kind: Config',
    'preferences: {}',
    'users:',
    `- name: ${o.user}`,
    '  user:',
    `    client-certificate-data: ${b64(o.client.certPem)}`,
    `    client-key-data: ${b64(o.client.keyPem)}`,
    '',
  ].join('\n');
}

const TOKEN_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A bootstrap token `[a-z0-9]{6}.[a-z0-9]{16}` from a CSPRNG, as kubeadm generates. */
export function newBootstrapToken(): string {
  const pick = (n: number) => {
    let s = '';
    while (s.length < n) {
      const b = randomBytes(1)[0] as number;
      if (b < 252) s += TOKEN_ALPHABET[b % 36]; // reject 252..255 to keep the draw uniform
    }
    return s;
  };
  return `${pick(6)}.${pick(16)}`;
}

export const BOOTSTRAP_TOKEN_RE = /^[a-z0-9]{6}\.[a-z0-9]{16}$/;
