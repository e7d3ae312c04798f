// OpenSSH's ssh-keygen, the one use a node's own units make of it: `ssh-keygen -l [-E sha256]
// -f FILE` prints a key's fingerprint line, "256 SHA256:... comment (ED25519)", for a public key
// file (or the public half's file next to a private key). Key generation (-A at first boot) is
// what the node host does itself (ignition-apply.ts ensureHostKey); other modes are refused.
import { createHash } from 'node:crypto';
import ssh2 from 'ssh2';
import type { CommandContext, CommandFn } from '../command-types';
import { abs, canRead } from '../fs-access';

const { utils } = ssh2;

const USAGE = 'usage: ssh-keygen -l [-E fingerprint_hash] [-f input_keyfile]  (only -l is simulated on this node)\n';

const TYPE_NAMES: Record<string, [bits: number, label: string]> = {
  'ssh-ed25519': [256, 'ED25519'],
  'ecdsa-sha2-nistp256': [256, 'ECDSA'],
  'ecdsa-sha2-nistp384': [384, 'ECDSA'],
  'ecdsa-sha2-nistp521': [521, 'ECDSA'],
};

export const sshKeygen: CommandFn = async (args: string[], ctx: CommandContext) => {
  let list = false;
  let hash = 'sha256';
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-l') list = true;
    else if (a === '-E') hash = args[++i] ?? '';
    else if (a === '-f') file = args[++i];
    else if (a === '-q' || a === '-v') continue;
    else {
      ctx.io.stderr(USAGE);
      return 1;
    }
  }
  if (!list || file === undefined) {
    ctx.io.stderr(USAGE);
    return 1;
  }
  if (hash !== 'sha256' && hash !== 'md5') {
    ctx.io.stderr(`Invalid hash algorithm "${hash}"\n`);
    return 255;
  }
  const path = abs(ctx, file);
  const text = ctx.node.fs.stat(path)?.type === 'file' && canRead(ctx, path) ? ctx.node.fs.readText(path) : undefined;
  // Like ssh-keygen: a private key file is read through its .pub neighbour when there is one.
  const pubText = text !== undefined && /PRIVATE KEY/.test(text) ? (ctx.node.fs.readText(`${path}.pub`) ?? text) : text;
  if (pubText === undefined) {
    ctx.io.stderr(`${file}: No such file or directory\n`);
    return 255;
  }
  const parsed = utils.parseKey(pubText.trim());
  if (parsed instanceof Error || !parsed) {
    ctx.io.stderr(`${file} is not a key file.\n`);
    return 255;
  }
  const blob = parsed.getPublicSSH();
  const fromLine = /PRIVATE KEY/.test(pubText) ? '' : pubText.trim().split(/\s+/).slice(2).join(' ');
  const comment = fromLine || parsed.comment || 'no comment';
  const [bits, label] = TYPE_NAMES[parsed.type] ?? [0, parsed.type.toUpperCase()];
  const fp =
    hash === 'sha256'
      ? `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`
      : `MD5:${(createHash('md5').update(blob).digest('hex').match(/../g) ?? []).join(':')}`;
  ctx.io.stdout(`${bits} ${fp} ${comment} (${label})\n`);
  return 0;
};
