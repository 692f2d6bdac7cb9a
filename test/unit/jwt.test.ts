import assert from 'node:assert/strict';
import {
  type KeyObject,
  createPrivateKey,
  generateKeyPairSync,
  sign as nodeSign,
  verify as nodeVerify,
} from 'node:crypto';
import { before, describe, it } from 'node:test';
import { readSigningKey, type SigningKey } from '../../src/core/keys/privateKey';
import { decodeJwt, JWT_PATTERN } from '../../src/core/jwt/decode';
import { explainJwt, formatDuration } from '../../src/core/jwt/explain';
import { parseDuration } from '../../src/core/jwt/claimInput';
import { resignGr4vyToken, signGr4vyToken, toEmbedClaim } from '../../src/core/providers/gr4vy/token';
import { verifyJwt } from '../../src/core/jwt/verify';
import { readVerificationKey } from '../../src/core/keys/publicKey';
import { independentThumbprint, p521Key, pemLabel } from './fixtures';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** An unsigned-looking token from parts, with a signature of `sigBytes` random-ish bytes. */
function token(header: Record<string, unknown>, payload: Record<string, unknown>, sigBytes = 132): string {
  return `${b64(header)}.${b64(payload)}.${Buffer.alloc(sigBytes, 7).toString('base64url')}`;
}
const NOW = new Date('2026-11-23T12:00:00Z');
const T = NOW.getTime() / 1000;
const gr4vyClaims = (extra: Record<string, unknown> = {}) => ({
  iss: 'x',
  nbf: T - 5,
  iat: T - 5,
  exp: T + 25,
  jti: '6f1c2a9e-6a55-4b11-9a55-0d5c0e1b2c3d',
  scopes: ['*.read'],
  ...extra,
});
const codes = (t: string, opts = {}) => explainJwt(decodeJwt(t), { now: NOW, ...opts }).map((n) => n.code);

