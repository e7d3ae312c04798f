// How a node's SSH host key reaches Flatkube without travelling in custom data: the node prints
// it on its serial console (flatkube-hostkeys.service), Flatkube reads the line from the VM's
// boot diagnostics and pins it. These tests cover the reading side.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  announcedHostKey,
  HOST_KEY_FINGERPRINT_MARKER,
  HOST_KEY_MARKER,
  HostKeyAnnouncementError,
} from '../../../electron/services/cluster/render/host-key-announce';
import { generateEd25519KeyPair } from '../../../electron/services/ssh/keys';
import { fingerprintSha256 } from '../../../electron/services/ssh/public-key';

const a = generateEd25519KeyPair('root@cp-0');
const b = generateEd25519KeyPair('root@cp-0');
const bare = (line: string) => line.split(' ').slice(0, 2).join(' ');

/** The two lines the unit prints, as journald forwards them to the console. */
function announcement(pub: string, opts: { prefix?: string; eol?: string } = {}): string {
  const prefix = opts.prefix ?? 'flatkube-hostkeys[913]: ';
  const eol = opts.eol ?? '\n';
  return (
    `${prefix}${HOST_KEY_MARKER} ${pub}${eol}` +
    `${prefix}${HOST_KEY_FINGERPRINT_MARKER} 256 ${fingerprintSha256(pub)} root@cp-0 (ED25519)${eol}`
  );
}

const boot = '[    0.000000] Linux version 6.6.0-flatcar\nignition[512]: Ignition finished successfully\n';

test('finds the announced ed25519 key among other console output, with or without journald prefixes', () => {
  for (const prefix of ['', 'flatkube-hostkeys[913]: ', '[   12.345678] flatkube-hostkeys[913]: ']) {
    const got = announcedHostKey(`${boot}${announcement(a.publicKey, { prefix })}[  OK  ] Reached target multi-user.target\n`);
    assert.deepEqual(got, { publicKey: bare(a.publicKey), fingerprint: a.fingerprint });
  }
});

test('a serial log with carriage returns (as consoles write them) still parses', () => {
  assert.equal(announcedHostKey(boot + announcement(a.publicKey, { eol: '\r\n' }))?.fingerprint, a.fingerprint);
});

test('no announcement yet: undefined (the caller waits and reads again)', () => {
  assert.equal(announcedHostKey(boot), undefined);
  assert.equal(announcedHostKey(''), undefined);
  // The fingerprint alone is not a key.
  assert.equal(announcedHostKey(`${HOST_KEY_FINGERPRINT_MARKER} 256 ${a.fingerprint} root@cp-0 (ED25519)\n`), undefined);
});

test('the same key printed on every boot is one key', () => {
  const got = announcedHostKey(boot + announcement(a.publicKey) + boot + announcement(a.publicKey));
  assert.equal(got?.fingerprint, a.fingerprint);
});

test('two different keys are refused: Flatkube never guesses which one to trust', () => {
  assert.throws(() => announcedHostKey(announcement(a.publicKey) + announcement(b.publicKey)), (err: unknown) => {
    assert.ok(err instanceof HostKeyAnnouncementError);
    assert.match(err.message, /2 different ed25519 host keys/);
    assert.ok(err.message.includes(a.fingerprint) && err.message.includes(b.fingerprint));
    return true;
  });
});

test('a fingerprint line that does not match the key is refused (a garbled or forged line)', () => {
  const forged = `${HOST_KEY_MARKER} ${a.publicKey}\n${HOST_KEY_FINGERPRINT_MARKER} 256 ${b.fingerprint} root@cp-0 (ED25519)\n`;
  assert.throws(() => announcedHostKey(forged), /fingerprint .* does not match/);
});

test('malformed key lines and other key types are ignored', () => {
  const junk = [
    `${HOST_KEY_MARKER} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI`, // cut off by the console
    `${HOST_KEY_MARKER} ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQABAAABAQ== root@x`, // RSA blob under an ed25519 label
    `${HOST_KEY_MARKER} ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ==`,
    `${HOST_KEY_MARKER}ssh-ed25519 ${a.publicKey.split(' ')[1]}`,
    `echo ${HOST_KEY_MARKER} ssh-ed25519 $(cat key.pub)`,
  ].join('\n');
  assert.equal(announcedHostKey(junk), undefined);
  assert.equal(announcedHostKey(`${junk}\n${announcement(a.publicKey)}`)?.fingerprint, a.fingerprint);
});

test('never returns anything but a public key line', () => {
  const got = announcedHostKey(announcement(a.publicKey));
  assert.match(got!.publicKey, /^ssh-ed25519 AAAA[A-Za-z0-9+/]+={0,2}$/);
  assert.doesNotMatch(JSON.stringify(got), /PRIVATE KEY/);
});
