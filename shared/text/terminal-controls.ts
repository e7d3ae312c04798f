/**
 * Text from a node (journal lines, kubeadm output) or Azure shown in a terminal: the xterm.js log
 * panes and the CLI's. A terminal acts on control codes inside text, so a remote line could erase
 * or overwrite lines, move the cursor, set the window title or plant hidden links. Both processes
 * strip them: main before a line is emitted, the renderer again before xterm.js writes it.
 *
 * Removed: every escape sequence in its 7-bit form (ESC ...) and its 8-bit C1 form (U+0080 to
 * U+009F; xterm.js honours CSI U+009B, OSC U+009D, DCS U+0090 and ST U+009C as ESC [, ESC ], ESC P
 * and ESC \), SGR colours included (Flatkube colours lines itself, by level), then any C0 or C1
 * control left, carriage return included. Tab and newline stay.
 */

/* eslint-disable no-control-regex */
// OSC, DCS, SOS, PM and APC carry a string up to BEL or ST (or the end of a cut-off line).
const STRING_SEQUENCE = /(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[\s\S]*?(?:\x07|\x1b\\|\x9c|$)/g;
// CSI: parameters, intermediates, final byte.
const CSI_SEQUENCE = /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]/g;
// Every other ESC sequence: intermediates and a final byte (ESC 7, ESC M, ESC c, ESC ( 0, ...).
const ESC_SEQUENCE = /\x1b[ -/]*[0-~]/g;
// What remains of C0 (but tab and newline), DEL and C1, e.g. an introducer without its end.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
/* eslint-enable no-control-regex */

export function stripTerminalControls(text: string): string {
  return text.replace(STRING_SEQUENCE, '').replace(CSI_SEQUENCE, '').replace(ESC_SEQUENCE, '').replace(CONTROL, '');
}
