import { useState } from 'react';
import type { ChecklistItem } from '../../../shared/ipc/channels/azure';

const LABEL: Record<ChecklistItem['status'], string> = { pass: 'Passed', fail: 'Blocks creation', warn: 'Warning', unknown: 'Not checked' };
const MARK: Record<ChecklistItem['status'], string> = { pass: '✓', fail: '✗', warn: '!', unknown: '?' };

/**
 * The first real run checklist (real Azure only; preflight answers it with its findings): each
 * check on one line, passed or not, with what it found and the `az` command that fixes it.
 */
export function FirstRunChecklist({ items, onRecheck }: { items: ChecklistItem[]; onRecheck?: () => void }) {
  const [copied, setCopied] = useState('');
  return (
    <div data-testid="first-run-checklist">
      <h3>First real run checklist</h3>
      <ul className="checklist" style={{ listStyle: 'none', paddingLeft: 0 }}>
        {items.map((item) => (
          <li key={item.id} className={`finding ${item.status === 'fail' ? 'error' : item.status === 'pass' ? 'info' : 'warning'}`} data-check={item.id} data-status={item.status}>
            <strong>
              <span aria-hidden="true">{MARK[item.status]}</span> {item.title}
            </strong>{' '}
            <span className="label">({LABEL[item.status]})</span>
            <div>{item.detail}</div>
            {item.command && (
              <div className="row">
                <span className="label">Run: </span>
                <code data-testid={`command-${item.id}`}>{item.command}</code>
                <button
                  type="button"
                  onClick={() =>
                    void navigator.clipboard?.writeText(item.command!).then(
                      () => setCopied(item.id),
                      () => setCopied(''),
                    )
                  }
                >
                  {copied === item.id ? 'Copied' : 'Copy'}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {onRecheck && (
        <button type="button" onClick={onRecheck}>
          Check again
        </button>
      )}
    </div>
  );
}
