// Conformance with the official Gr4vy SDK (@gr4vy/sdk): kid, header, claims, units, lifetimes,
// scopes, checkout session and embed mapping agree; each side verifies the other's tokens; the
// SDK's updateToken accepts ours. Where we differ on purpose, the test says so.
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { describe, it } from 'node:test';
import { JWTScope, getEmbedToken, getToken, updateToken } from '@gr4vy/sdk/lib/auth';
import { decodeJwt } from '../../src/core/jwt/decode';
import { describeGr4vyScopes as describeScopes } from '../../src/core/providers/gr4vy/tokenProfile';
import { signGr4vyToken, toEmbedClaim } from '../../src/core/providers/gr4vy/token';
import { verifyJwt } from '../../src/core/jwt/verify';
import { readSigningKey } from '../../src/core/keys/privateKey';
import { readVerificationKey } from '../../src/core/keys/publicKey';
import { GR4VY_RESOURCES } from '../../src/core/providers/gr4vy/scopes';
import { pemLabel, p521Key } from './fixtures';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ecParameters = `${pemLabel('EC PARAMETERS', 'BEGIN')}\nBgUrgQQAIw==\n${pemLabel('EC PARAMETERS', 'END')}\n`;

/** The shape both sides must agree on: header, claim names, units and lifetime. */
function shape(token: string) {
  const { header, payload } = decodeJwt(token);
  const p = payload as Record<string, unknown> & { nbf: number; exp: number; iat: number; jti: string };
  return {
    header: { alg: header.alg, typ: header.typ, kid: header.kid },
    claims: Object.keys(p)
      .filter((k) => k !== 'iss')
      .sort(),
    wholeSeconds: [p.nbf, p.exp, p.iat].every((t) => Number.isInteger(t) && t < 1e11),
    nbfIsIat: p.nbf === p.iat,
    lifetime: p.exp - p.nbf,
    jtiIsUuid: UUID.test(p.jti),
    scopes: p.scopes,
    checkoutSessionId: p.checkout_session_id,
    embed: p.embed,
  };
}

