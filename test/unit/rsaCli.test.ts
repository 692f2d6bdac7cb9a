// payapi jwt resign and payapi gr4vy embed with an RSA Gr4vy key (issue 20). The key is made here at
// run time; the input token is signed by node:crypto by hand and every output is checked with
// node:crypto and jose's own thumbprint, not with our reader or signer.
import assert from 'node:assert/strict';
import { type KeyObject, generateKeyPairSync, sign, verify } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { calculateJwkThumbprint } from 'jose';
import { decodeJwt } from '../../src/core/jwt/decode';
import { TOOL_ID } from '../../src/core/version';
import { cli } from './cliHarness';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** An RS512 JWT signed with node:crypto alone. */
function signRs512(header: object, payload: object, key: KeyObject): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${sign('sha512', Buffer.from(input), key).toString('base64url')}`;
}

/** True when node:crypto verifies the token's RS512 signature with the public key. */
function verifiesRs512(token: string, publicKey: KeyObject): boolean {
  const [h = '', p = '', s = ''] = token.split('.');
  return verify('sha512', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s, 'base64url'));
}

describe('payapi with an RSA Gr4vy key (PKCS#8 PEM): jwt resign and gr4vy embed', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const files = { 'rsa.pem': privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() };
  const { n, e } = publicKey.export({ format: 'jwk' });
  let kid = '';
  before(async () => {
    kid = await calculateJwkThumbprint({ kty: 'RSA', n, e }, 'sha256');
  });

  it('jwt resign: an RS512 token node:crypto verifies, with the old scopes and claims and a fresh exp', async () => {
    const then = Math.floor(Date.now() / 1000) - 86_400;
    const old = {
      iss: 'another-tool',
      nbf: then,
      iat: then,
      exp: then + 3600,
      jti: 'old-jti',
      scopes: ['embed'],
      embed: { amount: 1299, currency: 'EUR', buyer_external_identifier: 'user-1' },
      checkout_session_id: 'cs-1',
    };
    const token = signRs512({ typ: 'JWT', alg: 'RS512', kid }, old, privateKey);
    const r = await cli(['jwt', 'resign', token, '--key', 'rsa.pem'], { files });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const fresh = r.stdout.trim();
    assert.ok(verifiesRs512(fresh, publicKey));
    const { header, payload } = decodeJwt(fresh);
    assert.deepEqual(header, { typ: 'JWT', alg: 'RS512', kid });
    assert.deepEqual(payload.scopes, old.scopes);
    assert.deepEqual(payload.embed, old.embed);
    assert.equal(payload.checkout_session_id, old.checkout_session_id);
    // Signed as this tool, as the SDKs' updateToken signs as the SDK: the issuer is not a carried claim.
    assert.equal(payload.iss, TOOL_ID);
    assert.notEqual(payload.jti, old.jti);
    const now = Date.now() / 1000;
    assert.ok(Number(payload.nbf) >= now - 5 && Number(payload.nbf) <= now + 1, `nbf ${String(payload.nbf)}`);
    // The old lifetime (one hour) is kept, counted from now.
    assert.equal(Number(payload.exp) - Number(payload.nbf), 3600);
  });

  it('jwt resign refuses a token the RSA key did not sign (exit 1, nothing printed as a token)', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const now = Math.floor(Date.now() / 1000);
    const token = signRs512(
      { typ: 'JWT', alg: 'RS512', kid },
      { iss: 'payapi', nbf: now, iat: now, exp: now + 30, scopes: ['*.read'] },
      other,
    );
    const r = await cli(['jwt', 'resign', token, '--key', 'rsa.pem'], { files });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^not re-signed \(/);
    assert.doesNotMatch(r.stdout, /eyJ/);
  });

  it('gr4vy embed: an RS512 Embed token whose kid is the RFC 7638 thumbprint over {e, kty, n}, with the pins', async () => {
    const r = await cli(
      ['gr4vy', 'embed', '--instance', 'acme', '--key', 'rsa.pem', '--amount', '1299', '--currency', 'USD'],
      { files },
    );
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const token = r.stdout.trim();
    assert.ok(verifiesRs512(token, publicKey));
    const { header, payload } = decodeJwt(token);
    assert.deepEqual(header, { typ: 'JWT', alg: 'RS512', kid });
    assert.deepEqual(payload.scopes, ['embed']);
    assert.deepEqual(payload.embed, { amount: 1299, currency: 'USD' });
    assert.equal(Number(payload.exp) - Number(payload.nbf), 3600);
    assert.ok(Number(payload.exp) > Date.now() / 1000);
  });
});
