/**
 * Property tests of the redaction safety net (fast-check): a generated secret of every kind
 * redact.ts names, framed the way it shows up in practice (a kubeadm command line, an HTTP
 * header, a JSON body, a form body, an Ignition data URL, a kubeconfig) and set into arbitrary
 * text, never survives redactSecrets, nor logText (which strips terminal controls first), not even
 * with terminal control sequences inside the secret or around it.
 *
 * "Survives" is judged on the secret's own random part: no 10-character window of it may be left
 * in the output. The framing (BEGIN/END lines, field names, "Bearer") is not secret.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { logText } from '../../../electron/services/cluster/engine/log-text';
import { redactSecrets } from '../../../electron/services/secrets/redact';
import { propertyOptions } from '../../helpers/property';

interface Secret {
  kind: string;
  /** The secret in its framing, as it appears in the text. */
  text: string;
  /** The random parts, as they appear in `text`, that must not survive. */
  sensitive: string[];
}

const WINDOW = 10;

/** The first window of a sensitive part still in `out`, if any. */
function leakedWindow(out: string, secret: Secret): string | undefined {
  for (const part of secret.sensitive) {
    if (part.length < WINDOW) throw new Error(`sensitive part too short to judge: ${part}`);
    for (let i = 0; i + WINDOW <= part.length; i++) {
      const w = part.slice(i, i + WINDOW);
      if (out.includes(w)) return w;
    }
  }
  return undefined;
}

// ---- Secrets ------------------------------------------------------------------------------------

const b64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');
const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
const lowerAlnum = (n: number) => fc.stringMatching(new RegExp(`^[a-z0-9]{${n}}$`));

const bootstrapToken: fc.Arbitrary<Secret> = fc
  .record({
    id: lowerAlnum(6),
    secret: lowerAlnum(16),
    frame: fc.constantFrom('--token %s', '--token=%s', 'token: %s', '"token":"%s"', '%s', 'kubeadm join 10.0.0.4:6443 --token %s --discovery-token-ca-cert-hash sha256:ab'),
  })
  .map(({ id, secret, frame }) => ({ kind: 'bootstrap token', text: frame.replace('%s', `${id}.${secret}`), sensitive: [secret] }));

const certificateKey: fc.Arbitrary<Secret> = fc
  .record({ key: fc.stringMatching(/^[a-f0-9]{64}$/), eq: fc.constantFrom(' ', '=', '  '), flag: fc.constantFrom('--certificate-key', '--CERTIFICATE-KEY') })
  .map(({ key, eq, flag }) => ({ kind: 'certificate key', text: `${flag}${eq}${key}`, sensitive: [key] }));

const jwt: fc.Arbitrary<Secret> = fc
  .record({
    alg: fc.constantFrom('RS256', 'ES256', 'HS256', 'PS512'),
    kid: fc.option(fc.string({ minLength: 1, maxLength: 20 }), { nil: undefined }),
    claims: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.oneof(fc.string({ maxLength: 30 }), fc.integer()), { minKeys: 1, maxKeys: 6 }),
    sig: bytes(16, 256),
    frame: fc.constantFrom('%s', 'access_token=%s', '"id_token": "%s"', 'token %s', 'Authorization: Bearer %s', '?token=%s&x=1'),
  })
  .map(({ alg, kid, claims, sig, frame }) => {
    const header = b64url(JSON.stringify({ alg, typ: 'JWT', ...(kid ? { kid } : {}) }));
    const payload = b64url(JSON.stringify({ ...claims, oid: 'x' })); // long enough to judge
    const signature = b64url(sig);
    return { kind: 'JWT', text: frame.replace('%s', `${header}.${payload}.${signature}`), sensitive: [payload, signature] };
  });

const bearer: fc.Arbitrary<Secret> = fc
  .record({
    word: fc.constantFrom('Bearer', 'bearer', 'BEARER'),
    space: fc.constantFrom(' ', '  ', '\t'),
    token: fc.stringMatching(/^[A-Za-z0-9\-._~+/]{12,80}={0,2}$/),
    frame: fc.constantFrom('Authorization: %s', '"authorization":"%s"', "-H 'Authorization: %s'", '%s'),
  })
  .map(({ word, space, token, frame }) => ({ kind: 'Bearer', text: frame.replace('%s', `${word}${space}${token}`), sensitive: [token.replace(/=+$/, '')] }));

