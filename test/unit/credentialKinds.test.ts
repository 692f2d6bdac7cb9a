// One corpus per credential kind the scanner claims beyond the basics: must flag, must not flag.
// Every value is built at run time from each provider's documented format.
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { scan } from '../../src/core/scanner/scan';
import { pemLabel } from './fixtures';
import { rand } from './secretFixtures';

const HEX = '0123456789abcdef';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const URLSAFE = `${ALNUM}_-`;
const j = (...parts: string[]) => parts.join('');

const plaidSecret = rand(HEX, 30);
const paypalId = j('A', rand(URLSAFE, 79));
const paypalSecret = j('E', rand(URLSAFE, 79));
const flwEnc = j('FLWSECK', '_TEST', rand(HEX, 12));
const squareSandboxToken = j('sandbox-', 'sq0atb-', rand(URLSAFE, 22));
const squareSandboxSecret = j('sandbox-', 'sq0csb-', rand(URLSAFE, 43));
const braintreeKey = rand(HEX, 32);
const razorpaySecret = rand(ALNUM, 24);
const razorpayId = j('rzp', '_test_', rand(ALNUM, 14));

const pkcs8 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  .privateKey.export({ format: 'pem', type: 'pkcs8' })
  .toString();
const pemLines = pkcs8.trim().split('\n');
const bodyLines = pemLines.slice(1, -1);
const BEGIN = pemLabel('PRIVATE KEY', 'BEGIN');
const END = pemLabel('PRIVATE KEY', 'END');

/** The rule ids found in `text`. */
const rules = (text: string) => scan(text).map((f) => f.ruleId);

function flags(cases: [string, string, string][]) {
  for (const [name, text, rule] of cases)
    it(name, () => assert.ok(rules(text).includes(rule), `${rule} not in ${rules(text).join(',')}:\n${text}`));
}
function clean(cases: [string, string][]) {
  for (const [name, text] of cases) it(name, () => assert.deepEqual(rules(text), [], text));
}

