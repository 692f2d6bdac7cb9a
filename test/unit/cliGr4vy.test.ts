// payapi gr4vy embed (with a checkout session, against a stand-in that verifies tokens as Gr4vy
// would) and payapi jwt resign.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from '../../src/core/jwt/decode';
import { signGr4vyToken } from '../../src/core/providers/gr4vy/token';
import { readSigningKey } from '../../src/core/keys/privateKey';
import { cli } from './cliHarness';
import { type Gr4vyServerLog, type Started, gr4vyHandler, p521Key, startServer } from './fixtures';

describe('payapi gr4vy embed', () => {
  const k = p521Key();
  const log: Gr4vyServerLog = { tokens: [], merchantHeaders: [], rejections: [], sessions: [] };
  let server: Started;
  const files = { 'key.pem': k.pkcs8 };
  before(async () => {
    server = await startServer(gr4vyHandler(k.publicKey, log));
  });
  after(async () => {
    await server.close();
  });

  it('--checkout-session: creates a session, then pins its id in a one-hour Embed token', async () => {
    const args = ['gr4vy', 'embed', '--instance', 'acme', '--key', 'key.pem', '--base-url', server.url];
    const r = await cli(
      [
        ...args,
        '--amount',
        '1299',
        '--currency',
        'USD',
        '--buyer-external-identifier',
        'user-1',
        '--merchant-account-id',
        'm-1',
        '--checkout-session',
      ],
      { files },
    );
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const [token = '', sessionLine = ''] = r.stdout.trim().split('\n');
    const id = log.sessions?.at(-1);
    assert.ok(id);
    assert.equal(sessionLine, `checkout_session_id ${id}`);
    const { payload } = decodeJwt(token);
    assert.deepEqual(payload.scopes, ['embed']);
    assert.equal(payload.checkout_session_id, id);
    assert.deepEqual(payload.embed, {
      amount: 1299,
      currency: 'USD',
      buyer_external_identifier: 'user-1',
      merchant_account_id: 'm-1',
    });
    assert.equal(Number(payload.exp) - Number(payload.nbf), 3600);
    // The session was created with a 30-second token that can only write checkout sessions, for the merchant.
    const creator = log.tokens.at(-1);
    assert.deepEqual(creator?.claims.scopes, ['checkout-sessions.write']);
    assert.equal(log.merchantHeaders.at(-1), 'm-1');
    assert.deepEqual(log.rejections, []);
  });

  it('without --checkout-session: no request, an Embed token with the pins', async () => {
    const before = log.tokens.length;
    const r = await cli(
      ['gr4vy', 'embed', '--instance', 'acme', '--key', 'key.pem', '--embed', '{"amount":5,"currency":"EUR"}'],
      { files },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(log.tokens.length, before);
    assert.equal(decodeJwt(r.stdout.trim()).payload.checkout_session_id, undefined);
  });

  it('Gr4vy refusing the key: exit 1 with the connection test’s specific message; nothing printed as a token', async () => {
    const other = p521Key();
    const r = await cli(
      ['gr4vy', 'embed', '--instance', 'acme', '--key', 'o.pem', '--base-url', server.url, '--checkout-session'],
      {
        files: { 'o.pem': other.pkcs8 },
      },
    );
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /^checkout session not created \(unauthorized\): Gr4vy found no valid authentication \(HTTP 401\)/,
    );
    assert.doesNotMatch(r.stdout, /eyJ/);
  });

  it('unreachable: exit 1 naming the failure; usage errors exit 2', async () => {
    const r = await cli(
      [
        'gr4vy',
        'embed',
        '--instance',
        'acme',
        '--key',
        'key.pem',
        '--base-url',
        'http://127.0.0.1:9',
        '--checkout-session',
      ],
      { files },
    );
    assert.equal(r.code, 1);
    assert.match(r.stdout, /\(connectionFailed\): Could not connect to 127\.0\.0\.1:9/);
    assert.equal((await cli(['gr4vy', 'embed', '--key', 'key.pem'], { files })).code, 2);
    assert.equal(
      (await cli(['gr4vy', 'embed', '--instance', 'acme', '--key', 'key.pem', '--currency', 'dollars'], { files }))
        .code,
      2,
    );
    assert.equal((await cli(['gr4vy', 'frob'])).code, 2);
  });
});

describe('payapi jwt sign: embed pins need the embed scope', () => {
  it('says so on stderr and leaves them out, as the SDKs do', async () => {
    const k = p521Key();
    const args = ['jwt', 'sign', '--key', 'k.pem', '--embed', '{"amount":1}'];
    const r = await cli([...args, '--scopes', '*.read'], { files: { 'k.pem': k.pkcs8 } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /--embed is left out: the token has no "embed" scope/);
    assert.equal(decodeJwt(r.stdout.trim()).payload.embed, undefined);
    const kept = await cli(args, { files: { 'k.pem': k.pkcs8 } });
    assert.equal(kept.stderr, '');
    assert.deepEqual(decodeJwt(kept.stdout.trim()).payload.embed, { amount: 1 });
  });
});

describe('payapi jwt resign', () => {
  const k = p521Key();
  it('re-signs an expired token with its scopes, embed pins and checkout session id', async () => {
    const key = await readSigningKey(k.pkcs8);
    const old = await signGr4vyToken(key, {
      embed: { amount: 7, currency: 'USD' },
      checkoutSessionId: 'cs-7',
      now: () => new Date(Date.now() - 86_400_000),
    });
    const r = await cli(['jwt', 'resign', old, '--key', 'key.pem', '--expires-in', '10m'], {
      files: { 'key.pem': k.pkcs8 },
    });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const fresh = decodeJwt(r.stdout.trim()).payload;
    assert.deepEqual(fresh.scopes, ['embed']);
    assert.deepEqual(fresh.embed, { amount: 7, currency: 'USD' });
    assert.equal(fresh.checkout_session_id, 'cs-7');
    assert.equal(Number(fresh.exp) - Number(fresh.nbf), 600);
    assert.ok(Number(fresh.exp) > Date.now() / 1000);
  });

  it('a token another key signed is not re-signed: exit 1 with the reason', async () => {
    const other = await readSigningKey(p521Key().pkcs8);
    const token = await signGr4vyToken(other);
    const r = await cli(['jwt', 'resign', token, '--key', 'key.pem'], { files: { 'key.pem': k.pkcs8 } });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^not re-signed \(badSignature\): The signature does not match/);
  });
});
