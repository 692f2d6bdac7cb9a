import { entropy, isPlaceholder } from '../placeholder';
import { DOCS, type Rule, matches, near } from '../rule';

// ---------- private keys ----------
/** `-----BEGIN [RSA |EC |OPENSSH |ENCRYPTED |PGP ]PRIVATE KEY[ BLOCK]-----`. */
const PEM_HEADER = /-----BEGIN ((?:[A-Z0-9]{1,20} ){0,2})PRIVATE KEY( BLOCK)?-----/g;
const MAX_BLOCK = 12_000;
/** What code puts between the lines of a key kept in a string: escapes, quotes, concatenation, line separators. */
const STRING_GLUE = /System\.lineSeparator\(\)|Environment\.NewLine|os\.linesep|PHP_EOL|\\[rn]|[\s"'`+,|>\\.;]/g;
/** Armour headers inside a block: `Proc-Type: …`, `DEK-Info: …`, PGP `Version: …`, `Comment: …`. */
const ARMOUR_HEADER = /^[ \t"'`]*[A-Za-z][A-Za-z0-9-]{1,30}: [^\n]*/gm;

/** The base64 of a PEM or PGP block as written in any file: armour headers, glue and PGP checksum removed. */
function pemBodyOf(raw: string): string {
  const body = raw.replace(ARMOUR_HEADER, '').replace(/\\r\\n|\\n/g, '\n');
  // PGP armour ends with a checksum line: "=" and four base64 characters. One class for what may
  // follow it: two classes that both take spaces cost time quadratic in a run of spaces.
  return body.replace(/\n[ \t"'`]*=[A-Za-z0-9+/]{4}[\s"'`+,;]*$/, '').replace(STRING_GLUE, '');
}
export const privateKeyPem: Rule = {
  id: 'private-key-pem',
  provider: 'Generic',
  title: 'PEM private key',
  severity: 'error',
  message: 'A private key is committed in the source',
  remediation:
    'Move the key to a secret store (for an API signing key: an account in Payment API Toolkit) and load it at ' +
    'run time; create a new key and revoke this one.',
  docs: `${DOCS}#private-key-pem`,
  anchor: /-----BEGIN/,
  *find(text, from, to) {
    // The next END and BEGIN markers, found once and reused: headers with no END after them (a file
    // of repeated BEGIN lines) must not each search to the end of the text.
    let nextEnd = -2;
    let nextBegin = -2;
    for (const m of matches(PEM_HEADER, text, from, to)) {
      const bodyStart = m.index + m[0].length;
      if (nextEnd !== -1 && nextEnd < bodyStart) nextEnd = text.indexOf('-----END', bodyStart);
      if (nextBegin !== -1 && nextBegin < bodyStart) nextBegin = text.indexOf('-----BEGIN', bodyStart);
      const endAt = nextEnd;
      // An RSA 8192 key is about 6.5 KB of PEM; anything longer is not one block (and rescan margins rely on it).
      if (endAt < 0 || endAt - m.index > MAX_BLOCK) continue;
      // Another BEGIN line before the END: this body holds its dashes, so it is not base64. Only the
      // last header before an END is read, so many headers before one END cost one block, not one each.
      if (nextBegin !== -1 && nextBegin < endAt) continue;
      const raw = text.slice(bodyStart, endAt);
      const legacyEncrypted = /Proc-Type:\s*4,\s*ENCRYPTED/.test(raw);
      const body = pemBodyOf(raw);
      if (body.length < 64 || !/^[A-Za-z0-9+/=]+$/.test(body) || entropy(body) < 4) continue;
      const close = text.indexOf('-----', endAt + 8);
      const end = close < 0 || close - endAt > 80 ? endAt + 8 : close + 5;
      const kind = (m[1] ?? '').trim();
      const pgp = m[2] !== undefined;
      const encrypted = kind === 'ENCRYPTED' || legacyEncrypted;
      yield {
        start: m.index,
        end,
        secret: body,
        severity: encrypted ? 'warning' : 'error',
        message: encrypted
          ? 'An encrypted private key is committed: its passphrase is all that protects it'
          : pgp
            ? 'A PGP private key block is committed in the source'
            : `A ${kind ? `${kind} ` : ''}private key is committed in the source`,
      };
    }
  },
};

export const privateJwk: Rule = {
  id: 'private-key-jwk',
  provider: 'Generic',
  title: 'Private JWK',
  severity: 'error',
  message: 'A private JWK (with its "d" member) is committed in the source',
  remediation: privateKeyPem.remediation,
  docs: `${DOCS}#private-key-jwk`,
  anchor: /"kty"/,
  *find(text, from, to) {
    for (const m of matches(/"d"\s{0,3}:\s{0,3}"([A-Za-z0-9_-]{32,700})"/g, text, from, to)) {
      const secret = m[1] ?? '';
      const start = m.index + m[0].indexOf(secret);
      if (!near(text, start, start + secret.length, /"kty"\s{0,3}:/) || isPlaceholder(secret)) continue;
      yield { start, end: start + secret.length, secret };
    }
  },
};