describe('credential kinds: must flag', () => {
  flags([
    ['Plaid secret in .env', `PLAID_CLIENT_ID=${rand(HEX, 24)}\nPLAID_SECRET=${plaidSecret}\n`, 'plaid-secret'],
    [
      'Plaid secret in a JS config',
      `const plaid = new PlaidApi({ clientId: 'x', secret: '${plaidSecret}' });`,
      'plaid-secret',
    ],
    ['Plaid sandbox secret name', `PLAID_SANDBOX_SECRET="${plaidSecret}"`, 'plaid-secret'],
    ['PayPal secret by name', `PAYPAL_CLIENT_SECRET=${paypalSecret}\n`, 'paypal-client-secret'],
    [
      'PayPal secret next to the client id',
      `paypal.configure('${paypalId}', '${paypalSecret}')`,
      'paypal-client-secret',
    ],
    ['Flutterwave encryption key', `FLW_ENCRYPTION_KEY=${flwEnc}\n`, 'flutterwave-encryption-key'],
    [
      'Flutterwave encryption key with a dash',
      `const k = '${j('FLWSECK', '_TEST-', rand(HEX, 12))}';`,
      'flutterwave-encryption-key',
    ],
    ['Square sandbox access token', `SQUARE_TOKEN=${squareSandboxToken}\n`, 'square-access-token'],
    ['Square sandbox OAuth secret', `const s = "${squareSandboxSecret}";`, 'square-oauth-secret'],
    [
      'Braintree key, unquoted .env',
      `BRAINTREE_MERCHANT_ID=abc\nBRAINTREE_PRIVATE_KEY=${braintreeKey}\n`,
      'braintree-private-key',
    ],
    [
      'Braintree key, PHP array',
      `$gateway = new Braintree\\Gateway([\n  'environment' => 'sandbox',\n  'privateKey' => '${braintreeKey}',\n]);`,
      'braintree-private-key',
    ],
    [
      'Braintree key, positional Java constructor',
      `new BraintreeGateway(Environment.SANDBOX, "merchant", "public", "${braintreeKey}");`,
      'braintree-private-key',
    ],
    [
      'Braintree key, Jenkins XML',
      `<braintree>\n  <privateKey>${braintreeKey}</privateKey>\n</braintree>`,
      'braintree-private-key',
    ],
    [
      'Razorpay secret, positional',
      `client = razorpay.Client(auth=("${razorpayId}", "${razorpaySecret}"))`,
      'razorpay-key-secret',
    ],
    [
      'Razorpay secret, unquoted .env',
      `RAZORPAY_KEY_ID=${razorpayId}\nRAZORPAY_KEY_SECRET=${razorpaySecret}\n`,
      'razorpay-key-secret',
    ],
    ['Razorpay secret, XML', `<razorpay><keySecret>${razorpaySecret}</keySecret></razorpay>`, 'razorpay-key-secret'],
    [
      'PGP private key block',
      `${pemLabel('PGP PRIVATE KEY BLOCK', 'BEGIN')}\nVersion: GnuPG v2\n\n${randomBytes(600)
        .toString('base64')
        .replace(/(.{64})/g, '$1\n')}\n=${rand(ALNUM, 4)}\n${pemLabel('PGP PRIVATE KEY BLOCK', 'END')}\n`,
      'private-key-pem',
    ],
    [
      'legacy encrypted PEM (Proc-Type, DEK-Info)',
      `${pemLabel('RSA PRIVATE KEY', 'BEGIN')}\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,${rand(HEX, 32).toUpperCase()}\n\n${randomBytes(
        600,
      )
        .toString('base64')
        .replace(/(.{64})/g, '$1\n')}\n${pemLabel('RSA PRIVATE KEY', 'END')}\n`,
      'private-key-pem',
    ],
    [
      'PEM concatenated in JS',
      `const key =\n  '${BEGIN}\\n' +\n${bodyLines.map((l) => `  '${l}\\n' +`).join('\n')}\n  '${END}\\n';`,
      'private-key-pem',
    ],
    [
      'PEM concatenated in Java with System.lineSeparator()',
      `String key = "${BEGIN}" + System.lineSeparator()\n${bodyLines.map((l) => `    + "${l}" + System.lineSeparator()`).join('\n')}\n    + "${END}";`,
      'private-key-pem',
    ],
    [
      'PEM concatenated in C#',
      `var key = "${BEGIN}" + Environment.NewLine +\n${bodyLines.map((l) => `  "${l}" + Environment.NewLine +`).join('\n')}\n  "${END}";`,
      'private-key-pem',
    ],
    [
      'PEM in Python implicit concatenation',
      `KEY = (\n    "${BEGIN}\\n"\n${bodyLines.map((l) => `    "${l}\\n"`).join('\n')}\n    "${END}\\n"\n)`,
      'private-key-pem',
    ],
    ['PEM with CRLF line ends', `${pemLines.join('\r\n')}\r\n`, 'private-key-pem'],
    ['PEM with escaped \\\\n in JSON', JSON.stringify({ key: pkcs8.replace(/\n/g, '\\n') }), 'private-key-pem'],
  ]);
});

describe('credential kinds: must not flag', () => {
  clean([
    ['30 hex with no Plaid context', `SECRET=${plaidSecret}\n`],
    ['a Plaid secret placeholder', 'PLAID_SECRET=your-plaid-secret-here\n'],
    ['an 80-character value with no PayPal context', `CLIENT_SECRET=${paypalSecret}\n`],
    ['a PayPal env lookup', 'const secret = process.env.PAYPAL_CLIENT_SECRET;'],
    ['a Braintree env lookup', 'privateKey: process.env.BRAINTREE_PRIVATE_KEY, // braintree'],
    ['32 hex with no Braintree context', `PRIVATE_KEY_ID=${braintreeKey}\n`],
    ['Razorpay key id alone', `RAZORPAY_KEY_ID=${razorpayId}\n`],
    [
      'a public key block',
      generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
        .publicKey.export({ format: 'pem', type: 'spki' })
        .toString(),
    ],
    ['a truncated PEM (no END)', pemLines.slice(0, 4).join('\n')],
    ['a PEM placeholder', `${BEGIN}\n...\n${END}\n`],
  ]);
});

describe('the clock is injected', () => {
  it('a signed JWT is an error before its expiry and a note after it, by the clock given to scan()', () => {
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const exp = 2_000_000_000;
    const jwt = `${b64({ alg: 'ES512' })}.${b64({ exp, scopes: ['*.read'] })}.${randomBytes(132).toString('base64url')}`;
    const at = (ms: number) => scan(`const t = '${jwt}';`, { now: ms }).map((f) => f.severity);
    assert.deepEqual(at(exp * 1000 - 1000), ['error']);
    assert.deepEqual(at(exp * 1000 + 1000), ['info']);
  });
});
