// journalctl [-u UNIT]... [-f] [-n N] [--no-pager] [-x] [-e] [-o short|cat] (long forms too)
import type { CommandFn } from '../command-types';
import type { JournalEntry } from '../node-state';
import { formatJournal } from '../sim-node';

export const journalctl: CommandFn = async (args, ctx) => {
  const units: string[] = [];
  let follow = false;
  let lines: number | undefined;
  let output = 'short';
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const takeValue = (): string | undefined => args[++i];
    if (a === '--no-pager' || a === '-b' || a === '--boot' || a === '-q' || a === '--quiet') continue;
    if (a === '-f' || a === '--follow') follow = true;
    else if (a.startsWith('--unit=')) units.push(a.slice(7));
    else if (a === '--unit') units.push(takeValue() ?? '');
    else if (a.startsWith('--lines=')) lines = Number(a.slice(8));
    else if (a === '--lines') lines = Number(takeValue());
    else if (a.startsWith('-o') && a.length > 2) output = a.slice(2);
    else if (a === '-o' || a === '--output') output = takeValue() ?? 'short';
    else if (a.startsWith('--output=')) output = a.slice(9);
    else if (/^-[a-zA-Z]+$/.test(a)) {
      // Combined short flags such as -xeu kubelet or -fu kubelet.
      for (let j = 1; j < a.length; j++) {
        const f = a[j];
        if (f === 'f') follow = true;
        else if (f === 'e') lines = lines ?? 1000;
        else if (f === 'x' || f === 'b' || f === 'q') continue;
        else if (f === 'u' || f === 'n') {
          const rest = a.slice(j + 1);
          const v = rest !== '' ? rest : takeValue();
          if (f === 'u') units.push(v ?? '');
          else lines = Number(v);
          break;
        } else {
          ctx.io.stderr(`journalctl: invalid option -- '${f}'\n`);
          return 1;
        }
      }
    } else {
      ctx.io.stderr(`journalctl: unsupported argument '${a}' in this simulation\n`);
      return 1;
    }
  }
  if (lines !== undefined && !Number.isFinite(lines)) {
    ctx.io.stderr('Failed to parse lines\n');
    return 1;
  }
  const wanted = units.map((u) => (u.includes('.') ? u : `${u}.service`));
  const match = (e: JournalEntry) => wanted.length === 0 || wanted.includes(e.unit);
  const fmt = (e: JournalEntry) => (output === 'cat' ? e.msg : formatJournal(e, ctx.node.hostname)) + '\n';
  const all = ctx.node.state.journal.filter(match);
  const shown = follow ? all.slice(-(lines ?? 10)) : lines !== undefined ? all.slice(-lines) : all;
  if (shown.length === 0 && !follow) ctx.io.stdout('-- No entries --\n');
  for (const e of shown) ctx.io.stdout(fmt(e));
  if (!follow) return 0;
  // Follow: stream new entries until the SSH channel closes (signal aborts).
  await new Promise<void>((resolve) => {
    const off = ctx.node.onJournal((e) => {
      if (match(e)) ctx.io.stdout(fmt(e));
    });
    const done = () => {
      off();
      resolve();
    };
    if (ctx.io.signal.aborted) done();
    else ctx.io.signal.addEventListener('abort', done, { once: true });
  });
  return 0;
};
