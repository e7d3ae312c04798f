/**
 * The sandbox's own certificate authority and its HTTPS server certificate.
 *
 * The SDK refuses to send bearer tokens over plain http, so the sandbox must speak HTTPS. Only
 * Flatkube's own clients are given this CA (ARM clients via `tlsOptions: { ca }`, MSAL via a
 * custom network client); nothing is ever trusted process-wide.
 * With a state dir, the CA and server cert are kept there and reused, so a restarted sandbox
 * keeps the same CA file the app already trusts.
 *
 * The CA is name-constrained to loopback and localhost (name-constraints.ts), so trusting it
 * more widely than Flatkube does (system-wide, by hand) opens nothing else. A CA kept from
 * before the constraints is replaced, with its server certificate.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { newRsaKey, signCertificate } from './native-rsa';
import { hasSandboxNameConstraints, nameConstraintsExtension, SANDBOX_DNS_NAMES } from './name-constraints';

export interface SandboxTlsMaterial {
  caCertPem: string;
  serverCertPem: string;
  serverKeyPem: string;
  /** Where the CA certificate was written (give this path to clients). */
  caCertPath: string;
}

const CA_CERT = 'sandbox-ca.crt';
const CA_KEY = 'sandbox-ca.key';
const SERVER_CERT = 'sandbox-server.crt';
const SERVER_KEY = 'sandbox-server.key';

function serial(): string {
  // Positive serial: clear the top bit.
  const b = randomBytes(16);
  b[0] = (b[0] ?? 0) & 0x7f;
  return b.toString('hex');
}

function validity(cert: forge.pki.Certificate, days: number): void {
  const now = new Date();
  cert.validity.notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now.getTime() + days * 24 * 60 * 60 * 1000);
}

export function createCa(): { certPem: string; keyPem: string } {
  const keys = newRsaKey();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.forgePub;
  cert.serialNumber = serial();
  validity(cert, 3650);
  const subject = [
    { name: 'commonName', value: 'Flatkube Sandbox Local CA (simulated Azure)' },
    { name: 'organizationName', value: 'Flatkube sandbox' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true, pathLenConstraint: 0 },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
    nameConstraintsExtension(),
  ]);
  signCertificate(cert, keys.key);
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.keyPem };
}

export function createServerCert(ca: { certPem: string; keyPem: string }, hosts: string[]): { certPem: string; keyPem: string } {
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const keys = newRsaKey();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.forgePub;
  cert.serialNumber = serial();
  validity(cert, 825);
  cert.setSubject([{ name: 'commonName', value: 'localhost' }]);
  cert.setIssuer(caCert.subject.attributes);
  const altNames = hosts.map((h) => (/^[0-9.]+$/.test(h) || h.includes(':') ? { type: 7, ip: h } : { type: 2, value: h }));
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  signCertificate(cert, ca.keyPem);
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.keyPem };
}

/** The server certificate's names: all within the CA's name constraints (name-constraints.ts). */
const SERVER_HOSTS = ['127.0.0.1', ...SANDBOX_DNS_NAMES, '::1'];

/** Written whole and renamed into place, so the mode holds even when the file existed (a replaced CA key). */
function writeFile(file: string, data: string, mode: number): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data, { mode });
  renameSync(tmp, file);
}

/** Whether a kept CA is one this version makes: readable and name-constrained. */
function isCurrentCa(certPem: string): boolean {
  try {
    return hasSandboxNameConstraints(forge.pki.certificateFromPem(certPem));
  } catch {
    return false;
  }
}

/**
 * Loads the CA and server certificate from `dir`, or creates and saves them (keys mode 0600).
 * `dir` is the state dir, or a temp dir the caller removes. `log` hears when a kept CA is replaced.
 */
export function loadOrCreateTlsMaterial(dir: string, log: (line: string) => void = () => {}): SandboxTlsMaterial {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const p = (f: string) => join(dir, f);
  let ca: { certPem: string; keyPem: string } | undefined;
  let renewed = false;
  if (existsSync(p(CA_CERT)) && existsSync(p(CA_KEY))) {
    ca = { certPem: readFileSync(p(CA_CERT), 'utf8'), keyPem: readFileSync(p(CA_KEY), 'utf8') };
    if (!isCurrentCa(ca.certPem)) {
      log(
        `the sandbox CA in ${dir} has no name constraints (made by an older Flatkube): replacing it with a CA limited to loopback and localhost, and a new server certificate. ` +
          'If you trusted the old CA outside Flatkube (system-wide, in a browser), remove it there: it is no longer used.',
      );
      ca = undefined;
      renewed = true;
    }
  }
  if (!ca) {
    ca = createCa();
    writeFile(p(CA_KEY), ca.keyPem, 0o600);
    writeFile(p(CA_CERT), ca.certPem, 0o644);
  }
  let server: { certPem: string; keyPem: string } | undefined;
  if (!renewed && existsSync(p(SERVER_CERT)) && existsSync(p(SERVER_KEY))) {
    const certPem = readFileSync(p(SERVER_CERT), 'utf8');
    // Reuse only if still signed by this CA and valid for a while: a CA regenerated by hand
    // must not leave a server cert that no client can verify.
    try {
      const caCert = forge.pki.certificateFromPem(ca.certPem);
      const cert = forge.pki.certificateFromPem(certPem);
      if (caCert.verify(cert) && cert.validity.notAfter.getTime() > Date.now() + 24 * 3600 * 1000) {
        server = { certPem, keyPem: readFileSync(p(SERVER_KEY), 'utf8') };
      }
    } catch {
      server = undefined;
    }
  }
  if (!server) {
    server = createServerCert(ca, SERVER_HOSTS);
    writeFile(p(SERVER_KEY), server.keyPem, 0o600);
    writeFile(p(SERVER_CERT), server.certPem, 0o644);
  }
  return { caCertPem: ca.certPem, serverCertPem: server.certPem, serverKeyPem: server.keyPem, caCertPath: p(CA_CERT) };
}
