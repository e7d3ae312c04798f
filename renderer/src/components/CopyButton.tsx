import { useEffect, useState } from 'react';

/**
 * Copies a command (an `az` equivalent, a kubectl line) to the clipboard and says so. Where the
 * clipboard is refused (no secure context, no permission) it says to select the text instead.
 */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [said, setSaid] = useState('');
  useEffect(() => {
    if (!said) return;
    const t = setTimeout(() => setSaid(''), 2500);
    return () => clearTimeout(t);
  }, [said]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setSaid('Copied');
    } catch {
      setSaid('Could not copy: select the text instead');
    }
  };
  return (
    <span className="copy">
      <button type="button" className="copy-button" aria-label={label} onClick={() => void copy()}>
        Copy
      </button>
      <span role="status" className="copy-status">
        {said}
      </span>
    </span>
  );
}
