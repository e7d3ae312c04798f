import { stripTerminalControls } from '../../../../shared/text/terminal-controls';
import { redactSecrets } from '../../secrets/redact';

/**
 * A line from a node, Azure or an error as the engine emits it: terminal controls stripped, then
 * secrets masked. In this order, because a control code inside a token (abcdef<U+009B>.0123...)
 * would keep the redaction's pattern from matching and then vanish in the terminal.
 */
export function logText(text: string): string {
  return redactSecrets(stripTerminalControls(text));
}
