// Applies a validated Ignition config to a fresh node filesystem, printing the
// files-stage operations the way Ignition does on the serial console. Remote
// sources (the Kubernetes sysext) are downloaded from the sandbox's simulated
// internet and checked against `verification.hash` as Ignition does: a
// missing file or a wrong hash fails the boot.
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import ssh2 from 'ssh2';

// ssh2 is CommonJS without static named exports: take them off the default export.
const { utils: sshUtils } = ssh2;
import type { IgnitionConfig } from './ignition-validate';
import type { VirtualFs } from './vfs';
import type { SandboxInternet } from '../upstream/internet';

export const HOST_KEY_PATH = '/etc/ssh/ssh_host_ed25519_key';

export interface IgnitionApplyResult {
  /** Serial-console lines (without the `ignition[pid]: ` prefix). */
  lines: string[];
  authorizedKeys: string[];
  unitSettings: Map<string, { enabled?: boolean; masked?: boolean; hasContents: boolean }>;
}

/** Decodes an RFC 2397 data URL (`data:,percent` or `data:;base64,...`). */
export function decodeDataUrl(url: string): Buffer | undefined {
  const m = /^data:([^,]*),(.*)$/s.exec(url);
  if (!m) return undefined;
  const meta = m[1] as string;
  const body = m[2] as string;
  if (meta.split(';').includes('base64')) return Buffer.from(decodeURIComponent(body), 'base64');
  try {
    return Buffer.from(decodeURIComponent(body), 'utf8');
  } catch {
    return undefined;
  }
}

export function applyIgnition(cfg: IgnitionConfig, fs: VirtualFs, internet: SandboxInternet): IgnitionApplyResult {
  const lines: string[] = [];
  let op = 0;
  const nextOp = () => (++op).toString(16);
  const authorizedKeys: string[] = [];

  for (const user of cfg.passwd?.users ?? []) {
    const o = nextOp();
    lines.push(`files: ensureUsers: op(${o}): [started]  creating or modifying user "${user.name}"`);
    lines.push(`files: ensureUsers: op(${o}): [finished] creating or modifying user "${user.name}"`);
    const keys = user.sshAuthorizedKeys ?? [];
    if (keys.length > 0) {
      const k = nextOp();
      lines.push(`files: ensureUsers: op(${k}): [started]  adding ssh keys to user "${user.name}"`);
      const valid: string[] = [];
      for (const key of keys) {
        const parsed = sshUtils.parseKey(key);
        if (parsed instanceof Error) lines.push(`files: ensureUsers: op(${k}): skipping unparseable ssh key: ${parsed.message}`);
        else valid.push(key.trim());
      }
      lines.push(`files: ensureUsers: op(${k}): [finished] adding ssh keys to user "${user.name}"`);
      const home = user.name === 'root' ? '/root' : `/home/${user.name}`;
      fs.writeFile(`${home}/.ssh/authorized_keys.d/ignition`, valid.join('\n') + '\n', {
        mode: 0o600,
        owner: user.name === 'core' ? 'core' : 'root',
      });
      // Only `core` logs in on a Flatkube node; other users' keys are written but not honoured.
      if (user.name === 'core') authorizedKeys.push(...valid);
    }
  }

  for (const dir of cfg.storage?.directories ?? []) {
    fs.mkdirp(dir.path, 'root', dir.mode ?? 0o755);
  }

  for (const f of cfg.storage?.files ?? []) {
    const o = nextOp();
    const sysroot = `/sysroot${f.path}`;
    const src = f.contents?.source ?? '';
    const owner = f.user?.name === 'core' || f.user?.id === 500 ? 'core' : 'root';
    const mode = f.mode ?? 0o644;
    lines.push(`files: createFilesystemsFiles: createFiles: op(${o}): [started]  writing file "${sysroot}"`);
    let data: Buffer;
    if (src.startsWith('data:')) {
      const decoded = decodeDataUrl(src);
      if (!decoded) {
        lines.push(`files: createFilesystemsFiles: createFiles: op(${o}): [failed]   writing file "${sysroot}": unable to decode data url`);
        throw new IgnitionApplyError(lines, `failed to create files: unable to decode data url for "${f.path}"`);
      }
      data = f.contents?.compression === 'gzip' ? gunzipSync(decoded) : decoded;
    } else if (src === '') {
      data = Buffer.alloc(0);
    } else {
      data = fetchVerified(internet, src, f.contents?.verification?.hash ?? undefined, `files: createFilesystemsFiles: createFiles: op(${o}):`, `writing file "${sysroot}"`, lines);
      if (f.contents?.compression === 'gzip') data = gunzipSync(data);
    }
    fs.writeFile(f.path, data, { mode, owner });
    lines.push(`files: createFilesystemsFiles: createFiles: op(${o}): [finished] writing file "${sysroot}"`);
  }

  for (const l of cfg.storage?.links ?? []) {
    const o = nextOp();
    lines.push(`files: createFilesystemsFiles: createFiles: op(${o}): [started]  writing link "/sysroot${l.path}" -> "${l.target}"`);
    if (l.hard) {
      const data = fs.readFile(l.target) ?? Buffer.alloc(0);
      fs.writeFile(l.path, data);
    } else {
      fs.symlink(l.path, l.target);
    }
    lines.push(`files: createFilesystemsFiles: createFiles: op(${o}): [finished] writing link "/sysroot${l.path}" -> "${l.target}"`);
  }

  const unitSettings: IgnitionApplyResult['unitSettings'] = new Map();
  for (const u of cfg.systemd?.units ?? []) {
    const unitPath = `/etc/systemd/system/${u.name}`;
    if (u.contents != null || (u.dropins ?? []).length > 0) {
      const o = nextOp();
      lines.push(`files: op(${o}): [started]  processing unit "${u.name}"`);
      if (u.contents != null) {
        const w = nextOp();
        lines.push(`files: op(${o}): op(${w}): [started]  writing unit "${u.name}" at "/sysroot${unitPath}"`);
        fs.writeFile(unitPath, u.contents);
        lines.push(`files: op(${o}): op(${w}): [finished] writing unit "${u.name}" at "/sysroot${unitPath}"`);
      }
      for (const d of u.dropins ?? []) {
        const w = nextOp();
        const dPath = `${unitPath}.d/${d.name}`;
        lines.push(`files: op(${o}): op(${w}): [started]  writing systemd drop-in "${d.name}" at "/sysroot${dPath}"`);
        fs.writeFile(dPath, d.contents ?? '');
        lines.push(`files: op(${o}): op(${w}): [finished] writing systemd drop-in "${d.name}" at "/sysroot${dPath}"`);
      }
      lines.push(`files: op(${o}): [finished] processing unit "${u.name}"`);
    }
    if (u.mask) {
      const o = nextOp();
      lines.push(`files: op(${o}): [started]  masking unit "${u.name}"`);
      fs.symlink(unitPath, '/dev/null');
      lines.push(`files: op(${o}): [finished] masking unit "${u.name}"`);
    }
    if (u.enabled != null) {
      const o = nextOp();
      const preset = u.enabled ? 'enabled' : 'disabled';
      lines.push(`files: op(${o}): [started]  setting preset to ${preset} for "${u.name}"`);
      lines.push(`files: op(${o}): [finished] setting preset to ${preset} for "${u.name}"`);
    }
    unitSettings.set(u.name, {
      ...(u.enabled != null ? { enabled: u.enabled } : {}),
      ...(u.mask ? { masked: true } : {}),
      hasContents: u.contents != null,
    });
  }
  return { lines, authorizedKeys, unitSettings };
}

