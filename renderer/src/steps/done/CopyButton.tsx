import { useState } from 'react';

/** Copies `text` to the clipboard and says so (for commands and paths on the Done step). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | ''>('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('yes');
    } catch {
      // No clipboard permission (an http page, a denied prompt): the text stays selectable.
      setCopied('no');
    }
    setTimeout(() => setCopied(''), 2000);
  };
  return (
    <button type="button" className="copy" onClick={() => void copy()} aria-label={`Copy ${label}`}>
      {copied === 'yes' ? 'Copied' : copied === 'no' ? 'Select and copy' : 'Copy'}
    </button>
  );
}
