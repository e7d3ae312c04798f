import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logText, WITHHELD } from '../../../electron/services/cluster/engine/log-text';
import { redactSecrets } from '../../../electron/services/secrets/redact';
import { generateEd25519KeyPair } from '../../../electron/services/ssh/keys';

describe('redactSecrets', () => {
  it('masks OpenSSH private key blocks and keeps the text around them', () => {
    const key = generateEd25519KeyPair('x').privateKey;
    const body = key.split('\n')[1]!;
    const out = redactSecrets(`before\n${key}after`);
    assert.ok(!out.includes(body));
    assert.match(out, /^before\n-----BEGIN OPENSSH PRIVATE KEY-----\[REDACTED\]-----END OPENSSH PRIVATE KEY-----\nafter$/);
  });

  it('masks PEM variants and a block cut off by truncation', () => {
    const rsa = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAxyz\n-----END RSA PRIVATE KEY-----';
    assert.equal(redactSecrets(rsa), '-----BEGIN RSA PRIVATE KEY-----[REDACTED]-----END RSA PRIVATE KEY-----');
    const cut = 'log: -----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIN';
    assert.ok(!redactSecrets(cut).includes('MC4CAQAw'));
    // Public keys and certificates are not secrets.
    const pub = '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----';
    assert.equal(redactSecrets(pub), pub);
  });

  it('masks private keys URL-encoded or base64-encoded in Ignition data URLs, not certificates', () => {
    const key = generateEd25519KeyPair('host').privateKey;
    const body = key.split('\n')[1]!;
    const urlEncoded = `{"source":"data:,${encodeURIComponent(key)}"}`;
    const out1 = redactSecrets(urlEncoded);
    assert.ok(!out1.includes(encodeURIComponent(body)), out1);
    assert.match(out1, /^\{"source":"data:,-----BEGIN%20OPENSSH%20PRIVATE%20KEY-----\[REDACTED\]/);
    const b64 = Buffer.from(key).toString('base64');
    const out2 = redactSecrets(`{"source":"data:;base64,${b64}"}`);
    assert.equal(out2, '{"source":"data:;base64,[REDACTED]"}');
    const cert = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64');
    assert.equal(redactSecrets(`data:;base64,${cert}`), `data:;base64,${cert}`);
  });

  it('masks JWTs and Bearer values', () => {
    const jwt =
      'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.c2lnbmF0dXJlLXN0dWZm';
    assert.equal(redactSecrets(`token=${jwt} end`), 'token=[REDACTED] end');
    assert.equal(redactSecrets('Authorization: Bearer abc.def-123_~+/=='), 'Authorization: Bearer [REDACTED]');
    assert.equal(redactSecrets('authorization: bearer xyz'), 'authorization: bearer [REDACTED]');
  });

  it('masks named secret fields in JSON and query strings', () => {
    assert.equal(
      redactSecrets('{"refresh_token": "0.AAA-bbb", "expires_in": 3600}'),
      '{"refresh_token": "[REDACTED]", "expires_in": 3600}',
    );
    assert.equal(
      redactSecrets('grant_type=x&client_secret=abc123&scope=y'),
      'grant_type=x&client_secret=[REDACTED]&scope=y',
    );
  });

  it('masks a quoted value whole: spaces, commas, braces and escaped quotes included (found by the property test)', () => {
    assert.equal(
      redactSecrets('{"password": "correct horse, battery {staple} \\"x\\"", "user": "ada"}'),
      '{"password": "[REDACTED]", "user": "ada"}',
    );
    assert.equal(redactSecrets("{'client_secret': 'a b c'}"), "{'client_secret': '[REDACTED]'}");
    // Cut off inside the value: masked to the end of the line.
    assert.equal(redactSecrets('{"secret": "abc def\nnext'), '{"secret": "[REDACTED]\nnext');
  });

  it('a greedy field value does not swallow the framing of the next secret (found by the property test)', () => {
    const key = 'c'.repeat(64);
    const out = redactSecrets(`access_token=abc)--certificate-key ${key}`);
    assert.ok(!out.includes(key), out);
  });

  it('masks kubeadm bootstrap tokens and certificate keys', () => {
    const cmd =
      'kubeadm join 10.0.0.4:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash sha256:' +
      'a'.repeat(64) +
      ' --certificate-key ' +
      'b'.repeat(64);
    const out = redactSecrets(cmd);
    assert.ok(!out.includes('abcdef.0123456789abcdef'));
    assert.ok(!out.includes('b'.repeat(64)));
    // The CA hash is public by design and useful in logs.
    assert.ok(out.includes(`sha256:${'a'.repeat(64)}`));
  });

  it('leaves ordinary log lines alone', () => {
    const line = '[init] Using Kubernetes version: v1.35.1 (PasswordAuthentication no) eyJ';
    assert.equal(redactSecrets(line), line);
  });

  it('logText withholds a text whose secret a cut-off control sequence would unframe (found by the property test)', () => {
    const key = 'c'.repeat(64);
    // CSI 1; takes " --c" as its intermediates and final byte: "ertificate-key cccc..." is left.
    assert.equal(logText(`\x9b1; --certificate-key ${key}`), WITHHELD);
    assert.equal(logText(`\x1b abcdef.0123456789abcdef`), WITHHELD);
    // Whole sequences around or inside a secret: stripped, then masked as usual.
    assert.equal(logText('\x1b[1m--token abc\x1b[0mdef.0123456789abcdef\x1b[0m'), '--token [REDACTED]');
    assert.equal(logText('\x1b[31mplain red\x1b[0m'), 'plain red');
  });
});

describe('the kubeadm certificate key as kubeadm prints and configures it', () => {
  const key = 'a3c2f1e09b8d7c6a5f4e3d2c1b0a99887766554433221100ffeeddccbbaa0011';
  it('masks the key on its own line after "Using certificate key:", in one chunk or alone', () => {
    const out = redactSecrets(`[upload-certs] Using certificate key:\n${key}\n[mark-control-plane] Marking the node`);
    assert.ok(!out.includes(key), out);
    assert.match(out, /Using certificate key:\n\[REDACTED\]\n\[mark-control-plane\]/);
    assert.equal(redactSecrets(`  ${key}\r`), `  [REDACTED]\r`);
  });
  it('masks certificateKey in a kubeadm config, quoted or not', () => {
    assert.equal(redactSecrets(`  certificateKey: ${key}`), '  certificateKey: [REDACTED]');
    assert.equal(redactSecrets(`"certificateKey":"${key}"`), '"certificateKey":"[REDACTED]"');
  });
  it('leaves a digest with its file name, and sha256: pins, alone', () => {
    assert.equal(redactSecrets(`${key}  kubernetes-v1.35.3-x86-64.raw`), `${key}  kubernetes-v1.35.3-x86-64.raw`);
    assert.equal(redactSecrets(`--discovery-token-ca-cert-hash sha256:${key}`), `--discovery-token-ca-cert-hash sha256:${key}`);
  });
});
