import { entropy, isPlaceholder } from '../placeholder';
import { DOCS, type Rule, matches, near } from '../rule';

// ---------- private keys ----------
export const privateKeyPem: Rule = {
  id: 'private-key-pem',
  provider: 'Generic',
  title: 'PEM private key',
  severity: 'error',
  message: 'A private key is committed in the source',
  remediation:
    'Move the key to a secret store (for Gr4vy: an account in Payment API Toolkit) and load it at run time; create a ' +
    'new key and revoke this one.',
  docs: `${DOCS}#private-key-pem`,
  anchor: /-----BEGIN/,
  *find(text, from, to) {
    for (const m of matches(/-----BEGIN ([A-Z0-9]{1,20} ){0,2}PRIVATE KEY-----/g, text, from, to)) {
      const endAt = text.indexOf('-----END', m.index + m[0].length);
      // An RSA 8192 key is about 6.5 KB of PEM; anything longer is not one block (and rescan margins rely on it).
      if (endAt < 0 || endAt - m.index > 12_000) continue;
      const body = text.slice(m.index + m[0].length, endAt).replace(/\\[rn]|[\s"'+,|>\\]/g, '');
      if (body.length < 64 || !/^[A-Za-z0-9+/=]+$/.test(body) || entropy(body) < 4) continue;
      const close = text.indexOf('-----', endAt + 8);
      const end = close < 0 ? endAt + 8 : close + 5;
      const kind = (m[1] ?? '').trim();
      const encrypted = kind === 'ENCRYPTED';
      yield {
        start: m.index,
        end,
        secret: body,
        severity: encrypted ? 'warning' : 'error',
        message: encrypted
          ? 'An encrypted private key is committed: its passphrase is all that protects it'
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
