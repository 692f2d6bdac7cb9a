// Secret-shaped values for scanner tests, generated at run time from parts: none is in the repo.
import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';
import { helcimToken, pemLabel } from './fixtures';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

export function rand(alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[randomInt(alphabet.length)];
  return s;
}
const uuid = () => [8, 4, 4, 4, 12].map((n) => rand(HEX, n)).join('-');
const j = (...parts: string[]) => parts.join('');

/** One value per rule that must be flagged. */
export function secrets() {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'secp521r1' });
  const jwk = privateKey.export({ format: 'jwk' });
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return {
    helcim: helcimToken(),
    stripeLive: j('sk', '_live_', rand(ALNUM, 32)),
    stripeTest: j('sk', '_test_', rand(ALNUM, 32)),
    stripeRestricted: j('rk', '_live_', rand(ALNUM, 40)),
    stripeWebhook: j('wh', 'sec_', rand(ALNUM, 32)),
    squareAccess: j('EA', 'AA', rand(`${ALNUM}_-`, 60)),
    squareAtp: j('sq0', 'atp-', rand(`${ALNUM}_-`, 22)),
    squareSecret: j('sq0', 'csp-', rand(`${ALNUM}_-`, 43)),
    shopify: j('shp', 'at_', rand(HEX, 32)),
    shopifySecret: j('shp', 'ss_', rand(HEX, 32)),
    plaid: j('access-', 'production-', uuid()),
    braintree: j('access_token', '$production$', rand('0123456789abcdefghijklmnopqrstuvwxyz', 16), '$', rand(HEX, 32)),
    braintreeKey: rand(HEX, 32),
    adyen: j('AQE', rand(`${ALNUM}+/`, 80)),
    checkout: j('sk', '_sbox_', rand('abcdefghijklmnopqrstuvwxyz0123456789', 26)),
    gocardless: j('live', '_', rand(ALNUM, 40)),
    razorpaySecret: rand(ALNUM, 24),
    mollie: j('live', '_', rand(ALNUM, 30)),
    paystack: j('sk', '_live_', rand(HEX, 40)),
    flutterwave: j('FLWSECK', '-', rand(HEX, 32), '-X'),
    pem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    pemSec1: privateKey.export({ format: 'pem', type: 'sec1' }).toString(),
    rsaPem: generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ format: 'pem', type: 'pkcs1' })
      .toString(),
    jwkD: String(jwk.d),
    jwkJson: JSON.stringify(jwk),
    jwt: `${b64({ alg: 'ES512', typ: 'JWT', kid: 'k' })}.${b64({ scopes: ['*.read'], exp, jti: 'x' })}.${randomBytes(132).toString('base64url')}`,
    expiredJwt: `${b64({ alg: 'RS256' })}.${b64({ sub: 'u', exp: 1_600_000_000 })}.${randomBytes(256).toString('base64url')}`,
    publicPem: generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
      .publicKey.export({ format: 'pem', type: 'spki' })
      .toString(),
    label: pemLabel,
  };
}
