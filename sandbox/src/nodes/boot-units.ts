// The oneshot units an Ignition config writes and enables (WantedBy=multi-user.target) run once
// at first boot, after sshd-keygen and before sshd serves anyone, the way systemd runs them: each
// ExecStart= in order, as root, through no shell; a failure ends the unit (unless the line has
// systemd's `-` prefix). With StandardOutput=journal+console (or kmsg+console, tty) the output
// also goes to the serial console, prefixed `identifier[pid]: ` as journald forwards it, which
// is what boot diagnostics then show. The sandbox splits ExecStart= into words with the shell's
// quoting rules, which agree with systemd's for quotes; systemd's own `$VAR`, `%` specifiers and
// backslash escapes are not simulated and fail the unit, as do unquoted shell operators (systemd
// would pass them to the program as words).
import type { ExecIO } from './command-types';
import type { SimNode } from './sim-node';
import { parseCommandLine, ShellSyntaxError } from './shell';
import { runProgramAsRoot, type SimulatorDeps } from './simulator';

export type UnitFile = Record<string, Record<string, string[]>>;

/** INI-style unit file: section -> key -> values (repeated keys keep every value, in order). */
export function parseUnitFile(text: string): UnitFile {
  const out: UnitFile = {};
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const head = /^\[(.+)\]$/.exec(line);
    if (head) {
      section = head[1] as string;
      out[section] ??= {};
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0 || !section) continue;
    const key = line.slice(0, eq).trim();
    const values = ((out[section] as Record<string, string[]>)[key] ??= []);
    const value = line.slice(eq + 1).trim();
    // An empty assignment resets the list, as in systemd.
    if (value === '') values.length = 0;
    else values.push(value);
  }
  return out;
}

const last = (unit: UnitFile, section: string, key: string): string | undefined => unit[section]?.[key]?.at(-1);

/** The argv systemd would run for one ExecStart= value, or why the sandbox cannot run it. */
function execArgv(value: string): { argv: string[]; ignoreFailure: boolean } | { problem: string } {
  let rest = value;
  let ignoreFailure = false;
  while (/^[-@:+!]/.test(rest)) {
    if (rest[0] === '-') ignoreFailure = true;
    if (rest[0] === '@' || rest[0] === ':' || rest[0] === '!') return { problem: `the ExecStart= prefix "${rest[0]}" is not simulated` };
    rest = rest.slice(1);
  }
  if (/[$%\\]/.test(rest)) return { problem: 'systemd variables ($), specifiers (%) and escapes (\\) in ExecStart= are not simulated' };
  let items;
  try {
    items = parseCommandLine(rest, '/root');
  } catch (e) {
    if (e instanceof ShellSyntaxError) return { problem: `ExecStart= cannot be split into words: ${e.message}` };
    throw e;
  }
  const only = items.length === 1 && items[0]?.pipeline.length === 1 ? items[0].pipeline[0] : undefined;
  if (!only || only.redirects.length > 0 || Object.keys(only.env).length > 0 || only.argv.length === 0) {
    return { problem: 'ExecStart= has unquoted shell syntax (systemd runs no shell: use /bin/sh -c "...")' };
  }
  if (!(only.argv[0] as string).startsWith('/')) return { problem: 'ExecStart= needs an absolute program path here' };
  return { argv: only.argv, ignoreFailure };
}

export interface BootUnit {
  name: string;
  contents: string;
}

/**
 * Runs the enabled oneshot units among `units` (those wanted by multi-user.target), writing what
 * systemd and journald would show on the serial console into `serial`, and their output into the
 * node's journal. Returns the units that failed.
 */
export async function runBootUnits(deps: SimulatorDeps, units: BootUnit[], serial: string[]): Promise<string[]> {
  const node: SimNode = deps.node;
  const failed: string[] = [];
  let pid = 900 + Math.floor(Math.random() * 60);
  for (const u of units) {
    const file = parseUnitFile(u.contents);
    if ((last(file, 'Service', 'Type') ?? 'simple') !== 'oneshot') continue;
    if (!(file.Install?.WantedBy ?? []).some((v) => v.split(/\s+/).includes('multi-user.target'))) continue;
    const description = last(file, 'Unit', 'Description') ?? u.name;
    const ident = last(file, 'Service', 'SyslogIdentifier');
    const stdoutTo = last(file, 'Service', 'StandardOutput') ?? 'journal';
    const stderrTo = last(file, 'Service', 'StandardError') ?? stdoutTo;
    const toConsole = (where: string) => /console$|^tty$/.test(where);
    let ok = true;
    for (const value of file.Service?.ExecStart ?? []) {
      pid += 1;
      const cmd = execArgv(value);
      const tag = `${ident ?? ('argv' in cmd ? (cmd.argv[0] as string).split('/').pop() : u.name)}[${pid}]`;
      if ('problem' in cmd) {
        node.journal(u.name, 'systemd[1]', `${u.name}: sandbox: ${cmd.problem}`);
        ok = false;
        break;
      }
      const emit = (where: string) => {
        let buf = '';
        return {
          write(chunk: string) {
            buf += chunk;
            const lines = buf.split('\n');
            buf = lines.pop() ?? '';
            for (const l of lines) out(l);
          },
          flush() {
            if (buf) out(buf);
            buf = '';
          },
        };
        function out(line: string) {
          node.journal(u.name, tag, line);
          if (toConsole(where)) serial.push(`${tag}: ${line}`);
        }
      };
      const so = emit(stdoutTo);
      const se = emit(stderrTo);
      const io: ExecIO = { stdout: (c) => so.write(c), stderr: (c) => se.write(c), readStdin: async () => '', signal: new AbortController().signal };
      const status = await runProgramAsRoot(deps, cmd.argv, io);
      so.flush();
      se.flush();
      if (status !== 0 && !cmd.ignoreFailure) {
        node.journal(u.name, 'systemd[1]', `${u.name}: Main process exited, code=exited, status=${status}/FAILURE`);
        ok = false;
        break;
      }
    }
    const remain = /^(yes|true|1|on)$/i.test(last(file, 'Service', 'RemainAfterExit') ?? 'no');
    if (ok) {
      node.setUnit(u.name, remain ? 'active' : 'inactive', remain ? 'exited' : 'dead');
      node.journal(u.name, 'systemd[1]', `Finished ${u.name} - ${description}.`);
      serial.push(`[  OK  ] Finished ${u.name} - ${description}.`);
    } else {
      node.setUnit(u.name, 'failed', 'failed');
      node.journal(u.name, 'systemd[1]', `Failed to start ${u.name} - ${description}.`);
      serial.push(`[FAILED] Failed to start ${u.name} - ${description}.`);
      failed.push(u.name);
    }
  }
  return failed;
}
