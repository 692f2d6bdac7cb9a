// RSA signing keys (issue 20): Gr4vy's API accepts RSA keys beside ECDSA P-521. Everything here is
// checked against node:crypto directly, not against our own reader.
import assert from 'node:assert/strict';
import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import { isAppError } from '../../src/core/errors';
import { decodeJwt } from '../../src/core/jwt/decode';
import { verifyJwt } from '../../src/core/jwt/verify';
import { readSigningKey } from '../../src/core/keys/privateKey';
import { readVerificationKey, verificationKeyOf } from '../../src/core/keys/publicKey';
import { readGr4vyKey } from '../../src/core/providers/gr4vy/key';
import { GR4VY } from '../../src/core/providers/gr4vy/spec';
import { signGr4vyToken } from '../../src/core/providers/gr4vy/token';
import { cli } from './cliHarness';

/** RFC 7638 for RSA, written out by hand: SHA-256 over {"e","kty","n"} in that order, no spaces. */
function rsaThumbprint(n: string, e: string): string {
  return createHash('sha256').update(`{"e":"${e}","kty":"RSA","n":"${n}"}`).digest('base64url');
}

describe('RSA signing keys', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  const kid = rsaThumbprint(jwk.n ?? '', jwk.e ?? '');
  const forms = {
    pkcs1: privateKey.export({ format: 'pem', type: 'pkcs1' }).toString(),
    pkcs8: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    jwk: JSON.stringify(jwk),
  };

  it('reads PKCS#1, PKCS#8 and a private JWK to RS512 with the RFC 7638 kid over {e, kty, n}', async () => {
    for (const [format, text] of Object.entries(forms)) {
      const k = await readGr4vyKey(text);
      assert.equal(k.format, format);
      assert.equal(k.algorithm, 'RS512');
      assert.equal(k.keyType, 'RSA 2048-bit');
      assert.equal(k.kid, kid, format);
      // The stored form is PKCS#8 whatever was pasted, and it is the same key.
      assert.equal(createPublicKey(k.pkcs8Pem).export({ format: 'jwk' }).n, jwk.n);
    }
  });

  it('signs an RS512 token with that kid, which node:crypto verifies with the public key', async () => {
    const key = await readGr4vyKey(forms.pkcs1);
    const token = await signGr4vyToken(key, { scopes: ['*.read'] });
    const [h = '', p = '', s = ''] = token.split('.');
    assert.deepEqual(decodeJwt(token).header, { typ: 'JWT', alg: 'RS512', kid });
    assert.ok(verify('sha512', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s, 'base64url')));
    const check = await verifyJwt(token, verificationKeyOf(key, 'key'), {});
    assert.equal(check.ok, true, check.message);
    // jwt verify takes the same key in every form jwt sign takes.
    for (const text of Object.values(forms)) {
      const r = await verifyJwt(token, await readVerificationKey(text), {});
      assert.equal(r.ok, true, r.message);
    }
  });

  it('Add Account shows the derived kid and says plainly that the SDKs do not take RSA keys', async () => {
    const prepared = await GR4VY.prepareSecret(forms.pkcs8);
    assert.match(prepared.summary, new RegExp(`RSA 2048-bit \\(RS512\\), kid ${kid}`));
    assert.match(prepared.summary, /Gr4vy's API accepts RSA keys; its SDKs do not; prefer ECDSA P-521/);
    const account = GR4VY.accountFrom(
      { id: 'a', label: 'RSA', environment: 'sandbox', scope: 'global', createdAt: '' } as Parameters<
        typeof GR4VY.accountFrom
      >[0],
      { instanceId: 'acme' },
      prepared,
    );
    assert.equal(account.kid, kid);
    assert.deepEqual(GR4VY.details(account).find((d) => d.label === 'Key')?.value, 'PKCS#8 PEM, RSA 2048-bit (RS512)');
    assert.match(GR4VY.maskedCredential(account, ''), /^<RS512 JWT, kid /);
    assert.match(
      GR4VY.runtimeCaveat?.(account) ?? '',
      /“RSA” holds an RSA key: the official Gr4vy SDKs will refuse it/,
    );
    const ec = GR4VY.accountFrom(
      { ...account, kid: '', keyFormat: '' },
      { instanceId: 'acme' },
      await GR4VY.prepareSecret(
        generateKeyPairSync('ec', { namedCurve: 'secp521r1' })
          .privateKey.export({ format: 'pem', type: 'pkcs8' })
          .toString(),
      ),
    );
    assert.equal(GR4VY.runtimeCaveat?.(ec), undefined);
  });

  it('refuses RSA-PSS keys, a JWK whose private part belongs to another key, and a JWK missing a member', async () => {
    const pss = generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).privateKey;
    await assert.rejects(readSigningKey(pss.export({ format: 'pem', type: 'pkcs8' }).toString()), /RSA-PSS/);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
    const mixed = { ...jwk, d: other.d, p: other.p, q: other.q, dp: other.dp, dq: other.dq, qi: other.qi };
    await assert.rejects(readSigningKey(JSON.stringify(mixed)), (e: unknown) => {
      assert.ok(isAppError(e));
      assert.match(e.message, /damaged|do not fit together/);
      return true;
    });
    const { qi: _qi, ...noQi } = jwk;
    await assert.rejects(readSigningKey(JSON.stringify(noQi)), /"qi" is missing/);
  });

  it('jwt verify reads a SEC1 key after its EC PARAMETERS block, as jwt sign does (openssl ecparam -genkey)', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'secp521r1' }).privateKey;
    const params = `${['-----BEGIN', 'EC PARAMETERS-----'].join(' ')}\nBgUrgQQAIw==\n${['-----END', 'EC PARAMETERS-----'].join(' ')}\n`;
    const text = params + ec.export({ format: 'pem', type: 'sec1' }).toString();
    const signing = await readSigningKey(text);
    const token = await signGr4vyToken(signing, { scopes: ['*.read'] });
    const r = await verifyJwt(token, await readVerificationKey(text), {});
    assert.equal(r.ok, true, r.message);
  });

  it('no refusal echoes more than a short clip of its input (a 1 MB curve name or kty)', async () => {
    const huge = 'P'.repeat(1024 * 1024);
    for (const o of [
      { kty: 'EC', crv: huge, x: 'a', y: 'b', d: 'c' },
      { kty: huge, d: 'c' },
    ]) {
      const e = await readSigningKey(JSON.stringify(o)).then(
        () => undefined,
        (x: unknown) => x,
      );
      assert.ok(isAppError(e));
      assert.ok(e.message.length < 200, `${e.message.length} characters`);
    }
  });
});

describe('payapi with an RSA key', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  const files = {
    'rsa.pem': privateKey.export({ format: 'pem', type: 'pkcs1' }).toString(),
    'small.pem': generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ format: 'pem', type: 'pkcs1' })
      .toString(),
  };

  it('jwt sign --key rsa.pem prints an RS512 token with the RFC 7638 kid that node:crypto verifies', async () => {
    const s = await cli(['jwt', 'sign', '--key', 'rsa.pem'], { files });
    assert.equal(s.code, 0, s.stderr);
    const token = s.stdout.trim();
    const [h = '', p = '', sig = ''] = token.split('.');
    assert.deepEqual(decodeJwt(token).header, {
      typ: 'JWT',
      alg: 'RS512',
      kid: rsaThumbprint(jwk.n ?? '', jwk.e ?? ''),
    });
    assert.ok(verify('sha512', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(sig, 'base64url')));
  });

  it('test gr4vy exits 2 for an RSA key under 2048 bits, naming the size', async () => {
    const s = await cli(['test', 'gr4vy', '--instance', 'acme', '--key', 'small.pem'], { files });
    assert.equal(s.code, 2);
    assert.match(s.stderr, /1024 bits; at least 2048/);
  });
});
