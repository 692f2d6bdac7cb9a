import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { AppError, ErrorCodes } from '../errors';
import type { SigningKey } from '../keys/privateKey';
import { TOOL_ID } from '../version';

export interface Gr4vyTokenOptions {
  scopes: string[];
  /** Lifetime in seconds; the official SDKs use 30. */
  expiresInSeconds?: number;
  /** Defaults to this tool's name and version. */
  issuer?: string;
  embed?: Record<string, unknown>;
  checkoutSessionId?: string;
  /** The clock, injectable for tests. */
  now?: () => Date;
  /** The `jti` source, injectable for tests; a UUID by default. */
  jti?: () => string;
}

/**
 * Signs a Gr4vy API token as the official SDKs do: header `{typ: JWT, alg: ES512, kid}`, claims
 * `iss`, `nbf` = `iat` = now and `exp` in whole seconds, a fresh UUID `jti`, `scopes`, and optional
 * `embed` and `checkout_session_id`. The signature is the 132-byte IEEE P1363 form.
 *
 * @example
 * const jwt = await signGr4vyToken(key, { scopes: ['buyers.read'] });
 */
export async function signGr4vyToken(key: SigningKey, opts: Gr4vyTokenOptions): Promise<string> {
  const expiresIn = opts.expiresInSeconds ?? 30;
  if (!Number.isInteger(expiresIn) || expiresIn <= 0) throw new AppError(ErrorCodes.invalidInput, `The lifetime must be a whole number of seconds above 0 (got ${expiresIn})`);
  if (opts.scopes.length === 0) throw new AppError(ErrorCodes.invalidInput, 'A Gr4vy token needs at least one scope');
  const now = Math.floor((opts.now ?? (() => new Date()))().getTime() / 1000);
  const claims: Record<string, unknown> = { scopes: opts.scopes };
  if (opts.embed) claims.embed = opts.embed;
  if (opts.checkoutSessionId) claims.checkout_session_id = opts.checkoutSessionId;
  return new SignJWT(claims)
    .setProtectedHeader({ typ: 'JWT', alg: 'ES512', kid: key.kid })
    .setIssuer(opts.issuer ?? TOOL_ID)
    .setNotBefore(now)
    .setIssuedAt(now)
    .setExpirationTime(now + expiresIn)
    .setJti((opts.jti ?? randomUUID)())
    .sign(key.keyObject);
}
