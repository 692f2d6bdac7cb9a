import { type KeyObject, X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { type JWK, calculateJwkThumbprint, compactVerify, errors as joseErrors, jwtVerify } from 'jose';
import { AppError, ErrorCodes, describeError } from '../errors';
import { decodeJwt } from './decode';

/** A public key ready to verify with, and what it allows. */
export interface VerificationKey {
  keyObject: KeyObject;
  /** "EC P-521 public key (SPKI PEM)", "X.509 certificate (CN=…)", … */
  description: string;
  /** The only algorithms this key may verify: no algorithm confusion. */
  algorithms: string[];
  /** RFC 7638 SHA-256 thumbprint of the public key. */
  thumbprint: string;
  /** The text held a private key (the public half was derived). */
  wasPrivate: boolean;
}

const EC_ALGS: Record<string, { alg: string; crv: string; bytes: number }> = {
  prime256v1: { alg: 'ES256', crv: 'P-256', bytes: 32 },
  secp384r1: { alg: 'ES384', crv: 'P-384', bytes: 48 },
  secp521r1: { alg: 'ES512', crv: 'P-521', bytes: 66 },
};

function invalid(message: string, hint?: string): AppError {
  return new AppError(ErrorCodes.invalidInput, message, hint === undefined ? {} : { hint });
}

/** Left-pads an EC coordinate to its curve's full length (thumbprints are over the full form). */
function padCoordinate(c: string | undefined, bytes: number): string {
  const b = Buffer.from(c ?? '', 'base64url');
  return (b.length >= bytes ? b : Buffer.concat([Buffer.alloc(bytes - b.length), b])).toString('base64url');
}

/** The algorithms and thumbprint of a public key. */
export async function describePublicKey(
  pub: KeyObject,
): Promise<{ algorithms: string[]; thumbprint: string; name: string }> {
  const jwk = pub.export({ format: 'jwk' }) as JWK;
  if (pub.asymmetricKeyType === 'ec') {
    const curve = EC_ALGS[pub.asymmetricKeyDetails?.namedCurve ?? ''];
    if (!curve)
      throw new AppError(
        ErrorCodes.unsupported,
        `EC curve ${pub.asymmetricKeyDetails?.namedCurve ?? '(unknown)'} is not used for JWTs`,
      );
    const thumbprint = await calculateJwkThumbprint(
      { kty: 'EC', crv: curve.crv, x: padCoordinate(jwk.x, curve.bytes), y: padCoordinate(jwk.y, curve.bytes) },
      'sha256',
    );
    return { algorithms: [curve.alg], thumbprint, name: `EC ${curve.crv}` };
  }
  if (pub.asymmetricKeyType === 'rsa') {
    return {
      algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'],
      thumbprint: await calculateJwkThumbprint(jwk, 'sha256'),
      name: `RSA ${pub.asymmetricKeyDetails?.modulusLength ?? ''}-bit`.trim(),
    };
  }
  if (pub.asymmetricKeyType === 'ed25519')
    return {
      algorithms: ['EdDSA', 'Ed25519'],
      thumbprint: await calculateJwkThumbprint(jwk, 'sha256'),
      name: 'Ed25519',
    };
  throw new AppError(ErrorCodes.unsupported, `${pub.asymmetricKeyType ?? 'This'} keys are not used for JWTs here`);
}

/**
 * Reads a key to verify JWTs with: a PEM public key (SPKI or PKCS#1), a certificate, a private
 * key (PKCS#8 or SEC1; its public half is used), or a JWK. Throws an AppError naming the problem.
 */
export async function readVerificationKey(input: string): Promise<VerificationKey> {
  let text = input.trim();
  if (!text.includes('\n') && text.includes('\\n')) text = text.replace(/\\n/g, '\n');
  if (text === '') throw invalid('No key was given');
  let pub: KeyObject;
  let kind: string;
  let wasPrivate = false;
  try {
    if (text.startsWith('{')) {
      let jwk: Record<string, unknown>;
      try {
        jwk = JSON.parse(text) as Record<string, unknown>;
      } catch {
        throw invalid('The key looks like JSON but does not parse');
      }
      if (jwk.kty === 'oct')
        throw new AppError(
          ErrorCodes.unsupported,
          'This is a symmetric (HMAC) key; only public-key algorithms are verified here',
        );
      wasPrivate = typeof jwk.d === 'string';
      pub = wasPrivate
        ? createPublicKey(createPrivateKey({ key: jwk as JWK & object, format: 'jwk' }))
        : createPublicKey({ key: jwk as JWK & object, format: 'jwk' });
      kind = wasPrivate ? 'private JWK' : 'public JWK';
    } else {
      const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text)?.[1];
      if (!label) throw invalid('This is not a PEM key, a certificate or a JWK');
      if (!/-----END [A-Z0-9 ]+-----/.test(text)) throw invalid('The PEM is truncated: its "-----END" line is missing');
      if (label === 'ENCRYPTED PRIVATE KEY')
        throw new AppError(ErrorCodes.unsupported, 'This private key is encrypted', {
          hint: 'Use the public key (or a certificate) instead: it is all verification needs.',
        });
      if (label === 'CERTIFICATE') {
        const cert = new X509Certificate(text);
        pub = cert.publicKey;
        kind = `X.509 certificate (${cert.subject.replace(/\n/g, ', ')})`;
      } else if (label === 'PRIVATE KEY' || label === 'EC PRIVATE KEY' || label === 'RSA PRIVATE KEY') {
        wasPrivate = true;
        pub = createPublicKey(createPrivateKey(text));
        kind = `${label === 'PRIVATE KEY' ? 'PKCS#8' : label === 'EC PRIVATE KEY' ? 'SEC1' : 'PKCS#1'} private key`;
      } else if (label === 'PUBLIC KEY' || label === 'RSA PUBLIC KEY') {
        pub = createPublicKey(text);
        kind = label === 'PUBLIC KEY' ? 'SPKI public key' : 'PKCS#1 public key';
      } else {
        throw new AppError(ErrorCodes.unsupported, `A PEM block of type "${label}" cannot verify JWTs`);
      }
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw invalid('The key could not be read: it is damaged or not a key', 'Paste the whole PEM block or JWK.');
  }
  const d = await describePublicKey(pub);
  return {
    keyObject: pub,
    description: `${d.name} ${kind}`,
    algorithms: d.algorithms,
    thumbprint: d.thumbprint,
    wasPrivate,
  };
}

export type VerifyCode =
  'valid' | 'badSignature' | 'expired' | 'notYetValid' | 'algorithmNotAllowed' | 'malformed' | 'claimInvalid';

export interface VerifyResult {
  ok: boolean;
  code: VerifyCode;
  message: string;
  /** Set when the signature is good but expiry was ignored on request. */
  expiryIgnored?: boolean;
}

/**
 * Verifies a JWT's signature and time claims with `key`, allowing only the key's own algorithms.
 * `now` is injectable; `ignoreExpiry` still checks the signature (for re-signing old tokens).
 * Never throws for a bad token: the result says why.
 */
export async function verifyJwt(
  token: string,
  key: VerificationKey,
  opts: { now?: Date; ignoreExpiry?: boolean; clockToleranceSeconds?: number } = {},
): Promise<VerifyResult> {
  let compact: string;
  let alg: string;
  try {
    const d = decodeJwt(token);
    compact = d.token;
    alg = String(d.header.alg);
  } catch (e) {
    return { ok: false, code: 'malformed', message: describeError(e) };
  }
  if (!key.algorithms.includes(alg)) {
    return {
      ok: false,
      code: 'algorithmNotAllowed',
      message: `The token says alg ${alg}, but this ${key.description} only verifies ${key.algorithms.join(', ')}`,
    };
  }
  try {
    await jwtVerify(compact, key.keyObject, {
      algorithms: key.algorithms,
      currentDate: opts.now ?? new Date(),
      clockTolerance: opts.clockToleranceSeconds ?? 0,
    });
    return {
      ok: true,
      code: 'valid',
      message: `Signature valid (${alg}, ${key.description}) and the token is within its time window`,
    };
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) {
      if (opts.ignoreExpiry)
        return {
          ok: true,
          code: 'valid',
          expiryIgnored: true,
          message: `Signature valid (${alg}); the token has expired, which was ignored as asked`,
        };
      return { ok: false, code: 'expired', message: `Signature valid, but the token has expired (${e.message})` };
    }
    if (e instanceof joseErrors.JWTClaimValidationFailed) {
      const nbf = e.claim === 'nbf';
      try {
        await compactVerify(compact, key.keyObject, { algorithms: key.algorithms });
      } catch {
        return { ok: false, code: 'badSignature', message: 'The signature does not match this key' };
      }
      return {
        ok: false,
        code: nbf ? 'notYetValid' : 'claimInvalid',
        message: `Signature valid, but ${nbf ? 'the token is not valid yet' : `the "${e.claim}" claim is invalid`} (${e.message})`,
      };
    }
    if (e instanceof joseErrors.JWSSignatureVerificationFailed)
      return { ok: false, code: 'badSignature', message: `The signature does not match this ${key.description}` };
    if (e instanceof joseErrors.JWTInvalid || e instanceof joseErrors.JWSInvalid)
      return { ok: false, code: 'malformed', message: `The token is malformed: ${e.message}` };
    return { ok: false, code: 'badSignature', message: `Verification failed: ${describeError(e)}` };
  }
}
