import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { isAppError } from '../../src/core/errors';
import { NEUTRAL_KEY_ADVICE, readSigningKey } from '../../src/core/keys/privateKey';
import { readGr4vyKey } from '../../src/core/providers/gr4vy/key';
import { providerOf } from '../../src/core/providers/registry';
import { independentThumbprint, p521Key, pemLabel } from './fixtures';

async function rejects(input: string, code: string, message: RegExp) {
  await assert.rejects(readSigningKey(input), (e: unknown) => {
    assert.ok(isAppError(e), `not an AppError: ${String(e)}`);
    assert.equal(e.code, code);
    assert.match(e.message, message);
    return true;
  });
}

describe('readSigningKey', () => {
  const key = p521Key();
  const kid = independentThumbprint(key.x, key.y);

  it("a provider's refusals say where that provider issues keys; without one, no provider is named", async () => {
    const ssh = [pemLabel('OPENSSH PRIVATE KEY', 'BEGIN'), 'AAAA', pemLabel('OPENSSH PRIVATE KEY', 'END')].join('\n');
    const refusal = async (read: (t: string) => Promise<unknown>) => {
      const e = await read(ssh).then(
        () => undefined,
        (x: unknown) => x,
      );
      assert.ok(isAppError(e));
      return `${e.message} ${e.advice ?? ''}`;
    };
    assert.match(await refusal(readGr4vyKey), /not a Gr4vy API key.*Gr4vy dashboard \(Integrations > API keys\)/);
    const stored = providerOf('gr4vy').jwt;
    assert.ok(stored);
    assert.match(await refusal((t) => stored.readKey(t)), /Gr4vy dashboard/);
    assert.doesNotMatch(await refusal(readSigningKey), /Gr4vy|Helcim/);
  });

  it('reads PKCS#8 PEM and says so, with curve, algorithm and the right kid', async () => {
    const k = await readSigningKey(key.pkcs8);
    assert.equal(k.format, 'pkcs8');
    assert.equal(k.formatName, 'PKCS#8 PEM');
    assert.equal(k.keyType, 'EC P-521');
    assert.equal(k.algorithm, 'ES512');
    assert.equal(k.kid, kid);
  });

  it('reads SEC1 PEM and a private JWK to the same kid', async () => {
    const sec1 = await readSigningKey(key.sec1);
    assert.equal(sec1.format, 'sec1');
    assert.equal(sec1.kid, kid);
    const jwk = await readSigningKey(JSON.stringify(key.jwk));
    assert.equal(jwk.format, 'jwk');
    assert.equal(jwk.kid, kid);
    assert.match(jwk.pkcs8Pem, /^-{5}BEGIN PRIVATE KEY-{5}\n/);
  });

  it('keeps leading zero bytes of the coordinates in the thumbprint', async () => {
    const z = p521Key({ leadingZero: true });
    assert.equal(z.x[0], 0);
    const k = await readSigningKey(z.pkcs8);
    assert.ok(k.publicJwk.kty === 'EC');
    assert.equal(Buffer.from(k.publicJwk.x, 'base64url').length, 66);
    assert.equal(k.kid, independentThumbprint(z.x, z.y));
    // A JWK whose x was shortened by a careless encoder still yields the full-length kid.
    const shortened = { ...z.jwk, x: z.x.subarray(1).toString('base64url') };
    assert.equal((await readSigningKey(JSON.stringify(shortened))).kid, k.kid);
  });

  it('tolerates .env mangling: quotes, \\n escapes, CRLF, indentation', async () => {
    const escaped = `"${key.pkcs8.trim().replace(/\n/g, '\\n')}"`;
    assert.equal((await readSigningKey(escaped)).kid, kid);
    assert.equal((await readSigningKey(key.pkcs8.replace(/\n/g, '\r\n'))).kid, kid);
    assert.equal(
      (
        await readSigningKey(
          key.pkcs8
            .split('\n')
            .map((l) => `    ${l}`)
            .join('\n'),
        )
      ).kid,
      kid,
    );
  });

  it('refuses a public key, naming it', async () => {
    await rejects(key.publicKey.export({ format: 'pem', type: 'spki' }).toString(), 'ERR_UNSUPPORTED', /public key/);
    const { d: _d, ...pub } = key.jwk;
    await rejects(JSON.stringify(pub), 'ERR_UNSUPPORTED', /public JWK/);
  });

  it('refuses a certificate', async () => {
    let cert: string;
    try {
      cert = execFileSync('openssl', ['req', '-x509', '-key', '/dev/stdin', '-subj', '/CN=test', '-days', '1'], {
        input: key.pkcs8,
        encoding: 'utf8',
      });
    } catch {
      cert = `${pemLabel('CERTIFICATE', 'BEGIN')}\nMIIB\n${pemLabel('CERTIFICATE', 'END')}\n`;
    }
    await rejects(cert, 'ERR_UNSUPPORTED', /certificate/);
  });

  it('refuses an encrypted key with how to decrypt it', async () => {
    const enc = key.privateKey
      .export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: ['p', 'w'].join('') })
      .toString();
    await rejects(enc, 'ERR_UNSUPPORTED', /encrypted/);
    const encSec1 = key.privateKey
      .export({ format: 'pem', type: 'sec1', cipher: 'aes-256-cbc', passphrase: ['p', 'w'].join('') })
      .toString();
    await rejects(encSec1, 'ERR_UNSUPPORTED', /encrypted/);
  });

  it('refuses the wrong curve for ES512, an RSA key under 2048 bits, and an RSA key where RSA is not accepted', async () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    await rejects(
      p256.export({ format: 'pem', type: 'pkcs8' }).toString(),
      'ERR_UNSUPPORTED',
      /P-256; ES512 needs P-521/,
    );
    await rejects(JSON.stringify(p256.export({ format: 'jwk' })), 'ERR_UNSUPPORTED', /curve P-256/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    const small = /This RSA key has 1024 bits; at least 2048 are needed/;
    await rejects(rsa.export({ format: 'pem', type: 'pkcs8' }).toString(), 'ERR_UNSUPPORTED', small);
    await rejects(rsa.export({ format: 'pem', type: 'pkcs1' }).toString(), 'ERR_UNSUPPORTED', small);
    await rejects(JSON.stringify(rsa.export({ format: 'jwk' })), 'ERR_UNSUPPORTED', small);
    const ecOnly = { ...NEUTRAL_KEY_ADVICE, acceptsRsa: false };
    const big = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    for (const [text, what] of [
      [big.export({ format: 'pem', type: 'pkcs8' }).toString(), /RSA key/],
      [big.export({ format: 'pem', type: 'pkcs1' }).toString(), /RSA key/],
      [JSON.stringify(big.export({ format: 'jwk' })), /RSA JWK/],
    ] as const)
      await assert.rejects(readSigningKey(text, ecOnly), what);
  });

  it('refuses a truncated PEM, a damaged body, a bare body, and things that are not keys', async () => {
    const lines = key.pkcs8.trim().split('\n');
    await rejects(lines.slice(0, -3).join('\n'), 'ERR_INVALID_INPUT', /truncated: its "-----END" line is missing/);
    await rejects([...lines.slice(0, 2), ...lines.slice(-1)].join('\n'), 'ERR_INVALID_INPUT', /damaged or truncated/);
    await rejects(key.pkcs8.replace(/\n([A-Za-z0-9])/, '\n$1$$'), 'ERR_INVALID_INPUT', /not valid base64/);
    await rejects(lines.slice(1, -1).join('\n'), 'ERR_INVALID_INPUT', /without its BEGIN and END lines/);
    await rejects('', 'ERR_INVALID_INPUT', /empty/);
    await rejects('hello world', 'ERR_INVALID_INPUT', /not a PEM key or a JWK/);
    await rejects('{"kty":', 'ERR_INVALID_INPUT', /does not parse/);
    await rejects(JSON.stringify({ keys: [key.jwk] }), 'ERR_INVALID_INPUT', /JWK Set/);
    await rejects(
      `${pemLabel('OPENSSH PRIVATE KEY', 'BEGIN')}\nb3Bl\n${pemLabel('OPENSSH PRIVATE KEY', 'END')}`,
      'ERR_UNSUPPORTED',
      /OpenSSH/,
    );
  });

  it('never puts key material in its error messages', async () => {
    const lines = key.pkcs8.trim().split('\n');
    try {
      await readSigningKey(lines.slice(0, -3).join('\n'));
      assert.fail('should throw');
    } catch (e) {
      const text = `${String(e)} ${JSON.stringify(e)} ${(e as Error).stack ?? ''}`;
      for (const l of lines.slice(1, -1))
        assert.ok(!text.includes(l.slice(0, 20)), 'key material leaked into the error');
    }
  });
});

describe('readSigningKey from a one-line input box', () => {
  it('reads a PEM whose line breaks became spaces', async () => {
    const k = p521Key();
    const oneLine = k.pkcs8.trim().split('\n').join(' ');
    assert.equal((await readSigningKey(oneLine)).kid, independentThumbprint(k.x, k.y));
  });
});
