import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabItem<T extends string> {
  id: T;
  label: ReactNode;
}

const tabId = (idBase: string, id: string) => `${idBase}-tab-${id}`;
const panelId = (idBase: string) => `${idBase}-panel`;

/**
 * A tab list after the WAI-ARIA tabs pattern (https://www.w3.org/WAI/ARIA/apg/patterns/tabs/):
 * role=tablist/tab, aria-selected, one Tab stop (roving tabindex: only the selected tab is in the
 * Tab order), Left/Right arrows move to the previous/next tab (wrapping), Home/End to the first and
 * last; a tab is selected when it gets focus (automatic activation). Its panel is TabPanel.
 */
export function TabList<T extends string>({ label, idBase, tabs, selected, onSelect, className = 'tabs' }: { label: string; idBase: string; tabs: readonly TabItem<T>[]; selected: T; onSelect(id: T): void; className?: string }) {
  const refs = useRef(new Map<string, HTMLButtonElement>());
  const move = (e: KeyboardEvent, from: number) => {
    const last = tabs.length - 1;
    const to = e.key === 'ArrowRight' ? (from === last ? 0 : from + 1) : e.key === 'ArrowLeft' ? (from === 0 ? last : from - 1) : e.key === 'Home' ? 0 : e.key === 'End' ? last : -1;
    const tab = tabs[to];
    if (!tab) return;
    e.preventDefault();
    onSelect(tab.id);
    refs.current.get(tab.id)?.focus();
  };
  return (
    <div className={className} role="tablist" aria-label={label}>
      {tabs.map((t, i) => (
        <button
          key={t.id}
          ref={(el) => {
            if (el) refs.current.set(t.id, el);
            else refs.current.delete(t.id);
          }}
          type="button"
          role="tab"
          id={tabId(idBase, t.id)}
          aria-selected={t.id === selected}
          aria-controls={panelId(idBase)}
          tabIndex={t.id === selected ? 0 : -1}
          onClick={() => onSelect(t.id)}
          onKeyDown={(e) => move(e, i)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

/** The panel of a TabList (one panel whose content follows the selected tab). */
export function TabPanel({ idBase, selected, children, className, ...rest }: { idBase: string; selected: string; children: ReactNode; className?: string; 'data-testid'?: string }) {
  return (
    <div role="tabpanel" id={panelId(idBase)} aria-labelledby={tabId(idBase, selected)} className={className} {...rest}>
      {children}
    </div>
  );
}
