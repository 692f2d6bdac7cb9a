// A usage mistake never prints a secret (issue 18 item 9): an argument nobody expected, or a value
// where a variable's name belongs, is named by its place on the command line, never printed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cli } from './cliHarness';
import { helcimToken } from './fixtures';
import { rand } from './secretFixtures';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Secret-shaped values, built at run time; each also fits an environment variable's name except the first. */
const token = helcimToken(); // may hold ! % @ . -
const whsec = ['wh', 'sec_', rand(ALNUM, 32)].join('');
const stripe = ['sk', '_live_', rand(ALNUM, 32)].join('');
const upper = rand('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 32); // base32, as TOTP secrets

/** No eight characters in a row of `secret` appear in the output. */
function assertNotEchoed(r: { stdout: string; stderr: string }, secret: string, what: string) {
  const out = r.stdout + r.stderr;
  for (let i = 0; i + 8 <= secret.length; i++)
    assert.ok(!out.includes(secret.slice(i, i + 8)), `${what}: part of the secret was printed:\n${out}`);
}

describe('usage mistakes do not echo secrets', () => {
  it('payapi test helcim <token>: names argument 3', async () => {
    for (const s of [token, stripe]) {
      const r = await cli(['test', 'helcim', s], { env: { HELCIM_API_TOKEN: helcimToken() } });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /Unexpected argument 3 \(not shown, in case it is a secret\)/);
      assertNotEchoed(r, s, 'test helcim');
    }
    const later = await cli(['test', 'helcim', '--timeout-ms', '1000', stripe]);
    assert.match(later.stderr, /Unexpected argument 5 /);
    assertNotEchoed(later, stripe, 'test helcim after options');
    const gr4vy = await cli(['test', 'gr4vy', '--instance', 'acme', '--key', 'k.pem', token]);
    assert.equal(gr4vy.code, 2);
    assertNotEchoed(gr4vy, token, 'test gr4vy');
  });

  it('--secret-env <a secret>: the value is not a variable name, or not one to repeat', async () => {
    const base = ['webhook', 'verify', '--provider', 'gr4vy'];
    for (const s of [token, whsec, stripe, upper]) {
      for (const args of [
        [...base, '--secret-env', s],
        [...base, `--secret-env=${s}`],
        [...base, '--secret-env', 'GR4VY_WEBHOOK_SECRET', '--secret-env', s],
        ['webhook', 'send', '--provider', 'helcim', '--secret-env', s, '--to', 'http://127.0.0.1:9/'],
        ['helcimpay', 'verify', '--secret-token-env', s],
      ]) {
        const r = await cli(args, { env: { GR4VY_WEBHOOK_SECRET: rand(ALNUM, 32) }, stdin: '{}' });
        assert.equal(r.code, 2, r.stdout + r.stderr);
        assert.match(r.stderr, /argument \d+/, r.stderr);
        assertNotEchoed(r, s, args.join(' ').replace(s, '<secret>'));
      }
    }
    const placed = await cli([...base, '--format', 'text', '--secret-env', whsec]);
    assert.match(placed.stderr, /The environment variable named in argument 8 is not set/);
    const invalid = await cli([...base, `--secret-env=${token}!`]);
    assert.match(
      invalid.stderr,
      /--secret-env takes the name of the environment variable .*argument 5 is not such a name/,
    );
    // An ordinary name is still repeated, as before.
    const named = await cli([...base, '--secret-env', 'NOPE_NOT_SET']);
    assert.match(named.stderr, /The environment variable NOPE_NOT_SET is not set/);
  });

  it('every other unexpected argument or misplaced value', async () => {
    const env = { GR4VY_WEBHOOK_SECRET: rand(ALNUM, 32) };
    const cases: [string[], RegExp][] = [
      [['webhook', 'verify', '--provider', 'gr4vy', '--secret-env', 'GR4VY_WEBHOOK_SECRET', stripe], /argument 7/],
      [['webhook', 'send', '--provider', 'gr4vy', '--secret-env', 'GR4VY_WEBHOOK_SECRET', stripe], /argument 7/],
      [['helcimpay', 'verify', stripe], /argument 3/],
      [['jwt', 'sign', '--key', 'k.pem', stripe], /argument 5/],
      [['webhook', stripe], /Unknown action in argument 2/],
      [['test', stripe], /Unknown provider in argument 2/],
      [[stripe], /unknown command \(argument 1, not shown\)/],
      [['webhook', 'verify', '--provider', stripe, '--secret-env', 'GR4VY_WEBHOOK_SECRET'], /--provider/],
      [
        ['webhook', 'verify', '--provider', 'gr4vy', '--secret-env', 'GR4VY_WEBHOOK_SECRET', '--format', stripe],
        /--format/,
      ],
      [
        ['webhook', 'verify', '--provider', 'gr4vy', '--secret-env', 'GR4VY_WEBHOOK_SECRET', '--tolerance-s', stripe],
        /--tolerance-s/,
      ],
      [['scan', '--format', stripe], /--format/],
      [['scan', '--jobs', stripe], /--jobs/],
    ];
    for (const [args, why] of cases) {
      const r = await cli(args, { env, stdin: '{}' });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, why);
      assertNotEchoed(r, stripe, args.join(' ').replace(stripe, '<secret>'));
    }
    // Short plain mistakes are still repeated: they help and hold no secret.
    assert.match((await cli(['scan', '--format', 'jsno'])).stderr, /got "jsno"/);
    assert.match((await cli(['webhook', 'frobnicate'])).stderr, /Unknown action "frobnicate"/);
  });
});
