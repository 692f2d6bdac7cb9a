// Inputs made to break a scanner: repeated headers with no end, unterminated quotes, long runs of a
// token alphabet, nested escapes, deep nesting. Shared by the linear-time test and `npm run bench`.
import { pemLabel } from './fixtures';

/** Repeats `unit` until the text is at least `n` characters long. */
function fill(prefix: string, unit: (i: number) => string, n: number): string {
  const parts = [prefix];
  let len = prefix.length;
  for (let i = 0; len < n; i++) {
    const u = unit(i);
    parts.push(u);
    len += u.length;
  }
  return parts.join('');
}

const TOKENISH = 'aB3x9Qz7!%@_.';
const BEGIN = pemLabel('PRIVATE KEY', 'BEGIN');
const END = pemLabel('PRIVATE KEY', 'END');
const token = (i: number) => `${TOKENISH.repeat(4)}${i.toString(36)}`;

/** Name → generator of an adversarial text of about `n` characters. */
export const ADVERSARIAL: Record<string, (n: number) => string> = {
  'PEM headers, no END': (n) => fill('', () => `${pemLabel('PRIVATE KEY', 'BEGIN')}\n`, n),
  'PGP headers, no END': (n) => fill('', () => `${pemLabel('PGP PRIVATE KEY BLOCK', 'BEGIN')}\n`, n),
  'PEM header, endless body': (n) => fill(`${pemLabel('PRIVATE KEY', 'BEGIN')}\n`, () => 'QUJD', n),
  'nested escapes in a PEM string': (n) => fill(`"${pemLabel('PRIVATE KEY', 'BEGIN')}`, () => '\\\\\\n" + "', n),
  'unterminated quotes after Helcim names': (n) => fill('', (i) => `helcim_api_token = "${token(i)} `, n),
  'api-token headers, no closing quote': (n) => fill('helcim ', (i) => `'api-token': '${token(i)}`, n),
  'token alphabet run': (n) => fill('helcim=', () => TOKENISH, n),
  'deep JSON nesting under Helcim': (n) => fill('{"helcim":', (i) => `{"token": "${token(i)}", "x":`, n),
  'deep YAML indentation': (n) => fill('helcim:\n', (i) => `${' '.repeat((i % 200) + 1)}token: ${token(i)}\n`, n),
  'TOML sections': (n) => fill('', (i) => `[helcim]\ntoken = "${token(i)}"\n`, n),
  'JWK "d" with no end': (n) => fill('{"kty":"EC","d":"', () => 'abcdEFGH', n),
  'JWT parts with no end': (n) => fill('eyJ', (i) => (i % 1000 === 999 ? '.eyJ' : 'abcdEFGH'), n),
  'payment key prefixes': (n) => fill('', () => 'sk_live_ rk_live_ whsec_ sq0atp- shpat_ FLWSECK_TEST ', n),
  'named secrets with no value': (n) =>
    fill('plaid paypal braintree razorpay ', () => 'PLAID_SECRET= PAYPAL_SECRET= privateKey: secret= ', n),
  'gateway calls with no end': (n) => fill('braintree ', () => 'BraintreeGateway(Environment.SANDBOX, "a", "b", ', n),
  'ignore directives': (n) => fill('', () => 'payapi-ignore-next-line\n', n),
  // The review of 2026-12-02 (#3, #4, #6) and variants: many BEGIN lines before one END, and runs
  // that every start position of a pattern would read to their end.
  'review #3: BEGIN lines, checksum line, spaces, END': (n) =>
    fill('', () => `${`${BEGIN}\n`.repeat(30)}\n=AAAA${' '.repeat(11_000)}x\n${END}\n`, n),
  'many BEGIN lines before each END': (n) => fill('', () => `${`${BEGIN}\n`.repeat(400)}QUJD\n${END}\n`, n),
  'BEGIN and END lines alternating': (n) => fill('', () => `${BEGIN}\n${END}\n`, n),
  'BEGIN lines and quoted spaces': (n) => fill('', () => `"${BEGIN}\\n" +${' '.repeat(500)}\n`, n),
  'review #4: eyJ- in one line': (n) => fill('', () => 'eyJ-', n),
  'review #6: webhook body of eyJ-': (n) => `{"event":"${fill('', () => 'eyJ-', n)}"}`,
  'eyJ runs split by dots': (n) => fill('', () => 'eyJ-eyJ-eyJ.eyJ-', n),
  'TOML lines of brackets under Helcim': (n) =>
    fill(`helcim_api_token = "${token(0)}"\n`, (i) => `${'['.repeat(150)}\r${i % 50 === 0 ? '\n' : ''}`, n),
  'YAML keys of dashes under Helcim': (n) =>
    fill('helcim:\n', (i) => `${'-'.repeat(200)}:${' '.repeat(50)}x\n  token: ${token(i)}\n`, n),
};