const FIELD_NAMES = ['access_token', 'refresh_token', 'id_token', 'client_secret', 'password', 'passphrase', 'secret'];
/** Any JSON string value: spaces, commas, braces, quotes, backslashes, non-ASCII, controls. */
const jsonValue = fc.string({ unit: fc.oneof(fc.constantFrom(' ', ',', '}', '"', "'", '\\', '&', ':', '\n', 'é', '€', '\u{1F511}'), fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme-ascii' })), minLength: 12, maxLength: 60 });
const namedField: fc.Arbitrary<Secret> = fc
  .record({
    name: fc.constantFrom(...FIELD_NAMES).chain((n) => fc.constantFrom(n, n.toUpperCase(), n[0]!.toUpperCase() + n.slice(1))),
    value: jsonValue,
    style: fc.constantFrom('json', 'json-compact', 'form', 'single-quoted'),
  })
  .map(({ name, value, style }) => {
    switch (style) {
      case 'json':
      case 'json-compact': {
        const v = JSON.stringify(value);
        return { kind: `${style} field`, text: `{"a":1,${JSON.stringify(name)}:${style === 'json' ? ' ' : ''}${v},"b":2}`, sensitive: [v.slice(1, -1)] };
      }
      case 'form': {
        // application/x-www-form-urlencoded, as OAuth token requests send it.
        const v = new URLSearchParams({ v: value }).toString().slice(2);
        return { kind: 'form field', text: `grant_type=x&${name}=${v}&scope=y`, sensitive: [v] };
      }
      default: {
        // A single-quoted value as in Python's repr of a dict: no single quote inside.
        const v = value.replace(/['\\\n]/g, 'x');
        return { kind: 'quoted field', text: `{'${name}': '${v}'}`, sensitive: [v] };
      }
    }
  });

const PEM_LABELS = ['RSA PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'PRIVATE KEY'];
const pem = fc
  .record({ label: fc.constantFrom(...PEM_LABELS), body: bytes(40, 1200), width: fc.constantFrom(64, 70, 76), eol: fc.constantFrom('\n', '\r\n'), trailingEol: fc.boolean() })
  .map(({ label, body, width, eol, trailingEol }) => {
    const b64 = Buffer.from(body).toString('base64');
    const lines = b64.match(new RegExp(`.{1,${width}}`, 'g'))!;
    const text = `-----BEGIN ${label}-----${eol}${lines.join(eol)}${eol}-----END ${label}-----${trailingEol ? eol : ''}`;
    return { text, lines: lines.filter((l) => l.length >= WINDOW) };
  });

const privateKey: fc.Arbitrary<Secret> = fc
  .record({ key: pem, encoding: fc.constantFrom('raw', 'uri', 'form', 'base64', 'data-url', 'kubeconfig') })
  .map(({ key, encoding }) => {
    switch (encoding) {
      case 'raw':
        return { kind: 'PEM', text: key.text, sensitive: key.lines };
      case 'uri':
      case 'form': {
        // Ignition's "data:," source (percent-encoded), or a form body (spaces as '+').
        const encode = encoding === 'uri' ? encodeURIComponent : (s: string) => new URLSearchParams({ k: s }).toString().slice(2);
        const text = encode(key.text);
        return { kind: `PEM ${encoding}-encoded`, text: encoding === 'uri' ? `{"source":"data:,${text}"}` : `key=${text}&x=1`, sensitive: key.lines.map(encode).filter((l) => l.length >= WINDOW) };
      }
      default: {
        const b64 = Buffer.from(key.text).toString('base64');
        const text = encoding === 'base64' ? b64 : encoding === 'data-url' ? `{"source":"data:;base64,${b64}"}` : `users:\n- name: admin\n  user:\n    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==\n    client-key-data: ${b64}\n`;
        // The middle: the start ("-----BEGIN ...") and the end ("-----END ...") are framing, and
        // the certificate next to it in a kubeconfig starts the same way.
        return { kind: `PEM ${encoding}`, text, sensitive: [b64.slice(64, -64)] };
      }
    }
  });

const anySecret = fc.oneof(bootstrapToken, certificateKey, jwt, bearer, namedField, privateKey);

// ---- Text around them ---------------------------------------------------------------------------

/** Arbitrary text: printable ASCII, newlines and tabs, non-ASCII (and, for logText, controls). */
const filler = (withControls: boolean) =>
  fc.string({
    unit: fc.oneof(
      { arbitrary: fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme-ascii' }), weight: 8 },
      { arbitrary: fc.constantFrom('\n', '\t', ' ', 'é', '日', '\u{1F600}'), weight: 2 },
      // Whole sequences, and introducers left alone (a cut-off sequence right before the secret).
      { arbitrary: withControls ? fc.constantFrom('\x1b[31m', '\x1b[0m', '\x9b2K', '\x07', '\r', '\x85', '\x1b]0;t\x07', '\x9d8;;http://x\x9c', '\x1b', '\x1b[', '\x9b', '\x1b(', '\x9b1;') : fc.constant(' '), weight: 1 },
    ),
    maxLength: 80,
  });
/** What sets a secret apart from the text around it (a secret glued to other words is not one). */
const separator = fc.constantFrom(' ', '\n', '\t', '"', "'", '(', ')', '[', ']', '{', '}', '<', '>', ',', ';', '|', ': ', '= ', '\r\n');

const embedded = (withControls: boolean) =>
  fc.record({ before: filler(withControls), left: separator, secret: anySecret, right: separator, after: filler(withControls) }).map((r) => ({
    ...r,
    text: `${r.before}${r.left}${r.secret.text}${r.right}${r.after}`,
  }));

/** Complete terminal control sequences, as a colouring tool or a hostile node puts them in text. */
const controlSequence = fc.constantFrom('\x1b[1m', '\x1b[38;5;208m', '\x1b[0m', '\x9b31m', '\x9b2K', '\x1b]8;;https://e.example\x1b\\', '\x9d0;title\x07', '\x90q\x9c', '\x1b7', '\x1bM', '\x85', '\x00', '\r', '\x7f');

// ---- Properties ---------------------------------------------------------------------------------

const explain = (secret: Secret, input: string, out: string, w: string) => `${secret.kind}: "${w}" survived\ninput:  ${JSON.stringify(input)}\noutput: ${JSON.stringify(out)}`;

describe('redaction never lets a generated secret through (fast-check)', () => {
  it('redactSecrets: a secret of any kind, framed as in practice, set into arbitrary text', () => {
    fc.assert(
      fc.property(embedded(false), ({ secret, text }) => {
        const out = redactSecrets(text);
        const w = leakedWindow(out, secret);
        assert.equal(w, undefined, w && explain(secret, text, out, w));
      }),
      propertyOptions(300),
    );
  });

  it('redactSecrets: several secrets in one text, none survives', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(filler(false), separator, anySecret, separator), { minLength: 2, maxLength: 5 }), (parts) => {
        const text = parts.map(([f, l, s, r]) => `${f}${l}${s.text}${r}`).join('');
        const out = redactSecrets(text);
        for (const [, , secret] of parts) {
          const w = leakedWindow(out, secret);
          assert.equal(w, undefined, w && explain(secret, text, out, w));
        }
      }),
      propertyOptions(100),
    );
  });

  it('redactSecrets is idempotent and leaves text without secrets alone', () => {
    fc.assert(
      fc.property(embedded(false), ({ text }) => {
        const once = redactSecrets(text);
        assert.equal(redactSecrets(once), once);
      }),
      propertyOptions(100),
    );
    // Filler has no secret-shaped words: redaction must not touch it (no false positives there).
    fc.assert(
      fc.property(filler(false), (text) => {
        fc.pre(!/eyJ|LS0tLS1CRUdJTi|-----BEGIN|bearer|token|secret|password|passphrase|certificate-key/i.test(text));
        fc.pre(!/\b[a-z0-9]{6}\.[a-z0-9]{16}\b/.test(text));
        assert.equal(redactSecrets(text), text);
      }),
      propertyOptions(100),
    );
  });

  it('logText: the same, with terminal controls in the text around the secret', () => {
    fc.assert(
      fc.property(embedded(true), ({ secret, text }) => {
        const out = logText(text);
        const w = leakedWindow(out, secret);
        assert.equal(w, undefined, w && explain(secret, text, out, w));
      }),
      propertyOptions(300),
    );
  });

  it('logText: terminal control sequences inside the secret do not hide it from the redaction', () => {
    const withControls = fc
      .record({ e: embedded(false), cuts: fc.array(fc.tuple(fc.nat(), controlSequence), { minLength: 1, maxLength: 6 }) })
      .map(({ e, cuts }) => {
        // Insert complete sequences at random places of the framed secret (never into each other,
        // nor into a JSON escape, where the text would no longer be JSON).
        const original = e.secret.text;
        const at = new Map<number, string>();
        for (const [n, seq] of cuts) {
          const i = n % (original.length + 1);
          if (original[i - 1] !== '\\') at.set(i, seq);
        }
        let s = '';
        for (let i = 0; i <= original.length; i++) s += (at.get(i) ?? '') + (original[i] ?? '');
        return { secret: e.secret, text: `${e.before}${e.left}${s}${e.right}${e.after}` };
      });
    fc.assert(
      fc.property(withControls, ({ secret, text }) => {
        const out = logText(text);
        const w = leakedWindow(out, secret);
        assert.equal(w, undefined, w && explain(secret, text, out, w));
      }),
      propertyOptions(200),
    );
  });
});
