import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPrivateKeyText } from '../../../renderer/src/lib/ssh-key-input';

// A private key pasted into the SSH field must never reach the draft, which is on screen and
// persisted in localStorage: the store drops it whoever sets it, and drops one saved earlier.

const OPENSSH_PRIVATE = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----';
const PUBLIC = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx0b3Qgb2YgYnl0ZXMgaGVyZSBmb3IgdGVzdGluZw you@laptop';

class MemoryStorage {
  readonly map = new Map<string, string>();
  getItem(k: string) { return this.map.get(k) ?? null; }
  setItem(k: string, v: string) { this.map.set(k, v); }
  removeItem(k: string) { this.map.delete(k); }
}

test('private keys in every form are recognised; a public key line is not', () => {
  assert.ok(isPrivateKeyText(OPENSSH_PRIVATE));
  assert.ok(isPrivateKeyText('-----BEGIN RSA PRIVATE KEY-----\nMIIE...'));
  assert.ok(isPrivateKeyText('-----BEGIN PRIVATE KEY-----\nMC4CAQ...'));
  assert.ok(isPrivateKeyText('PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none'));
  assert.ok(isPrivateKeyText('b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAAB'), 'the body without its armour');
  assert.ok(!isPrivateKeyText(PUBLIC));
  assert.ok(!isPrivateKeyText(''));
});

test('the wizard store never keeps or saves a pasted private key, and cleans one saved before', async () => {
  const storage = new MemoryStorage();
  storage.setItem('flatkube.wizard', JSON.stringify({ state: { step: 'cluster', draft: { name: 'old', ssh: { publicKey: OPENSSH_PRIVATE } } }, version: 1 }));
  (globalThis as { localStorage?: unknown }).localStorage = storage;
  const { useWizard, WIZARD_STORAGE_KEY } = await import('../../../renderer/src/store/wizard-store');
  assert.equal(WIZARD_STORAGE_KEY, 'flatkube.wizard');
  assert.equal(useWizard.getState().draft.name, 'old', 'the saved draft was loaded');
  assert.equal(useWizard.getState().draft.ssh.publicKey, '');
  assert.ok(!storage.getItem('flatkube.wizard')!.includes('PRIVATE KEY'), 'the saved copy is cleaned on load');

  useWizard.getState().update({ ssh: { publicKey: OPENSSH_PRIVATE } });
  assert.equal(useWizard.getState().draft.ssh.publicKey, '');
  assert.ok(!storage.getItem('flatkube.wizard')!.includes('b3BlbnNzaC1rZXktdjE'));

  useWizard.getState().update({ ssh: { publicKey: PUBLIC } });
  assert.equal(useWizard.getState().draft.ssh.publicKey, PUBLIC, 'a public key is kept');
  assert.ok(storage.getItem('flatkube.wizard')!.includes(PUBLIC));
});