/**
 * A remote source as Ignition fetches it: GET, then the hash check (`sha256-<hex>` or
 * `sha512-<hex>`) before anything is written. Real Ignition retries an unreachable source
 * forever ("Ignition stuck fetching"); the sandbox gives up at once so the failure shows.
 */
function fetchVerified(internet: SandboxInternet, src: string, hash: string | undefined, prefix: string, what: string, lines: string[]): Buffer {
  lines.push(`${prefix} GET ${src}: attempt #1`);
  const res = internet.fetch(src);
  if (!res.ok) {
    const why = res.status === 404 ? 'GET result: Not Found' : `GET error: ${res.reason}`;
    lines.push(`${prefix} ${why}`, `${prefix} [failed]   ${what}: failed to fetch resource: ${res.status === 404 ? 'resource not found' : res.reason}`);
    throw new IgnitionApplyError(lines, `failed to fetch ${src}: ${res.status === 404 ? 'resource not found' : res.reason}`);
  }
  lines.push(`${prefix} GET result: OK`);
  if (hash) {
    const m = /^(sha256|sha512)-([0-9a-f]+)$/.exec(hash);
    const calculated = m ? createHash(m[1] as string).update(res.file.body).digest('hex') : '';
    if (!m || calculated !== m[2]) {
      lines.push(`${prefix} [failed]   ${what}: hash verification failed (calculated ${calculated || '?'} but expected ${m?.[2] ?? hash})`);
      throw new IgnitionApplyError(lines, `hash verification failed for ${src}`);
    }
    lines.push(`${prefix} file matches expected sum of: ${m[2]}`);
  }
  return res.file.body;
}

export class IgnitionApplyError extends Error {
  constructor(
    readonly lines: string[],
    message: string,
  ) {
    super(message);
  }
}

/**
 * The node's ED25519 host key, as Flatcar's sshd-keygen.service (`ssh-keygen -A`) leaves it:
 * a key already on disk is kept (an old config that brought one in Ignition), else one is
 * generated now, on the node, with its public half next to it. It lives in the node's state, so
 * a restarted sandbox keeps it.
 */
export function ensureHostKey(fs: VirtualFs, comment = 'root@localhost'): { privateKey: string; generated: boolean } {
  const given = fs.readText(HOST_KEY_PATH);
  if (given) {
    const parsed = sshUtils.parseKey(given);
    if (!(parsed instanceof Error) && parsed.isPrivateKey()) return { privateKey: given, generated: false };
  }
  const kp = generateEd25519(comment);
  fs.writeFile(HOST_KEY_PATH, kp.private, { mode: 0o600 });
  fs.writeFile(`${HOST_KEY_PATH}.pub`, kp.public + '\n', { mode: 0o644 });
  return { privateKey: kp.private, generated: true };
}

/**
 * ssh2 1.17's generateKeyPairSync('ed25519') drops a leading zero byte of the
 * public key about once in 150 keys, producing a key its own parser rejects
 * ("Malformed OpenSSH public key"); draw again until both halves parse.
 */
export function generateEd25519(comment?: string): { private: string; public: string } {
  for (;;) {
    const kp = sshUtils.generateKeyPairSync('ed25519', comment ? { comment } : {});
    if (!(sshUtils.parseKey(kp.public) instanceof Error) && !(sshUtils.parseKey(kp.private) instanceof Error)) return kp;
  }
}
