import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { decodeJwt } from '../../src/core/jwt/decode';
import { cli } from './cliHarness';
import { independentThumbprint, p521Key } from './fixtures';

describe('payapi jwt', () => {
  let k: ReturnType<typeof p521Key>;
  let files: Record<string, string>;
  before(() => {
    k = p521Key();
    files = {
      'key.pem': k.sec1,
      'pub.pem': k.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
      'other.pem': p521Key().pkcs8,
    };
  });

  it('sign prints a Gr4vy token; decode prints header, payload and notes; verify says valid', async () => {
    const s = await cli(
      [
        'jwt',
        'sign',
        '--key',
        'key.pem',
        '--scopes',
        'buyers.read,embed',
        '--expires-in',
        '2m',
        '--embed',
        '{"amount":100,"buyerId":"b"}',
        '--checkout-session-id',
        'cs-9',
        '--issuer',
        'my-shop',
      ],
      { files },
    );
    assert.equal(s.code, 0, s.stderr);
    const token = s.stdout.trim();
    const d = decodeJwt(token);
    assert.equal(d.header.kid, independentThumbprint(k.x, k.y));
    assert.deepEqual(d.payload.embed, { amount: 100, buyer_id: 'b' });
    assert.equal((d.payload.exp as number) - (d.payload.nbf as number), 120);
    assert.equal(d.payload.iss, 'my-shop');
    const dec = await cli(['jwt', 'decode', token]);
    assert.equal(dec.code, 0);
    const json = JSON.parse(dec.stdout) as {
      header: unknown;
      payload: { checkout_session_id: string };
      notes: unknown[];
    };
    assert.equal(json.payload.checkout_session_id, 'cs-9');
    assert.deepEqual(json.notes, []);
    const fromStdin = await cli(['jwt', 'decode'], { stdin: `Bearer ${token}\n` });
    assert.equal(fromStdin.code, 0);
    const v = await cli(['jwt', 'verify', token, '--key', 'pub.pem'], { files });
    assert.equal(v.code, 0);
    assert.match(v.stdout, /^valid: Signature valid \(ES512/);
  });

  it('verify exits 1 with the reason for another key', async () => {
    const token = (await cli(['jwt', 'sign', '--key', 'key.pem'], { files })).stdout.trim();
    const v = await cli(['jwt', 'verify', token, '--key', 'other.pem'], { files });
    assert.equal(v.code, 1);
    assert.match(v.stdout, /^invalid \(badSignature\): The signature does not match/);
  });

  it('malformed input: exit 2 with a specific message', async () => {
    const d = await cli(['jwt', 'decode', 'a.b']);
    assert.equal(d.code, 2);
    assert.match(d.stderr, /three parts separated by dots; this has 2/);
    assert.match(
      (await cli(['jwt', 'sign', '--key', 'pub.pem'], { files })).stderr,
      /The key in pub\.pem is not usable: This is a public key/,
    );
    assert.match(
      (await cli(['jwt', 'sign', '--key', 'key.pem', '--embed', '[1]'], { files })).stderr,
      /--embed must be a JSON object/,
    );
    assert.match(
      (await cli(['jwt', 'sign', '--key', 'key.pem', '--expires-in', 'soon'], { files })).stderr,
      /"soon" is not a duration/,
    );
    assert.match((await cli(['jwt', 'verify', 'x.y.z'])).stderr, /--key FILE is required/);
    assert.equal((await cli(['jwt', 'explode'])).code, 2);
    assert.equal((await cli(['jwt', 'decode'], { stdin: '' })).code, 2);
  });
});
