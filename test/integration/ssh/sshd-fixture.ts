/**
 * A real OpenSSH server on 127.0.0.1 for integration tests: temp config, temp ed25519 host key,
 * a generated client key in a temp authorized_keys, `sshd -D -e` in the foreground.
 * Needs /usr/sbin/sshd (Debian/Ubuntu: `apt-get install -y openssh-server`); fails loudly if absent.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateEd25519KeyPair, type SshKeyPair } from '../../../electron/services/ssh/keys';

export const SSHD_PATH = process.env.FLATKUBE_TEST_SSHD ?? '/usr/sbin/sshd';

export interface SshdFixture {
  host: '127.0.0.1';
  port: number;
  /** The user to log in as (the current user: root in CI, which sshd allows with a key). */
  username: string;
  clientKey: SshKeyPair;
  hostKey: SshKeyPair;
  dir: string;
  /** Kills the per-connection sshd processes: every open session drops, the listener stays. */
  dropConnections(): void;
  /** Stops the listener and all sessions (the port refuses connections until start()). */
  stop(): Promise<void>;
  /** Starts sshd again on the same port with the same keys. */
  start(): Promise<void>;
  /** sshd's log so far (for assertions and failure messages). */
  log(): string;
  dispose(): Promise<void>;
}

export interface StartSshdOptions {
  /**
   * Log in as this existing user instead of the current one (e.g. a non-root user, to exercise
   * OpenSSH behaviour that differs for root). The temp dir and authorized_keys become readable
   * to it, since sshd reads authorized_keys with the user's privileges.
   */
  username?: string;
}

export async function startSshd(opts: StartSshdOptions = {}): Promise<SshdFixture> {
  if (!existsSync(SSHD_PATH)) {
    throw new Error(
      `OpenSSH server not found at ${SSHD_PATH}. The SSH integration tests need a real sshd: ` +
        `install it with "apt-get install -y openssh-server" (or set FLATKUBE_TEST_SSHD).`,
    );
  }
  // sshd's privilege separation insists on this directory.
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 }).catch(() => undefined);

  const dir = await mkdtemp(path.join(tmpdir(), 'flatkube-sshd-'));
  const hostKey = generateEd25519KeyPair('fixture-host');
  const clientKey = generateEd25519KeyPair('fixture-client');
  const hostKeyPath = path.join(dir, 'ssh_host_ed25519_key');
  await writeFile(hostKeyPath, hostKey.privateKey, { mode: 0o600 });
  await chmod(hostKeyPath, 0o600); // sshd refuses host keys readable by others
  await writeFile(path.join(dir, 'authorized_keys'), `${clientKey.publicKey}\n`, { mode: 0o600 });
  const port = await freePort();
  const cfgPath = path.join(dir, 'sshd_config');
  await writeFile(cfgPath, sshdConfig(dir, hostKeyPath, port));
  const username = opts.username ?? currentUser();
  if (opts.username) {
    await chmod(dir, 0o755);
    await chmod(path.join(dir, 'authorized_keys'), 0o644);
  }

  // Logs go to a file (-E), not stderr (-e): at DEBUG levels sshd with -e also copies its log
  // lines into the sessions' stderr, which would pollute what the tests read.
  const logPath = path.join(dir, 'sshd.log');
  let proc: ChildProcess | undefined;
  const log = () => {
    try {
      return readFileSync(logPath, 'utf8');
    } catch {
      return '';
    }
  };

  const start = async () => {
    const logStart = log().length;
    const child = spawn(SSHD_PATH, ['-D', '-E', logPath, '-f', cfgPath], { stdio: ['ignore', 'ignore', 'pipe'] });
    proc = child;
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    let exited: string | undefined;
    child.once('exit', (code, sig) => (exited = `sshd exited early (code ${code}, signal ${sig})`));
    child.once('error', (err) => (exited = `sshd failed to start: ${err.message}`));
    for (let waited = 0; ; waited += 20) {
      if (/Server listening on 127\.0\.0\.1 port/.test(log().slice(logStart))) break;
      if (exited || waited > 10_000) {
        child.kill('SIGKILL');
        throw new Error(`${exited ?? 'sshd did not report listening within 10 s'}\n--- sshd ---\n${stderr}${log()}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    child.removeAllListeners('exit');
    child.removeAllListeners('error');
  };

  const dropConnections = () => {
    if (proc?.pid) for (const pid of childPids(proc.pid)) killQuietly(pid);
  };

  const stop = async () => {
    const child = proc;
    proc = undefined;
    if (!child?.pid || child.exitCode !== null) return;
    const children = childPids(child.pid);
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGKILL');
    for (const pid of children) killQuietly(pid);
    await exited;
  };

  await start();
  return {
    host: '127.0.0.1',
    port,
    username,
    clientKey,
    hostKey,
    dir,
    dropConnections,
    stop,
    start,
    log,
    async dispose() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function sshdConfig(dir: string, hostKeyPath: string, port: number): string {
  const lines = [
    `ListenAddress 127.0.0.1`,
    `Port ${port}`,
    `HostKey ${hostKeyPath}`,
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
    `PubkeyAuthentication yes`,
    `PasswordAuthentication no`,
    `KbdInteractiveAuthentication no`,
    `UsePAM no`,
    `StrictModes no`,
    `PermitRootLogin prohibit-password`,
    `PrintMotd no`,
    // DEBUG1 shows channel requests (e.g. "req signal"), which the tests check.
    `LogLevel ${process.env.SSHD_LOGLEVEL ?? "DEBUG1"}`,
  ];
  // OpenSSH 9.8+ penalises addresses whose connections fail (our mismatch test does that on
  // purpose) by refusing them for a while; that would break later tests on 127.0.0.1.
  const [major = 0, minor = 0] = opensshVersion();
  if (major > 9 || (major === 9 && minor >= 8)) lines.push('PerSourcePenalties no');
  return `${lines.join('\n')}\n`;
}

function opensshVersion(): [number, number] | [] {
  const out = spawnSync(SSHD_PATH, ['-V'], { encoding: 'utf8' });
  const m = /OpenSSH_(\d+)\.(\d+)/.exec(`${out.stderr}${out.stdout}`);
  return m ? [Number(m[1]), Number(m[2])] : [];
}

function currentUser(): string {
  const uid = process.getuid?.() ?? 0;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.split(':')[2] === String(uid));
  return line?.split(':')[0] ?? 'root';
}

/**
 * All descendants of `pid`, from /proc: sshd forks a monitor per connection, which forks the
 * session process, which runs the command; any of them holding the socket keeps it open.
 */
function childPids(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const [child, parent] of processParents()) {
    parents.set(parent, [...(parents.get(parent) ?? []), child]);
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const c of parents.get(queue.shift()!) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

function processParents(): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (ppid) comes after the parenthesised command name, which may contain spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      out.push([Number(entry), ppid]);
    } catch {
      // Process ended while we looked.
    }
  }
  return out;
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
