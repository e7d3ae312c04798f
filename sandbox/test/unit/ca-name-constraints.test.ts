/**
 * The sandbox CA carries critical name constraints (issue 13, task 12d): it may vouch for
 * loopback addresses (127.0.0.0/8, ::1) and localhost only, so someone who trusts it system-wide
 * trusts nothing else through it. Checked with OpenSSL (the extension as it prints it, a leaf for
 * an outside name refused with a name-constraint error, the sandbox's own leaf accepted) and with
 * Node's TLS. A state dir holding a CA from before (no constraints) gets a new CA and server
 * certificate, and the log says so.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import forge from 'node-forge';
import { createCa, createServerCert, loadOrCreateTlsMaterial } from '../../src/tls/certificate-authority';

// Debian's OpenSSL: its output and error texts are what the tests read (macOS has LibreSSL).
const opensslSkip = (process.platform === 'linux' ? false : "needs Linux: OpenSSL's own output") || (spawnSync('openssl', ['version']).status === 0 ? false : 'no openssl');

function openssl(args: string[]): { status: number | null; out: string } {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** A CA as the sandbox made them before name constraints (basic constraints and key usage only). */
function unconstrainedCa(): { certPem: string; keyPem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const key = forge.pki.privateKeyFromPem(keyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 3650 * 86400_000);
  const subject = [{ name: 'commonName', value: 'Flatkube Sandbox Local CA (simulated Azure)' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true, pathLenConstraint: 0 },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ]);
  cert.sign(key, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem };
}

describe('sandbox CA name constraints', () => {
  let dir: string;
  let ca: { certPem: string; keyPem: string };
  const file = (name: string, pem: string) => {
    const p = join(dir, name);
    writeFileSync(p, pem);
    return p;
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fk-ca-nc-'));
    ca = createCa();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is a critical nameConstraints extension permitting loopback and localhost only (OpenSSL reads it)', { skip: opensslSkip }, () => {
    const text = openssl(['x509', '-noout', '-text', '-in', file('ca.pem', ca.certPem)]).out;
    assert.match(text, /X509v3 Name Constraints: critical\s+Permitted:\s+/);
    const permitted = text.slice(text.indexOf('Permitted:')).split(/\n\s*X509v3 |\n\s*Signature Algorithm/)[0]!;
    assert.match(permitted, /IP:127\.0\.0\.0\/255\.0\.0\.0/);
    assert.match(permitted, /IP:0:0:0:0:0:0:0:1\/FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF/);
    assert.match(permitted, /DNS:localhost/);
    assert.doesNotMatch(text, /Excluded:/);
    assert.equal((permitted.match(/(IP|DNS|email|URI|DirName):/g) ?? []).length, 3, permitted);
  });

  it("accepts the sandbox's own leaf and refuses leaves for outside names (openssl verify)", { skip: opensslSkip }, () => {
    const caFile = file('ca.pem', ca.certPem);
    const own = openssl(['verify', '-CAfile', caFile, file('own.pem', createServerCert(ca, ['127.0.0.1', 'localhost', '::1']).certPem)]);
    assert.equal(own.status, 0, own.out);
    assert.match(own.out, /: OK/);
    for (const outside of [['example.com'], ['10.0.0.1'], ['localhost.example.com'], ['127.0.0.1', 'login.microsoftonline.com'], ['::2']]) {
      const r = openssl(['verify', '-CAfile', caFile, file('outside.pem', createServerCert(ca, outside).certPem)]);
      assert.notEqual(r.status, 0, `${outside.join(',')}: ${r.out}`);
      assert.match(r.out, /permitted subtree violation|name constraints/i, `${outside.join(',')}: ${r.out}`);
    }
  });

  it("Node's TLS trusts the sandbox's leaf under the constrained CA, by IP and by name", async () => {
    const tls = loadOrCreateTlsMaterial(join(dir, 'state'));
    assert.notEqual(forge.pki.certificateFromPem(tls.caCertPem).getExtension('nameConstraints'), null);
    const server = createServer({ cert: tls.serverCertPem, key: tls.serverKeyPem }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      for (const servername of ['127.0.0.1', 'localhost']) {
        await new Promise<void>((resolve, reject) => {
          const s = connect({ host: '127.0.0.1', port, ca: tls.caCertPem, ...(servername === 'localhost' ? { servername } : {}) }, () => {
            s.end();
            resolve();
          });
          s.on('error', reject);
        });
      }
    } finally {
      server.close();
    }
  });

  it('replaces a CA without name constraints (and its server certificate), and says so', () => {
    const state = join(dir, 'old-state');
    const fresh = loadOrCreateTlsMaterial(state); // creates the files
    const old = unconstrainedCa();
    writeFileSync(join(state, 'sandbox-ca.crt'), old.certPem);
    writeFileSync(join(state, 'sandbox-ca.key'), old.keyPem);
    const oldServer = createServerCert(old, ['127.0.0.1', 'localhost', '::1']);
    writeFileSync(join(state, 'sandbox-server.crt'), oldServer.certPem);
    writeFileSync(join(state, 'sandbox-server.key'), oldServer.keyPem);

    const lines: string[] = [];
    const renewed = loadOrCreateTlsMaterial(state, (l) => lines.push(l));
    assert.notEqual(renewed.caCertPem, old.certPem);
    assert.notEqual(renewed.caCertPem, fresh.caCertPem);
    assert.notEqual(forge.pki.certificateFromPem(renewed.caCertPem).getExtension('nameConstraints'), null);
    assert.notEqual(renewed.serverCertPem, oldServer.certPem);
    assert.ok(forge.pki.certificateFromPem(renewed.caCertPem).verify(forge.pki.certificateFromPem(renewed.serverCertPem)));
    assert.equal(readFileSync(renewed.caCertPath, 'utf8'), renewed.caCertPem, 'the new CA is what the file holds');
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0]!, /name constraints/);

    // Once renewed, it is kept.
    const again: string[] = [];
    assert.equal(loadOrCreateTlsMaterial(state, (l) => again.push(l)).caCertPem, renewed.caCertPem);
    assert.deepEqual(again, []);
  });
});
