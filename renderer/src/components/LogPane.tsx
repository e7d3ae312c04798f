import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import { CostModel, FrameScheduler, PANE_SCROLLBACK, PaneWriter } from '../lib/log-flow';
import { formatLines, plainLine } from '../lib/log-format';
import { linesOf, logOf, onLines } from '../store/logs-store';

/**
 * Work per animation frame for all panes together (formatting, and xterm.js parsing what they
 * were given): the rest of a 16.7 ms frame stays for rendering, events and input.
 */
export const FRAME_BUDGET_MS = 6;

/** The toolbar's line count is rewritten at most this often. */
const COUNT_TEXT_INTERVAL_MS = 250;

// One frame loop and one cost model for every pane on the page (log-flow.ts).
const cost = new CostModel();
const scheduler = new FrameScheduler({ requestFrame: (run) => requestAnimationFrame(run), now: () => performance.now(), budgetMs: FRAME_BUDGET_MS });

/**
 * The pane's palette from the theme's variables (styles.css): the colours log lines use (red for
 * errors, bold red drawn in the bright red, yellow for warnings) keep >= 4.5:1 on --term-bg.
 */
function themeColours() {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const red = v('--term-red', '#f87171');
  const yellow = v('--term-yellow', '#fbbf24');
  return {
    background: v('--term-bg', '#0b1220'),
    foreground: v('--term-fg', '#e2e8f0'),
    cursor: v('--term-bg', '#0b1220'),
    selectionBackground: v('--term-selection', '#334466'),
    red,
    brightRed: red,
    yellow,
    brightYellow: yellow,
  };
}

export interface LogPaneDisplay {
  /** Text size in px (presenter mode makes it larger; LogPanes has the control). */
  fontSize?: number;
  /** This pane fills the log area (the others are hidden); the button says Restore. */
  maximised?: boolean;
  /** Hidden while another pane is maximised: kept mounted, so it keeps its lines and its place. */
  hidden?: boolean;
  /** Offers Maximise / Restore when given. */
  onMaximise?: (on: boolean) => void;
}

/**
 * One live log pane (a node or "azure") on xterm.js: follow/pause, search, timestamps, download,
 * and the display options (text size, maximise). Lines reach the terminal through the shared frame
 * loop (log-flow.ts), never all at once.
 */
