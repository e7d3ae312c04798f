// `kubectl exec -it POD -- sh` (and `-i` with piped input): a shell session in the simulated
// container. With a terminal (tty) it behaves like one on the other end of kubectl's raw-mode
// terminal: echoes keys, prompts, handles backspace, Ctrl-C and Ctrl-D, ends lines with CR LF.
// Each line runs through the container's simulated shell (container-exec.ts); `cd` and `exit`
// are the shell's own.
import type { ExecIO } from '../command-types';
import type { ExecRequest, StreamBackend } from './exec-protocol';

export interface ShellSession {
  /** Bytes from the client's stdin. */
  input(chunk: string): void;
  /** The client closed stdin. */
  end(): void;
  /** Resolves to the shell's exit status. */
  done: Promise<number>;
}

/** Whether the request is an interactive shell (a shell with stdin and no `-c`). */
export function isInteractiveShell(r: ExecRequest): boolean {
  return r.stdin && /(^|\/)(sh|bash|ash)$/.test(r.command[0] ?? '') && !r.command.includes('-c');
}

export function startShell(b: StreamBackend, r: ExecRequest, out: { stdout(s: string): void; stderr(s: string): void }, signal: AbortSignal): ShellSession {
  const bash = /bash$/.test(r.command[0] ?? '');
  const host = String(r.pod.spec?.hostname ?? r.pod.metadata.name);
  let cwd = '/';
  let line = '';
  let escape = false;
  let finished = false;
  let resolveDone: (code: number) => void = () => {};
  const done = new Promise<number>((res) => (resolveDone = res));
  let queue: Promise<void> = Promise.resolve();
  const tty = r.tty;
  const write = (s: string) => out.stdout(tty ? s.replace(/\r?\n/g, '\r\n') : s);
  const prompt = () => tty && write(bash ? `root@${host}:${cwd}# ` : '# ');
  const finish = (code: number) => {
    if (finished) return;
    finished = true;
    resolveDone(code);
  };
  const run = async (cmd: string) => {
    const text = cmd.trim();
    const exit = /^exit(?:\s+(\d+))?$/.exec(text);
    if (exit) {
      if (tty && bash) write('exit\n');
      return finish(Number(exit[1] ?? 0) & 255);
    }
    if (text) {
      const cd = /^cd(?:\s+(\S+))?$/.exec(text);
      const script = cd ? `cd ${cd[1] ?? '/root'} && pwd` : `cd ${cwd} && ${text}`;
      let captured = '';
      const io: ExecIO = {
        stdout: (s) => (cd ? (captured += s) : write(s)),
        stderr: (s) => (tty ? write(s) : out.stderr(s)),
        readStdin: () => Promise.resolve(''),
        signal,
      };
      const wd = cwd;
      await b.execRun(r.pod, r.container, ['sh', '-c', cd ? `cd ${wd} && ${script}` : script], io);
      if (cd && captured.trim()) cwd = captured.trim();
    }
    prompt();
  };
  const submit = (cmd: string) => {
    queue = queue.then(() => (finished ? undefined : run(cmd)));
  };
  prompt();
  return {
    done,
    input(chunk) {
      if (finished) return;
      if (!tty) {
        line += chunk;
        const parts = line.split('\n');
        line = parts.pop() ?? '';
        for (const p of parts) submit(p);
        return;
      }
      for (const ch of chunk) {
        if (escape) {
          // The rest of an escape sequence (arrow keys, ...): not simulated.
          if (/[A-Za-z~]/.test(ch)) escape = false;
          continue;
        }
        if (ch === '\x1b') escape = true;
        else if (ch === '\r' || ch === '\n') {
          write('\n');
          const cmd = line;
          line = '';
          submit(cmd);
        } else if (ch === '\x7f' || ch === '\b') {
          if (line) {
            line = line.slice(0, -1);
            out.stdout('\b \b');
          }
        } else if (ch === '\x03') {
          line = '';
          write('^C\n');
          prompt();
        } else if (ch === '\x04') {
          if (!line) submit('exit');
        } else if (ch >= ' ') {
          line += ch;
          out.stdout(ch);
        }
      }
    },
    end() {
      if (!tty && line) submit(line);
      queue = queue.then(() => finish(0));
    },
  };
}
