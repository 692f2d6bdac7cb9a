import { compactVerify, errors as joseErrors, jwtVerify } from 'jose';
import { describeError } from '../errors';
import type { VerificationKey } from '../keys/publicKey';
import { decodeJwt } from './decode';

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
        message:
          `Signature valid, but ${nbf ? 'the token is not valid yet' : `the "${e.claim}" claim is invalid`}` +
          ` (${e.message})`,
      };
    }
    if (e instanceof joseErrors.JWSSignatureVerificationFailed)
      return { ok: false, code: 'badSignature', message: `The signature does not match this ${key.description}` };
    if (e instanceof joseErrors.JWTInvalid || e instanceof joseErrors.JWSInvalid)
      return { ok: false, code: 'malformed', message: `The token is malformed: ${e.message}` };
    return { ok: false, code: 'badSignature', message: `Verification failed: ${describeError(e)}` };
  }
}
