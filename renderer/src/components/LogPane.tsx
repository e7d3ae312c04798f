import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import { formatLine, plainLine, type PaneLine } from '../lib/log-format';
import { linesOf, onLine } from '../store/logs-store';

/** Lines the terminal keeps; the full log (bounded) stays in the log store for download. */
export const PANE_SCROLLBACK = 5_000;

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

/** One live log pane (a node or "azure") on xterm.js: follow/pause, search, timestamps, download. */
export function LogPane({ stream, title }: { stream: string; title?: string }) {
  const host = useRef<HTMLDivElement>(null);
  const term = useRef<Terminal | null>(null);
  const search = useRef<SearchAddon | null>(null);
  const [follow, setFollow] = useState(true);
  const [timestamps, setTimestamps] = useState(true);
  const [query, setQuery] = useState('');
  const [pending, setPending] = useState(0);
  const [count, setCount] = useState(0);
  const [found, setFound] = useState<string>('');
  const followRef = useRef(follow);
  const tsRef = useRef(timestamps);
  const flushRef = useRef<() => void>(() => {});

  // The terminal: created once per stream.
  useEffect(() => {
    const t = new Terminal({
      scrollback: PANE_SCROLLBACK,
      convertEol: false,
      disableStdin: true,
      cursorBlink: false,
      fontSize: 13,
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
    const ro = new ResizeObserver(refit);
    ro.observe(host.current!);
    return () => {
      ro.disconnect();
      t.dispose();
      term.current = null;
    };
  }, [stream]);

  // Redraw everything when timestamps flip (and on first mount); then append live lines.
  useEffect(() => {
    tsRef.current = timestamps;
    const t = term.current;
    if (!t) return;
    t.reset();
    const lines = linesOf(stream).slice(-PANE_SCROLLBACK);
    t.write(lines.map((l) => formatLine(l, { timestamps })).join(''));
    setCount(linesOf(stream).length);
    setPending(0);
    let buffered: PaneLine[] = [];
    const off = onLine(stream, (line) => {
      setCount((c) => c + 1);
      if (!followRef.current) {
        buffered.push(line);
        setPending(buffered.length);
        return;
      }
      t.write(formatLine(line, { timestamps: tsRef.current }));
    });
    const flush = () => {
      if (buffered.length === 0) return;
      t.write(buffered.map((l) => formatLine(l, { timestamps: tsRef.current })).join(''), () => t.scrollToBottom());
      buffered = [];
      setPending(0);
    };
    flushRef.current = flush;
    return off;
  }, [stream, timestamps]);

  const toggleFollow = () => {
    const next = !follow;
    followRef.current = next;
    setFollow(next);
    if (next) {
      flushRef.current();
      term.current?.scrollToBottom();
    }
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
    <section className="log-pane" aria-label={`Log: ${label}`} data-testid={`log-pane-${stream}`} data-lines={count}>
      <div className="log-toolbar">
        <strong className="log-title">{label}</strong>
        <span className="log-count">{count} lines</span>
        <button type="button" aria-pressed={!follow} onClick={toggleFollow} data-testid="log-follow">
          {follow ? 'Pause' : `Follow${pending ? ` (${pending} new)` : ''}`}
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
      </div>
      <div className="log-terminal" ref={host} />
    </section>
  );
}
