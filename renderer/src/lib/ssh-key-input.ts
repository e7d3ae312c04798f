/**
 * A private key must never sit in the wizard's draft: the draft is on screen and persisted in
 * localStorage. These helpers recognise one (armoured PEM/OpenSSH, PuTTY, or an OpenSSH key's
 * base64 body pasted without its armour) so the field can be cleared at once.
 */

// "openssh-key-v1\0" in base64: the start of every OpenSSH private key's body.
const OPENSSH_BODY = 'b3BlbnNzaC1rZXktdjE';

export function isPrivateKeyText(text: string): boolean {
  return /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text) || /PuTTY-User-Key-File-/.test(text) || text.includes(OPENSSH_BODY);
}

export const PRIVATE_KEY_CLEARED =
  'That was a private key, so Flatkube cleared it at once and kept no copy. Paste the public key (the .pub file) instead, or let Flatkube generate a key for you.';

/** The draft without a private key in its SSH field (the same object when there is none). */
export function withoutPrivateKey<D extends { ssh: { publicKey: string } }>(draft: D): D {
  return isPrivateKeyText(draft.ssh.publicKey) ? { ...draft, ssh: { ...draft.ssh, publicKey: '' } } : draft;
}
