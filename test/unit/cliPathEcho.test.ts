// A key or token pasted where a file name goes is never printed back in the error that follows.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cli } from './cliHarness';
import { secrets } from './secretFixtures';

const S = secrets();

/** Whether any 8 characters in a row of `secret` appear in `out`. */
function leaks(out: string, secret: string): boolean {
  const body = secret.replace(/-----[^-]+-----|\s/g, '');
  for (let i = 0; i + 8 <= body.length; i += 4) if (out.includes(body.slice(i, i + 8))) return true;
  return false;
}

describe('paths that are secrets are not echoed', () => {
  const cases: [string, string[], string][] = [
    ['jwt sign --key <JWK>', ['jwt', 'sign', '--key', S.jwkJson], S.jwkD],
    ['jwt sign --key <PEM text>', ['jwt', 'sign', `--key=${S.pem}`], S.pem],
    ['jwt verify --key <PEM text>', ['jwt', 'verify', S.jwt, `--key=${S.pem}`], S.pem],
    ['scan <token>', ['scan', `HELCIM_API_TOKEN=${S.helcim}`], S.helcim],
    ['scan <stripe key>', ['scan', S.stripeLive], S.stripeLive],
    ['scan --baseline <token> .', ['scan', '--baseline', S.stripeLive, '.'], S.stripeLive],
    ['baseline <token>', ['baseline', S.stripeLive], S.stripeLive],
  ];
  for (const [name, argv, secret] of cases) {
    it(name, async () => {
      const r = await cli(argv);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.ok(!leaks(r.stdout + r.stderr, secret), r.stderr);
      assert.match(r.stderr, /not shown/);
    });
  }

  it('an ordinary missing path is still named', async () => {
    const r = await cli(['scan', 'no/such/folder']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no\/such\/folder: no such file or folder/);
  });
});
