import { fingerprintSha256, parsePublicKeyLine } from '../../ssh/public-key';

/**
 * How Flatkube learns a node's SSH host key without putting a secret into custom data.
 *
 * Azure says of osProfile.customData: "Note: Do not pass any secrets or passwords in customData
 * property." (@azure/arm-compute 25.1.1, dist/commonjs/models/compute/models.d.ts, interface
 * OSProfile; generated from Azure/azure-rest-api-specs Microsoft.Compute), and the VM agent keeps
 * the decoded copy on the VM. So the node makes its own host keys, as Flatcar always does
 * (sshd-keygen.service runs `ssh-keygen -A`), and a small unit from Ignition prints the ed25519
 * public key and its fingerprint on the console:
 *
 *     FLATKUBE-HOSTKEY ssh-ed25519 AAAA... root@cp-0
 *     FLATKUBE-HOSTKEY-FINGERPRINT 256 SHA256:... root@cp-0 (ED25519)
 *
 * On Azure the console is the serial port that boot diagnostics record: Flatcar's Azure GRUB
 * config boots with `console=tty1 console=ttyS0,115200n8` (arm64: `console=tty1
 * console=ttyAMA0,115200n8`), and the last console= is /dev/console (flatcar/scripts
 * build_library/oem/azure/grub.cfg, "Azure only has a serial console."). journald copies the
 * unit's output there (StandardOutput=journal+console), prefixed `flatkube-hostkeys[PID]: ` and
 * sometimes a kernel-style timestamp. Flatkube reads the log through ARM's authenticated
 * retrieveBootDiagnosticsData (boot-log.ts) before its first SSH connection, pins that key and
 * from then on accepts no other (no trust on first use). Only someone who already controls the
 * VM can write to its serial console, so a line there is as trustworthy as the VM itself.
 */

export const HOST_KEY_MARKER = 'FLATKUBE-HOSTKEY';
export const HOST_KEY_FINGERPRINT_MARKER = 'FLATKUBE-HOSTKEY-FINGERPRINT';
export const HOST_KEY_UNIT = 'flatkube-hostkeys.service';
/** What Flatcar's `ssh-keygen -A` writes (the private half never leaves the node). */
export const NODE_HOST_PUBLIC_KEY_PATH = '/etc/ssh/ssh_host_ed25519_key.pub';

/**
 * The unit. Its ExecStart lines hold no `$`, `%` or backslash, so systemd's own unquoting
 * (systemd.syntax(7): specifiers, C escapes, environment variables) passes them to the programs
 * unchanged; the second goes through sh for its pipe. It runs on every boot, after the keys
 * exist and before sshd serves anyone (the sshd@.service drop-in below: Flatcar's sshd is
 * socket-activated).
 */
export function hostKeyUnitContents(): string {
  return [
    '[Unit]',
    'Description=Print the SSH host public key on the serial console (Flatkube pins it from boot diagnostics)',
    'Wants=sshd-keygen.service',
    'After=sshd-keygen.service',
    'Before=sshd.service',
    '',
    '[Service]',
    'Type=oneshot',
    'RemainAfterExit=yes',
    'SyslogIdentifier=flatkube-hostkeys',
    'StandardOutput=journal+console',
    'StandardError=journal+console',
    `ExecStart=/usr/bin/sed -n "s|^ssh-ed25519 [A-Za-z0-9+/=]*|${HOST_KEY_MARKER} &|p" ${NODE_HOST_PUBLIC_KEY_PATH}`,
    `ExecStart=/bin/sh -c "ssh-keygen -l -E sha256 -f ${NODE_HOST_PUBLIC_KEY_PATH} | sed 's|^|${HOST_KEY_FINGERPRINT_MARKER} |'"`,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

/** Drop-in for sshd@.service: no SSH session before the key has been printed. */
export const SSHD_AFTER_HOST_KEY_DROPIN = { name: '10-flatkube-hostkeys.conf', contents: `[Unit]\nWants=${HOST_KEY_UNIT}\nAfter=${HOST_KEY_UNIT}\n` };

export interface AnnouncedHostKey {
  /** "ssh-ed25519 AAAA..." (no comment): what Flatkube pins. */
  publicKey: string;
  /** "SHA256:..." as `ssh-keygen -l` prints it. */
  fingerprint: string;
}

/** The serial log shows something Flatkube must not trust: never retried, never guessed around. */
export class HostKeyAnnouncementError extends Error {
  override readonly name = 'HostKeyAnnouncementError';
}

const KEY_LINE = new RegExp(`(?:^|[\\s:])${HOST_KEY_MARKER} (ssh-ed25519) (AAAA[A-Za-z0-9+/]+={0,2})(?=\\s|$)`);
const FP_LINE = new RegExp(`(?:^|[\\s:])${HOST_KEY_FINGERPRINT_MARKER} \\d+ (SHA256:[A-Za-z0-9+/]{43})(?=\\s).*\\(ED25519\\)\\s*$`);
/** uint32 11 + "ssh-ed25519" + uint32 32 + 32 key bytes. */
const ED25519_BLOB_BYTES = 4 + 11 + 4 + 32;

function ed25519(b64: string): string | undefined {
  try {
    const key = parsePublicKeyLine(`ssh-ed25519 ${b64}`);
    return key.blob.length === ED25519_BLOB_BYTES && key.blob.readUInt32BE(15) === 32 ? `ssh-ed25519 ${key.blob.toString('base64')}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The ed25519 host key a node announced on its serial console; undefined while there is none
 * (the caller reads again later). Lines that are cut off or not an ed25519 key are skipped.
 * Throws HostKeyAnnouncementError when the log shows two different keys, or a fingerprint line
 * that does not belong to the key: Flatkube then trusts neither.
 */
export function announcedHostKey(serial: string): AnnouncedHostKey | undefined {
  const keys = new Set<string>();
  const fingerprints = new Set<string>();
  for (const raw of serial.split('\n')) {
    const line = raw.replace(/\r/g, '');
    const k = KEY_LINE.exec(line);
    if (k) {
      const key = ed25519(k[2]!);
      if (key) keys.add(key);
      continue;
    }
    const f = FP_LINE.exec(line);
    if (f) fingerprints.add(f[1]!);
  }
  if (keys.size === 0) return undefined;
  const found = [...keys].map((publicKey) => ({ publicKey, fingerprint: fingerprintSha256(publicKey) }));
  if (found.length > 1) {
    throw new HostKeyAnnouncementError(
      `the serial console shows ${found.length} different ed25519 host keys (${found.map((k) => k.fingerprint).join(', ')}): Flatkube trusts none of them`,
    );
  }
  const only = found[0]!;
  if (fingerprints.size > 0 && !fingerprints.has(only.fingerprint)) {
    throw new HostKeyAnnouncementError(
      `the host key fingerprint on the serial console (${[...fingerprints].join(', ')}) does not match the key printed with it (${only.fingerprint}): Flatkube trusts neither`,
    );
  }
  return only;
}
