import { stripTerminalControls } from '../../../../shared/text/terminal-controls';
import { REDACTED, redactSecrets } from '../../secrets/redact';

/* eslint-disable no-control-regex */
const HAS_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
/* eslint-enable no-control-regex */

/** What stands for a text whose secret the control codes around it would hide from the masking. */
export const WITHHELD = `${REDACTED} (text withheld: terminal control codes around a secret)`;

const masks = (text: string) => text.split(REDACTED).length - 1;

/**
 * A line from a node, Azure or an error as the engine emits it: terminal controls stripped, then
 * secrets masked. In this order, because a control code inside a token (abcdef<U+009B>.0123...)
 * would keep the redaction's pattern from matching and then vanish in the terminal.
 *
 * Stripping a sequence can take printable characters with it: a cut-off one right before a secret
 * (a lone ESC, a CSI without its final byte) eats the secret's first characters or its framing
 * ("--certificate-key") and leaves the rest unrecognisable. So text with controls is also looked
 * at with only the control characters taken out; when that shows a secret more than the stripped
 * text does, the whole text is withheld rather than risk showing the rest of one.
 */
export function logText(text: string): string {
  const shown = redactSecrets(stripTerminalControls(text));
  if (!HAS_CONTROL.test(text)) return shown;
  return masks(redactSecrets(text.replace(CONTROLS, ''))) > masks(shown) ? WITHHELD : shown;
}