export function LogPane({ stream, title, fontSize = 13, maximised = false, hidden = false, onMaximise }: { stream: string; title?: string } & LogPaneDisplay) {
  const host = useRef<HTMLDivElement>(null);
  const term = useRef<Terminal | null>(null);
  const search = useRef<SearchAddon | null>(null);
  const writer = useRef<PaneWriter | null>(null);
  const [follow, setFollow] = useState(true);
  const [timestamps, setTimestamps] = useState(true);
  const [query, setQuery] = useState('');
  const [held, setHeld] = useState(0);
  const section = useRef<HTMLElement>(null);
  const countText = useRef<HTMLSpanElement>(null);
  const [found, setFound] = useState<string>('');
  const tsRef = useRef(timestamps);
  const fontRef = useRef(fontSize);
  const refitRef = useRef<() => void>(() => {});

  // The terminal and its writer: created once per stream.
  useEffect(() => {
    const t = new Terminal({
      scrollback: PANE_SCROLLBACK,
      convertEol: false,
      disableStdin: true,
      cursorBlink: false,
      fontSize: fontRef.current,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
      theme: themeColours(),
      allowProposedApi: true,
    });
    const fit = new FitAddon();
    const s = new SearchAddon();
    t.loadAddon(fit);
    t.loadAddon(s);
    t.open(host.current!);
    term.current = t;
    search.current = s;
    const refit = () => {
      try {
        fit.fit();
      } catch {
        /* not laid out yet */
      }
    };
    refit();
    refitRef.current = refit;
    const ro = new ResizeObserver(refit);
    ro.observe(host.current!);
    let disposed = false;
    const w = new PaneWriter({
      log: () => logOf(stream),
      sink: {
        write: (data, parsed) => {
          if (disposed) return;
          t.write(data, parsed);
        },
        clear: () => t.reset(),
      },
      format: (lines) => formatLines(lines, { timestamps: tsRef.current }),
      keep: () => PANE_SCROLLBACK + t.rows,
      now: () => performance.now(),
      cost,
      onParsed: () => {
        scheduler.wake();
        queueUpdate();
      },
    });
    writer.current = w;
    // Counters follow the frames, not the lines: written straight to the DOM (no React render) once
    // per frame at most. `data-lines`: lines the terminal parsed, or cut from a backlog it could not
    // have shown (`data-skipped` of them). The toolbar's count of lines in the stream changes text
    // (a layout of the toolbar) four times a second at most.
    let queued = false;
    const shown = { total: -1, handled: -1, skipped: -1, at: -Infinity };
    function queueUpdate() {
      if (queued || disposed) return;
      queued = true;
      requestAnimationFrame((now) => {
        queued = false;
        // React detaches the refs when the pane unmounts, before this effect's cleanup runs: a
        // frame can fall in between (leaving the Deploy step while lines stream).
        const count = countText.current;
        const el = section.current;
        if (disposed || !count || !el) return;
        const total = w.total();
        if (total !== shown.total && now - shown.at >= COUNT_TEXT_INTERVAL_MS) {
          count.textContent = `${(shown.total = total)} lines`;
          shown.at = now;
        } else if (total !== shown.total) queueUpdate();
        if (w.handled !== shown.handled) el.setAttribute('data-lines', String((shown.handled = w.handled)));
        if (w.skipped !== shown.skipped) el.setAttribute('data-skipped', String((shown.skipped = w.skipped)));
        if (w.paused) setHeld(w.held());
      });
    }
    const removeWriter = scheduler.add(w);
    const offLines = onLines(stream, () => {
      scheduler.wake();
      queueUpdate();
    });
    queueUpdate();
    return () => {
      disposed = true;
      offLines();
      removeWriter();
      ro.disconnect();
      t.dispose();
      term.current = null;
      writer.current = null;
    };
  }, [stream]);

  // A new text size: the terminal re-measures its cells and fits its rows and columns again.
  useEffect(() => {
    if (fontRef.current === fontSize || !term.current) return;
    fontRef.current = fontSize;
    term.current.options.fontSize = fontSize;
    refitRef.current();
  }, [fontSize]);

  // Timestamps flipped: the newest lines again, in the new format.
  useEffect(() => {
    if (tsRef.current === timestamps) return;
    tsRef.current = timestamps;
    writer.current?.redraw();
    scheduler.wake();
  }, [timestamps]);

  const toggleFollow = () => {
    const next = !follow;
    setFollow(next);
    writer.current?.hold(!next);
    setHeld(writer.current?.held() ?? 0);
    if (next) term.current?.scrollToBottom();
    scheduler.wake();
  };

  const find = (dir: 'next' | 'prev') => {
    if (!query || !search.current) return;
    const opts = { caseSensitive: false, decorations: { matchOverviewRuler: '#f59e0b', activeMatchColorOverviewRuler: '#ef4444', matchBackground: '#854d0e', activeMatchBackground: '#b45309' } };
    const hit = dir === 'next' ? search.current.findNext(query, opts) : search.current.findPrevious(query, opts);
    setFound(hit ? 'found' : 'no match');
  };

  const download = () => {
    const text = linesOf(stream).map(plainLine).join('\n') + '\n';
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `flatkube-${stream}.log`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const label = title ?? stream;
  return (
    <section className={`log-pane${maximised ? ' maximised' : ''}`} aria-label={`Log: ${label}`} data-testid={`log-pane-${stream}`} data-maximised={maximised || undefined} hidden={hidden} ref={section}>
      <div className="log-toolbar">
        <strong className="log-title">{label}</strong>
        <span className="log-count" ref={countText} />
        <button type="button" aria-pressed={!follow} onClick={toggleFollow} data-testid="log-follow">
          {follow ? 'Pause' : `Follow${held ? ` (${held} new)` : ''}`}
        </button>
        <label className="inline-check">
          <input type="checkbox" checked={timestamps} onChange={(e) => setTimestamps(e.target.checked)} /> Timestamps
        </label>
        <input
          type="search"
          aria-label={`Search the ${label} log`}
          placeholder="Search"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setFound('');
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') find(e.shiftKey ? 'prev' : 'next');
          }}
        />
        <button type="button" onClick={() => find('prev')} aria-label="Previous match">
          ↑
        </button>
        <button type="button" onClick={() => find('next')} aria-label="Next match">
          ↓
        </button>
        {found && (
          <span className="log-found" role="status">
            {found}
          </span>
        )}
        <button type="button" onClick={download}>
          Download all
        </button>
        {onMaximise && (
          <button type="button" aria-label={`${maximised ? 'Restore' : 'Maximise'} the ${label} log`} onClick={() => onMaximise(!maximised)}>
            {maximised ? 'Restore' : 'Maximise'}
          </button>
        )}
      </div>
      <div className="log-terminal" ref={host} />
    </section>
  );
}