/** Verifies ES512 with node:crypto alone: base64url parts, SHA-512, P1363 signature. */
function independentVerify(jwt: string, publicKey: KeyObject): boolean {
  const [h, p, s] = jwt.split('.') as [string, string, string];
  return nodeVerify(
    'sha512',
    Buffer.from(`${h}.${p}`),
    { key: publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(s, 'base64url'),
  );
}

describe('decodeJwt', () => {
  const t = token({ alg: 'ES512', typ: 'JWT' }, { sub: 'x' });
  it('decodes header, payload and signature length; tolerates Bearer, quotes and line breaks', () => {
    const d = decodeJwt(`  Bearer ${t.slice(0, 20)}\n${t.slice(20)}  `);
    assert.deepEqual(d.header, { alg: 'ES512', typ: 'JWT' });
    assert.deepEqual(d.payload, { sub: 'x' });
    assert.equal(d.signatureLength, 132);
    assert.equal(decodeJwt(`"${t}"`).token, t);
    assert.equal(decodeJwt(`Authorization: Bearer ${t}`).token, t);
  });
  const bad: [string, string, RegExp][] = [
    ['empty', ' ', /no token/],
    ['one part', 'abc', /three parts separated by dots; this has one/],
    ['two parts', `${b64({ alg: 'x' })}.${b64({})}`, /this has 2/],
    ['a JWE', 'a.b.c.d.e', /encrypted JWE/],
    [
      'standard base64',
      t.replace(/^eyJ/, 'ey+'),
      /header \(part 1\) is not base64url: it contains "\+" \(standard base64/,
    ],
    ['padding', `${b64({ alg: 'ES512' })}=.${b64({})}.sig`, /padding/],
    [
      'payload not JSON',
      `${b64({ alg: 'ES512' })}.${Buffer.from('not json').toString('base64url')}.sig`,
      /payload \(part 2\) is not JSON/,
    ],
    ['header an array', `${b64([1])}.${b64({})}.sig`, /header \(part 1\) is JSON but not an object/],
    ['no alg', `${b64({ typ: 'JWT' })}.${b64({})}.sig`, /no "alg"/],
  ];
  for (const [name, input, re] of bad)
    it(`refuses ${name} with a precise reason`, () => assert.throws(() => decodeJwt(input), re));
  it('JWT_PATTERN finds tokens in text, linearly', () => {
    const text = `const a = "${t}"; // and eyJnotatoken`;
    assert.deepEqual(text.match(JWT_PATTERN), [t]);
    const evil = `eyJ${'a'.repeat(50_000)}.eyJ${'a'.repeat(50_000)}`;
    const t0 = performance.now();
    evil.match(JWT_PATTERN);
    assert.ok(performance.now() - t0 < 500);
  });
});

describe('explainJwt notes', () => {
  it('a good Gr4vy token has no notes', () =>
    assert.deepEqual(codes(token({ alg: 'ES512', typ: 'JWT', kid: 'k' }, gr4vyClaims())), []));
  const cases: [string, Record<string, unknown>, Record<string, unknown>, string, RegExp, number?][] = [
    ['alg none', { alg: 'none' }, { exp: T + 10 }, 'alg-none', /unsigned/, 0],
    [
      'expired, with how long',
      { alg: 'ES512', kid: 'k' },
      gr4vyClaims({ exp: T - 300 }),
      'expired',
      /Expired 5 min ago/,
    ],
    [
      'not yet valid, with how long',
      { alg: 'ES512', kid: 'k' },
      gr4vyClaims({ nbf: T + 24 }),
      'not-yet-valid',
      /Not valid for another 24 s/,
    ],
    [
      'exp in milliseconds',
      { alg: 'ES512', kid: 'k' },
      gr4vyClaims({ exp: (T + 30) * 1000 }),
      'exp-milliseconds',
      /milliseconds, JWT times are seconds/,
    ],
    [
      'nbf in milliseconds',
      { alg: 'ES512', kid: 'k' },
      gr4vyClaims({ nbf: T * 1000 }),
      'nbf-milliseconds',
      /milliseconds/,
    ],
    [
      'iat in milliseconds',
      { alg: 'ES512', kid: 'k' },
      gr4vyClaims({ iat: T * 1000 }),
      'iat-milliseconds',
      /milliseconds/,
    ],
    [
      'a lifetime over the maximum',
      { alg: 'ES512', kid: 'k' },
      gr4vyClaims({ exp: T + 86_400 }),
      'long-lifetime',
      /Lives 1 day, longer than the 1 h/,
    ],
    ['missing jti', { alg: 'ES512', kid: 'k' }, gr4vyClaims({ jti: undefined }), 'no-jti', /unique id/],
    ['missing scopes', { alg: 'ES512', kid: 'k' }, gr4vyClaims({ scopes: [] }), 'no-scopes', /empty/],
    [
      'an unknown resource (warning)',
      { alg: 'ES512', kid: 'k' },
      gr4vyClaims({ scopes: ['byers.read'] }),
      'scope-unknown-resource',
      /"byers" is not a resource/,
    ],
    [
      'a malformed scope',
      { alg: 'ES512', kid: 'k' },
      gr4vyClaims({ scopes: ['buyers'] }),
      'scope-invalid',
      /not a scope/,
    ],
    [
      'write without read',
      { alg: 'ES512', kid: 'k' },
      gr4vyClaims({ scopes: ['buyers.write'] }),
      'write-without-read',
      /does not include reading buyers/,
    ],
    [
      'an embed token with write scopes',
      { alg: 'ES512', kid: 'k' },
      gr4vyClaims({ scopes: ['embed', 'transactions.write', 'transactions.read'], embed: { amount: 1 } }),
      'embed-with-write',
      /carries write scopes: transactions\.write/,
    ],
    [
      'embed without the embed scope',
      { alg: 'ES512', kid: 'k' },
      gr4vyClaims({ embed: { amount: 1 } }),
      'embed-without-scope',
      /lacks the "embed" scope/,
    ],
    [
      'a DER-sized ES512 signature',
      { alg: 'ES512', kid: 'k' },
      gr4vyClaims(),
      'signature-length',
      /132 bytes.*this one is 139: probably DER/,
      139,
    ],
    ['missing kid on a Gr4vy token', { alg: 'ES512' }, gr4vyClaims(), 'no-kid', /key id/],
    [
      'a Gr4vy token signed with an algorithm Gr4vy does not accept',
      { alg: 'ES256', kid: 'k' },
      gr4vyClaims(),
      'alg-not-accepted',
      /ES256: Gr4vy accepts ES512 \(ECDSA P-521\) or RS512/,
      64,
    ],
  ];
  for (const [name, header, payload, code, re, sig] of cases) {
    it(name, () => {
      const notes = explainJwt(decodeJwt(token(header, payload, sig ?? 132)), { now: NOW });
      const n = notes.find((x) => x.code === code);
      assert.ok(n, `no ${code} note in ${JSON.stringify(notes)}`);
      assert.match(n.message, re);
    });
  }
  it('an RS512 Gr4vy token (an RSA key) draws no algorithm note', () => {
    const notes = explainJwt(decodeJwt(token({ alg: 'RS512', kid: 'k', typ: 'JWT' }, gr4vyClaims(), 256)), {
      now: NOW,
    });
    assert.deepEqual(
      notes.filter((n) => n.code.startsWith('alg')),
      [],
    );
  });
  it('unknown resources are warnings, not errors; *.write without *.read is flagged', () => {
    const notes = explainJwt(
      decodeJwt(token({ alg: 'ES512', kid: 'k' }, gr4vyClaims({ scopes: ['payoutz.read', '*.write'] }))),
      { now: NOW },
    );
    assert.equal(notes.find((n) => n.code === 'scope-unknown-resource')?.severity, 'warning');
    assert.ok(notes.some((n) => n.code === 'write-without-read'));
  });
  it('the lifetime limit is configurable', () => {
    const t = token({ alg: 'ES512', kid: 'k' }, gr4vyClaims({ exp: T + 7200 }));
    assert.ok(codes(t).includes('long-lifetime'));
    assert.ok(!codes(t, { maxLifetimeSeconds: 86_400 }).includes('long-lifetime'));
  });
  it('alg that does not fit the key, and a kid that is not its thumbprint', () => {
    const key = { algorithms: ['ES512'], thumbprint: 'right', description: 'EC P-521 key' };
    const c = codes(token({ alg: 'RS256', kid: 'wrong' }, gr4vyClaims()), { key });
    assert.ok(c.includes('alg-key-mismatch'));
    assert.ok(c.includes('kid-mismatch'));
  });
  it('notes come most severe first; durations read well', () => {
    const notes = explainJwt(
      decodeJwt(token({ alg: 'ES512', kid: 'k' }, gr4vyClaims({ exp: T - 10, scopes: ['byers.read'] }))),
      { now: NOW },
    );
    assert.equal(notes[0]?.severity, 'error');
    assert.equal(formatDuration(24), '24 s');
    assert.equal(formatDuration(3 * 3600 + 1200), '3 h 20 min');
  });
});

describe('signing Gr4vy tokens', () => {
  let k: ReturnType<typeof p521Key>;
  let key: SigningKey;
  before(async () => {
    k = p521Key({ leadingZero: true });
    key = await readSigningKey(k.pkcs8);
  });

  it('signs as the SDKs do; an independent node:crypto verifier accepts it', async () => {
    const jwt = await signGr4vyToken(key, { now: () => NOW });
    const d = decodeJwt(jwt);
    assert.deepEqual(d.header, { typ: 'JWT', alg: 'ES512', kid: independentThumbprint(k.x, k.y) });
    assert.equal(d.signatureLength, 132);
    assert.ok(independentVerify(jwt, k.publicKey));
    assert.deepEqual(d.payload.scopes, ['*.read', '*.write']);
    assert.equal(d.payload.nbf, T);
    assert.equal(d.payload.iat, T);
    assert.equal(d.payload.exp, T + 30);
    assert.match(String(d.payload.jti), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(String(d.payload.iss), /^payment-api-toolkit\//);
    assert.deepEqual(explainJwt(d, { now: NOW }), []);
    assert.notEqual(decodeJwt(await signGr4vyToken(key)).payload.jti, d.payload.jti);
  });

  it('embed tokens: embed scope, one hour, snake_case keys except metadata and connection_options', async () => {
    const embed = {
      amount: 1299,
      currency: 'USD',
      buyerExternalIdentifier: 'user-1',
      metadata: { orderRef: 'A1' },
      cartItems: [{ unitAmount: 5, productUrl: 'u' }],
      connectionOptions: { 'stripe-card': { stripeConnect: true } },
    };
    const d = decodeJwt(await signGr4vyToken(key, { embed, checkoutSessionId: 'cs-1', now: () => NOW }));
    assert.deepEqual(d.payload.scopes, ['embed']);
    assert.equal(d.payload.exp, T + 3600);
    assert.equal(d.payload.checkout_session_id, 'cs-1');
    assert.deepEqual(d.payload.embed, {
      amount: 1299,
      currency: 'USD',
      buyer_external_identifier: 'user-1',
      metadata: { orderRef: 'A1' },
      cart_items: [{ unit_amount: 5, product_url: 'u' }],
      connection_options: { 'stripe-card': { stripeConnect: true } },
    });
    assert.deepEqual(toEmbedClaim({ merchantAccountId: 'm' }), { merchant_account_id: 'm' });
  });

  it('re-signs an expired token keeping scopes, embed and session id', async () => {
    const old = await signGr4vyToken(key, {
      scopes: ['embed'],
      embed: { amount: 5 },
      checkoutSessionId: 'cs',
      expiresInSeconds: 600,
      now: () => new Date(NOW.getTime() - 86_400_000),
    });
    const fresh = decodeJwt(await resignGr4vyToken(key, old, { now: () => NOW }));
    assert.deepEqual(fresh.payload.scopes, ['embed']);
    assert.deepEqual(fresh.payload.embed, { amount: 5 });
    assert.equal(fresh.payload.checkout_session_id, 'cs');
    assert.equal(fresh.payload.exp, T + 600);
  });

  it('durations and bad options', async () => {
    assert.equal(parseDuration('30s'), 30);
    assert.equal(parseDuration('15m'), 900);
    assert.equal(parseDuration('1h'), 3600);
    assert.throws(() => parseDuration('soon'), /not a duration/);
    await assert.rejects(signGr4vyToken(key, { scopes: [] }), /at least one scope/);
    await assert.rejects(signGr4vyToken(key, { expiresInSeconds: 0 }), /above 0/);
  });
});

describe('verifyJwt', () => {
  let k: ReturnType<typeof p521Key>;
  let key: SigningKey;
  before(async () => {
    k = p521Key();
    key = await readSigningKey(k.pkcs8);
  });

  it('verifies with the public key, the private key, a JWK and a certificate', async () => {
    const jwt = await signGr4vyToken(key);
    for (const text of [
      k.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
      k.pkcs8,
      k.sec1,
      JSON.stringify(k.publicKey.export({ format: 'jwk' })),
    ]) {
      const vk = await readVerificationKey(text);
      assert.equal(vk.thumbprint, key.kid);
      const r = await verifyJwt(jwt, vk);
      assert.equal(r.code, 'valid', `${vk.description}: ${r.message}`);
    }
    assert.equal((await readVerificationKey(k.pkcs8)).wasPrivate, true);
  });

  it('a token signed by another key fails; a tampered payload fails', async () => {
    const other = await readSigningKey(p521Key().pkcs8);
    const vk = await readVerificationKey(k.sec1);
    assert.equal((await verifyJwt(await signGr4vyToken(other), vk)).code, 'badSignature');
    const [h, , s] = (await signGr4vyToken(key)).split('.');
    assert.equal((await verifyJwt(`${h}.${b64({ scopes: ['*.write'], exp: 9e9 })}.${s}`, vk)).code, 'badSignature');
  });

  it("only the key's own algorithms: an HS512 or RS256 token is refused before any crypto", async () => {
    const vk = await readVerificationKey(k.sec1);
    const r = await verifyJwt(token({ alg: 'HS512' }, { exp: 9e9 }), vk);
    assert.equal(r.code, 'algorithmNotAllowed');
    assert.match(r.message, /only verifies ES512/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rs = await readVerificationKey(rsa.publicKey.export({ format: 'pem', type: 'spki' }).toString());
    assert.deepEqual(rs.algorithms.slice(0, 3), ['RS256', 'RS384', 'RS512']);
    const h = b64({ alg: 'RS256' });
    const p = b64({ exp: Math.floor(Date.now() / 1000) + 60 });
    const sig = nodeSign(
      'sha256',
      Buffer.from(`${h}.${p}`),
      createPrivateKey(rsa.privateKey.export({ format: 'pem', type: 'pkcs8' })),
    ).toString('base64url');
    assert.equal((await verifyJwt(`${h}.${p}.${sig}`, rs)).code, 'valid');
  });

  it('expiry with an injected clock, and ignoring it on request', async () => {
    const jwt = await signGr4vyToken(key, { now: () => NOW });
    const vk = await readVerificationKey(k.pkcs8);
    assert.equal((await verifyJwt(jwt, vk, { now: new Date(NOW.getTime() + 10_000) })).code, 'valid');
    assert.equal((await verifyJwt(jwt, vk, { now: new Date(NOW.getTime() + 60_000) })).code, 'expired');
    const ignored = await verifyJwt(jwt, vk, { now: new Date(NOW.getTime() + 60_000), ignoreExpiry: true });
    assert.equal(ignored.ok, true);
    assert.equal(ignored.expiryIgnored, true);
    assert.equal((await verifyJwt(jwt, vk, { now: new Date(NOW.getTime() - 60_000) })).code, 'notYetValid');
  });

  it('bad keys get specific messages', async () => {
    await assert.rejects(readVerificationKey(''), /No key/);
    await assert.rejects(readVerificationKey('hello'), /not a PEM key, a certificate or a JWK/);
    await assert.rejects(readVerificationKey(k.pkcs8.split('\n').slice(0, 3).join('\n')), /truncated/);
    await assert.rejects(
      readVerificationKey(`${pemLabel('PUBLIC KEY', 'BEGIN')}\nAAAA\n${pemLabel('PUBLIC KEY', 'END')}`),
      /damaged or not a key/,
    );
    await assert.rejects(readVerificationKey('{"kty":"oct","k":"abc"}'), /symmetric \(HMAC\)/);
  });

  it('malformed tokens are a result, not an exception', async () => {
    const r = await verifyJwt('nope', await readVerificationKey(k.sec1));
    assert.equal(r.code, 'malformed');
    assert.match(r.message, /three parts/);
  });
});
