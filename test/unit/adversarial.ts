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
};
