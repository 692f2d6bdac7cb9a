import { type KeyObject, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { type JWK, calculateJwkThumbprint } from 'jose';
import { invalidInput, unsupported } from '../errors';

/**
 * The algorithm RSA keys sign with. Gr4vy's API docs ("Authenticate an API call", Algorithm)
 * accept RSA keys beside ECDSA; RS512 (RSASSA-PKCS1-v1_5 with SHA-512) mirrors the SHA-512 of
 * ES512. Taken from the docs, not from a live call: `npm run verify:live` is where to confirm it.
 */
export const RSA_ALGORITHM = 'RS512';

/** Smaller RSA keys are refused: NIST SP 800-131A retired them in 2013. */
export const MIN_RSA_BITS = 2048;
/** Larger keys are not used for JWTs and make every check slow. */
const MAX_RSA_BITS = 16384;

/** The public half of an RSA key as a JWK: the members its RFC 7638 thumbprint covers. */
export interface RsaPublicJwk {
  kty: 'RSA';
  n: string;
  e: string;
}

/**
 * Checks an RSA private key for signing RS512 tokens and returns its public JWK, kid (RFC 7638
 * thumbprint over `{e, kty, n}`) and size. Refuses RSA-PSS-only keys, keys under 2048 bits and
 * keys whose parts do not belong together (a signature made with it does not verify).
 */
export async function describeRsaKey(
  keyObject: KeyObject,
): Promise<{ publicJwk: RsaPublicJwk; kid: string; bits: number }> {
  if (keyObject.asymmetricKeyType === 'rsa-pss')
    throw unsupported('This is an RSA-PSS key; RS512 needs a plain RSA key', 'Create a plain RSA key (not RSA-PSS).');
  const bits = keyObject.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS)
    throw unsupported(
      `This RSA key has ${bits} bits; at least ${MIN_RSA_BITS} are needed`,
      'Create a new key of 2048 bits or more (ECDSA P-521 is preferred).',
    );
  if (bits > MAX_RSA_BITS)
    throw unsupported(`This RSA key has ${bits} bits; keys over ${MAX_RSA_BITS} bits are not used for JWTs`);
  const jwk = keyObject.export({ format: 'jwk' }) as JWK;
  const publicJwk: RsaPublicJwk = { kty: 'RSA', n: jwk.n ?? '', e: jwk.e ?? '' };
  const e = Buffer.from(publicJwk.e, 'base64url');
  // An exponent of 1 (or an even one) makes "signatures" anyone can forge or none can check.
  if (e.length === 0 || (e.length === 1 && (e[0] ?? 0) < 3) || ((e.at(-1) ?? 0) & 1) === 0)
    throw invalidInput(
      'This RSA key has an unusable public exponent',
      'Create a new key (the usual exponent is 65537).',
    );
  assertRsaConsistent(keyObject, publicJwk);
  return { publicJwk, kid: await calculateJwkThumbprint(publicJwk, 'sha256'), bits };
}

/** A signature made with the private key must verify with its public half. */
function assertRsaConsistent(keyObject: KeyObject, publicJwk: RsaPublicJwk): void {
  const probe = Buffer.from('payment-api-toolkit key check');
  let ok = false;
  try {
    const signature = sign('sha512', probe, keyObject);
    ok = verify('sha512', probe, createPublicKey({ key: { ...publicJwk }, format: 'jwk' }), signature);
  } catch {
    ok = false;
  }
  if (!ok)
    throw invalidInput(
      'The key is damaged: its private and public parts do not belong together',
      'Copy the whole key again; a JWK must keep n, e, d, p, q, dp, dq and qi of one key.',
    );
}

/** An RSA private JWK as a KeyObject; throws when members are missing or do not fit together. */
export function rsaKeyFromJwk(o: Record<string, unknown>): KeyObject {
  for (const c of ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const) {
    if (typeof o[c] !== 'string' || !/^[A-Za-z0-9_-]+$/.test(o[c]))
      throw invalidInput(`The RSA JWK member "${c}" is missing or not base64url`);
  }
  const key = Object.fromEntries(['kty', 'n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'].map((c) => [c, o[c]])) as JWK;
  try {
    return createPrivateKey({ key: key as JWK & object, format: 'jwk' });
  } catch {
    throw invalidInput('The JWK does not describe a valid RSA private key (its members do not fit together)');
  }
}
