import type { ClusterFinished, ClusterLog, ClusterProgress, EngineEmitter } from '../services/cluster/engine/types';

/**
 * Engine events in a terminal: per-node live logs prefixed with the node ("[cp-0] ..."), and a
 * progress bar. On a TTY the bar is redrawn on stderr under the logs; otherwise (pipes, CI, tests)
 * each step transition prints one plain line, so the output stays greppable.
 */
export function terminalEmitter(out: NodeJS.WritableStream = process.stdout, err: NodeJS.WriteStream | NodeJS.WritableStream = process.stderr): EngineEmitter & { done(): void } {
  const tty = 'isTTY' in err && err.isTTY === true;
  let bar = '';
  const clearBar = () => {
    if (tty && bar) err.write('\r\x1b[2K');
  };
  const drawBar = () => {
    if (tty && bar) err.write(bar);
  };
  const width = Math.max(...['azure', 'local', 'worker-00'].map((s) => s.length));
  return {
    progress(e: ClusterProgress) {
      const pct = e.total ? Math.round((e.done / e.total) * 100) : 0;
      if (tty) {
        const filled = Math.round(pct / 5);
        clearBar();
        bar = `[${'#'.repeat(filled)}${'.'.repeat(20 - filled)}] ${String(pct).padStart(3)}% ${e.done}/${e.total} ${e.status === 'running' ? e.title : ''}`.slice(0, 120);
        drawBar();
      } else if (e.status !== 'pending') {
        out.write(`== ${e.done}/${e.total} ${e.status.padEnd(9)} ${e.stepId}: ${e.title}\n`);
      }
      if (e.status === 'failed' && e.error) {
        clearBar();
        out.write(`!! ${e.stepId} failed: ${e.error.message}\n${e.error.hint ? `   hint: ${e.error.hint}\n` : ''}`);
        drawBar();
      }
    },
    log(e: ClusterLog) {
      clearBar();
      out.write(`[${e.stream.padEnd(width)}] ${e.level === 'info' ? '' : `${e.level}: `}${e.text}\n`);
      drawBar();
    },
    finished(_e: ClusterFinished) {
      clearBar();
      bar = '';
    },
    done() {
      clearBar();
      bar = '';
    },
  };
}
