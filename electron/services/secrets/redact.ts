/**
 * Masks secrets in free text before it is logged, shown or exported. Used on SSH output, SDK
 * errors and journals. Best effort by pattern: it cannot know every secret, so callers still must
 * not log secrets on purpose; this is the safety net for the ones that slip into text.
 */

export const REDACTED = '[REDACTED]';

interface Rule {
  pattern: RegExp;
  replace: (match: string, ...groups: string[]) => string;
}

const RULES: Rule[] = [
  {
    // OpenSSH / PEM private key blocks (RSA, EC, DSA, OPENSSH, ENCRYPTED, PKCS8). An unterminated
    // block (cut-off log) is masked to the end of the text rather than leaked.
    pattern: /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g,
    replace: (_m, label) => `-----BEGIN ${label}-----${REDACTED}-----END ${label}-----`,
  },
  {
    // The same block URL-encoded, as in an Ignition "data:," source (host keys for nodes).
    pattern: /-----BEGIN(%20|\+)([A-Z0-9%+]*PRIVATE(?:%20|\+)KEY)-----[\s\S]*?(?:-----END(?:%20|\+)[A-Z0-9%+]*PRIVATE(?:%20|\+)KEY-----|(?=["'\s])|$)/g,
    replace: (_m, sep, label) => `-----BEGIN${sep}${label}-----${REDACTED}-----END${sep}${label}-----`,
  },
  {
    // The same block base64-encoded ("data:;base64,LS0tLS1CRUdJTi..."): "-----BEGIN" in base64
    // starts with LS0tLS1CRUdJTi. Decode to mask only private keys, not certificates.
    pattern: /LS0tLS1CRUdJTi[A-Za-z0-9+/]+={0,2}/g,
    replace: (m) => (/PRIVATE KEY-----/.test(Buffer.from(m, 'base64').toString('latin1')) ? REDACTED : m),
  },
  {
    // Authorization header values: "Bearer <token>".
    pattern: /\b(Bearer)\s+[A-Za-z0-9\-._~+/]+=*/gi,
    replace: (_m, word) => `${word} ${REDACTED}`,
  },
  {
    // JWTs (access/ID tokens): base64url header starting with '{"' (eyJ), payload, signature.
    pattern: /\beyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*/g,
    replace: () => REDACTED,
  },
  {
    // kubeadm bootstrap tokens (abcdef.0123456789abcdef): they let anyone join the cluster.
    pattern: /\b[a-z0-9]{6}\.[a-z0-9]{16}\b/g,
    replace: () => REDACTED,
  },
  {
    // kubeadm --certificate-key: decrypts the uploaded control-plane certificates.
    pattern: /(--certificate-key[=\s]+)[a-f0-9]{64}\b/gi,
    replace: (_m, prefix) => `${prefix}${REDACTED}`,
  },
  {
    // The same key as `kubeadm init --upload-certs` prints it: "[upload-certs] Using certificate
    // key:" and the key alone on the next line, unless told --skip-certificate-key-print ("Don't
    // print the key used to encrypt the control-plane certificates": kubernetes/website
    // content/en/docs/reference/setup-tools/kubeadm/generated/kubeadm_init_phase_upload-certs.md;
    // Flatkube passes that flag, this is the net under it), and as `certificateKey:` in a kubeadm
    // config (InitConfiguration/JoinConfiguration). A line
    // that is nothing but 64 hex digits is masked whatever came before it: the line before may
    // arrive in another chunk, and a bare digest on its own line is a small loss.
    pattern: /(^[ \t]*)[a-f0-9]{64}([ \t]*\r?$)/gim,
    replace: (_m, lead, trail) => `${lead}${REDACTED}${trail}`,
  },
  {
    pattern: /(["']?certificate[-_]?key["']?\s*[:=]\s*["']?)[a-f0-9]{64}\b/gi,
    replace: (_m, prefix) => `${prefix}${REDACTED}`,
  },
  {
    // Named secret fields in JSON ("refresh_token": "...") and query/form strings (client_secret=...).
    // Last: its value runs up to a delimiter, so it could swallow the framing ("--certificate-key")
    // another rule needs to find a secret right behind it.
    // A quoted value is masked to its closing quote (JSON escapes included), so a password with
    // spaces, commas or braces goes whole; unterminated (a cut-off line), to the end of the line.
    pattern:
      /(["']?\b(?:access_token|refresh_token|id_token|client_secret|password|passphrase|secret)\b["']?\s*[:=]\s*)("(?:[^"\\\n]|\\.)*"?|'[^'\n]*'?|[^"'&\s,}]+)/gi,
    replace: (_m, prefix, value) => {
      const quote = value[0] === '"' || value[0] === "'" ? value[0] : '';
      const closed = quote !== '' && value.length > 1 && value.endsWith(quote);
      return `${prefix}${quote}${REDACTED}${closed ? quote : ''}`;
    },
  },
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const rule of RULES) {
    out = out.replace(rule.pattern, rule.replace as (substring: string, ...args: unknown[]) => string);
  }
  return out;
}