describe('conformance with the official Gr4vy SDK (@gr4vy/sdk)', () => {
  const keys = [p521Key(), p521Key({ leadingZero: true }), p521Key()];

  it('kid: the SDK and we agree for PKCS#8, SEC1, SEC1 after an EC PARAMETERS block, and JWK', async () => {
    for (const k of keys) {
      const sdkKid = decodeJwt(await getToken({ privateKey: k.pkcs8 })).header.kid;
      assert.equal(decodeJwt(await getToken({ privateKey: k.sec1 })).header.kid, sdkKid);
      for (const form of [k.pkcs8, k.sec1, `${ecParameters}${k.sec1}`, JSON.stringify(k.jwk)]) {
        assert.equal((await readSigningKey(form)).kid, sdkKid, form.slice(0, 30));
      }
    }
  });

  it('default tokens: same header, claims, units, 30-second lifetime and scopes', async () => {
    for (const k of keys) {
      const ours = shape(await signGr4vyToken(await readSigningKey(k.pkcs8)));
      const theirs = shape(await getToken({ privateKey: k.pkcs8 }));
      assert.deepEqual(ours, theirs);
      assert.equal(ours.lifetime, 30);
      assert.deepEqual(ours.scopes, ['*.read', '*.write']);
    }
  });

  it('Embed tokens with a checkout session: embed scope, one hour, the same embed claim key by key', async () => {
    const k = keys[0]!;
    const embed = {
      amount: 1299,
      currency: 'USD',
      buyerExternalIdentifier: 'user-1',
      buyerID: 'b-1',
      HTMLContent: 'x',
      'kebab-key': 1,
      'a.b': 2,
      merchantAccountId: 'default',
      cartItems: [{ name: 'Socks', unitAmount: 499, productUrl: 'https://shop.example/socks', taxAmount: 0 }],
    };
    const ours = shape(await signGr4vyToken(await readSigningKey(k.pkcs8), { embed, checkoutSessionId: 'cs-1' }));
    const theirs = shape(
      await getEmbedToken({ privateKey: k.pkcs8, embedParams: embed as never, checkoutSessionId: 'cs-1' }),
    );
    assert.deepEqual(ours, theirs);
    assert.equal(ours.lifetime, 3600);
    assert.deepEqual(ours.scopes, ['embed']);
    assert.equal(ours.checkoutSessionId, 'cs-1');
  });

  it('embed pins without the embed scope are left out, and the token keeps 30 seconds, as in the SDK', async () => {
    const k = keys[1]!;
    const opts = { scopes: ['*.read'], embedParams: { amount: 1, currency: 'USD' } };
    const ours = shape(
      await signGr4vyToken(await readSigningKey(k.pkcs8), { scopes: opts.scopes, embed: opts.embedParams }),
    );
    const theirs = shape(await getToken({ privateKey: k.pkcs8, ...opts }));
    assert.deepEqual(ours, theirs);
    assert.equal(ours.embed, undefined);
    assert.equal(ours.lifetime, 30);
  });

  it('metadata is kept as written (Gr4vy documents it so); the TypeScript SDK snake_cases its keys', async () => {
    const embed = {
      amount: 1,
      currency: 'USD',
      metadata: { orderRef: 'A1', 'Customer-Tier': 'gold' },
      connectionOptions: { 'stripe-card': { stripeConnect: true } },
    };
    const k = keys[0]!;
    const theirs = decodeJwt(await getEmbedToken({ privateKey: k.pkcs8, embedParams: embed })).payload.embed as Record<
      string,
      unknown
    >;
    const ours = toEmbedClaim(embed);
    assert.deepEqual(ours.metadata, { orderRef: 'A1', 'Customer-Tier': 'gold' });
    assert.deepEqual(theirs.metadata, { order_ref: 'A1', customer_tier: 'gold' });
    // connection_options: provider-defined keys, passed through unchanged by both.
    assert.deepEqual(ours.connection_options, { 'stripe-card': { stripeConnect: true } });
    assert.deepEqual({ ...ours, metadata: undefined }, { ...theirs, metadata: undefined });
  });

  it('connection_options given already in snake_case: its contents are kept unchanged; the SDK drops it', async () => {
    const embed = { amount: 1, currency: 'USD', connection_options: { 'stripe-card': { stripeConnect: true } } };
    const theirs = decodeJwt(await getEmbedToken({ privateKey: keys[0]!.pkcs8, embedParams: embed })).payload
      .embed as Record<string, unknown>;
    // The SDK reads only `connectionOptions` and sets the claim from it: a snake_case key is lost.
    assert.deepEqual(theirs, { amount: 1, currency: 'USD' });
    assert.deepEqual(toEmbedClaim(embed), embed);
  });

  it('each side verifies the other: ours verifies the SDK token, the SDK updateToken accepts ours', async () => {
    for (const k of keys) {
      const key = await readSigningKey(k.pkcs8);
      const pub = await readVerificationKey(
        createPublicKey(k.privateKey).export({ format: 'pem', type: 'spki' }).toString(),
      );
      const sdkToken = await getEmbedToken({
        privateKey: k.pkcs8,
        embedParams: { amount: 5, currency: 'EUR' },
        checkoutSessionId: 'cs-9',
      });
      assert.equal((await verifyJwt(sdkToken, pub)).code, 'valid');
      const ours = await signGr4vyToken(key, { embed: { amount: 5, currency: 'EUR' }, checkoutSessionId: 'cs-9' });
      const updated = decodeJwt(await updateToken({ token: ours, privateKey: k.pkcs8 })).payload;
      assert.deepEqual(updated.scopes, ['embed']);
      assert.deepEqual(updated.embed, { amount: 5, currency: 'EUR' });
      assert.equal(updated.checkout_session_id, 'cs-9');
      const other = p521Key();
      await assert.rejects(updateToken({ token: ours, privateKey: other.pkcs8 }), /invalid signature/);
    }
  });

  it('every scope the SDK can send is one we know (one resource list, following the SDK enum)', () => {
    const unknown = describeScopes(Object.values(JWTScope)).filter((s) => !s.known);
    assert.deepEqual(unknown, []);
    const sdkResources = new Set(Object.values(JWTScope).map((s) => s.replace(/\.(read|write)$/, '')));
    for (const r of sdkResources)
      if (r !== '*' && r !== 'embed') assert.ok((GR4VY_RESOURCES as string[]).includes(r), r);
  });
});