/**
 * What each rule's patterns key on: its anchor's words and key prefixes, the names it reads before a
 * value, the first characters of its values. The one-line growth test repeats them, alone and
 * together, joined by each of {@link ONE_LINE_SEPARATORS}. Every rule needs an entry.
 */
export const RULE_WORDS: Record<string, string[]> = {
  'helcim-api-token': ['helcim', 'api-token', 'helcim_api_token=', '"apiToken":"', TOKENISH],
  'helcim-pay-secret-token': ['helcim', 'secretToken', 'helcimPaySecretToken: ', TOKENISH],
  'private-key-pem': [BEGIN, '-----BEGIN ', END, '\\n', '=AAAA', 'Proc-Type: 4,ENCRYPTED'],
  'private-key-jwk': ['"kty"', '"d"', ':"', 'abcdEFGH'],
  'paystack-secret-key': ['sk_live_', 'sk_test_', '0123abcd'],
  'stripe-secret-key': ['sk_live_', 'sk_test_', 'aB3x9Qz7'],
  'stripe-restricted-key': ['rk_live_', 'rk_test_', 'aB3x9Qz7'],
  'stripe-webhook-secret': ['whsec_', 'aB3x9Qz7'],
  'square-access-token': ['EAAA', 'sq0atp-', 'sandbox-sq0atb-', 'aB3x_9-Q'],
  'square-oauth-secret': ['sq0csp-', 'sandbox-sq0csb-', 'aB3x_9-Q'],
  'shopify-access-token': ['shpat_', 'shpca_', '0123abcd'],
  'shopify-shared-secret': ['shpss_', '0123abcd'],
  'plaid-access-token': ['access-sandbox-', 'access-production-', '0123abcd-'],
  'braintree-access-token': ['access_token$production$', 'access_token$', '0123abcd$'],
  'braintree-private-key': ['braintree', 'privateKey', 'private_key=', '<privateKey>', 'BraintreeGateway(', '"a",'],
  'adyen-api-key': ['adyen', 'x-api-key', 'AQE', 'aB3x+9/Q='],
  'checkout-secret-key': ['sk_sbox_', 'sk_test_', 'sk_0123abcd-', '0123-'],
  'gocardless-access-token': ['gocardless', 'live_', 'sandbox_', 'aB3x_9=Q'],
  'razorpay-key-secret': ['razorpay', 'rzp_live_', 'key_secret', '<secret>', 'secret='],
  'mollie-api-key': ['mollie', 'live_', 'test_', 'aB3x9Qz7'],
  'flutterwave-secret-key': ['FLWSECK-', 'FLWSECK_TEST-', '0123abcd', '-X'],
  'flutterwave-encryption-key': ['FLWSECK', 'FLWSECK_TEST', '0123abcd'],
  'plaid-secret': ['plaid', 'PLAID_SECRET', 'plaid_secret=', '<secret>', '0123abcd'],
  'paypal-client-secret': ['paypal', 'PAYPAL_CLIENT_SECRET', 'client_secret=', '"A', 'aB3x_9-Q'],
  jwt: ['eyJ', 'eyJhbGciOiJIUzI1NiJ9', '.eyJ', 'eyJ0'],
  'public-env-secret': [
    'NEXT_PUBLIC_',
    'VITE_KEY',
    'NEXT_PUBLIC_HELCIM_API_TOKEN',
    '\n',
    'sk_live_',
    '=',
    'VITE_',
    'PUBLIC_ENV__HELCIM_TOKEN',
    'MIX_',
  ],
  'client-config-secret': [
    'helcim',
    'DefinePlugin(',
    '{',
    'HELCIM_API_TOKEN',
    '"',
    '/*',
    'process.env.STRIPE_SECRET_KEY',
  ],
  'browser-server-call': [
    "'use client'",
    '<script>',
    '//api.helcim.com',
    'process.env.HELCIM_API_TOKEN',
    "from 'stripe'",
    '{{ settings.STRIPE_SECRET_KEY }}',
    '<?= getenv(',
  ],
  'helcim-pay-secret-token-exposed': ['helcim-pay/initialize', 'secretToken', 'res.json(', 'return {', 'data'],
  'secret-in-log': [
    'console.log(',
    'helcimApiToken',
    'process.env.HELCIM_API_TOKEN',
    '`${',
    ')',
    'print(f"{',
    'echo $',
    'helcim-pay/initialize',
    'data = await r.json()',
    'data.secretToken',
    'if (!r.ok) {',
  ],
};

/** What joins the words of a one-line input: nothing, a dash, a space, an assignment with a quote, a quote. */
export const ONE_LINE_SEPARATORS = ['', '-', ' ', '="', "'"];

/** `words` repeated in turn, each followed by `separator`, on one line of at least `n` characters. */
export function oneLine(words: readonly string[], separator: string, n: number): string {
  const cycle = words.map((w) => w + separator).join('');
  return cycle.repeat(Math.ceil(n / cycle.length));
}
