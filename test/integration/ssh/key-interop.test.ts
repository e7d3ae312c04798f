/**
 * Keys Flatkube writes must work with real OpenSSH: sshd loads our generated host key (the
 * fixture proves that), ssh-keygen reads our re-encoded private keys, and a key imported with a
 * passphrase logs in after import.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connectSsh } from '../../../electron/services/ssh/connection';
import { importPrivateKey } from '../../../electron/services/ssh/keys';
import { linuxOnly } from '../../helpers/platform';
import { startSshd, type SshdFixture } from './sshd-fixture';

const SSH_KEYGEN = '/usr/bin/ssh-keygen';

describe('key interoperability with OpenSSH', { skip: linuxOnly('a real sshd, whose processes the fixture finds in /proc, and /usr/bin/ssh-keygen') }, () => {
  let sshd: SshdFixture;
  before(async () => {
    assert.ok(existsSync(SSH_KEYGEN), 'ssh-keygen is required: apt-get install -y openssh-client');
    sshd = await startSshd();
  });
  after(async () => {
    await sshd?.dispose();
  });

  it('imports a passphrase-protected OpenSSH key and logs in with the normalised key', async () => {
    // Protect a copy of the authorised client key with a passphrase, the way a user's key is.
    const file = path.join(sshd.dir, 'user_key');
    await writeFile(file, sshd.clientKey.privateKey, { mode: 0o600 });
    execFileSync(SSH_KEYGEN, ['-q', '-p', '-P', '', '-N', 'correct horse', '-f', file]);
    const protectedText = execFileSync('cat', [file]).toString();
    assert.throws(() => importPrivateKey(protectedText), /passphrase/);

    const imported = importPrivateKey(protectedText, { passphrase: 'correct horse' });
    assert.equal(imported.fingerprint, sshd.clientKey.fingerprint);

    // ssh-keygen reads the re-encoded (unencrypted) key and derives the same public key.
    const plainFile = path.join(sshd.dir, 'normalised_key');
    await writeFile(plainFile, imported.privateKey, { mode: 0o600 });
    const derived = execFileSync(SSH_KEYGEN, ['-y', '-P', '', '-f', plainFile]).toString().trim();
    assert.equal(derived.split(' ').slice(0, 2).join(' '), sshd.clientKey.publicKey.split(' ').slice(0, 2).join(' '));

    const conn = await connectSsh({
      host: sshd.host,
      port: sshd.port,
      username: sshd.username,
      privateKey: imported.privateKey,
      expectedHostKey: sshd.hostKey.publicKey,
    });
    try {
      assert.equal((await conn.exec('echo in')).stdout, 'in\n');
    } finally {
      conn.close();
    }
  });

  it('computes the same fingerprint as ssh-keygen -l for the host key', () => {
    const pub = path.join(sshd.dir, 'host.pub');
    execFileSync('sh', ['-c', `cat > ${pub}`], { input: `${sshd.hostKey.publicKey}\n` });
    const out = execFileSync(SSH_KEYGEN, ['-l', '-E', 'sha256', '-f', pub]).toString();
    assert.equal(out.split(' ')[1], sshd.hostKey.fingerprint);
  });
});
