import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { AppError, ErrorCodes } from '../../errors';
import type { SigningKey } from '../../keys/privateKey';
import type { TokenOptions } from '../../jwt/profile';
import { GR4VY_DEFAULT_SCOPES, GR4VY_EMBED_SCOPE } from './scopes';
import { TOOL_ID } from '../../version';
import { decodeJwt } from '../../jwt/decode';

export const DEFAULT_EXPIRY_SECONDS = 30;
export const EMBED_EXPIRY_SECONDS = 3600;

/**
 * Options of a Gr4vy token: scopes default to `*.read`, `*.write` (`embed` when pins are given);
 * pins need the embed scope.
 */
export type Gr4vyTokenOptions = TokenOptions;

/**
 * snake_case as the Gr4vy SDKs write embed keys (their `snakecase-keys`): words split at a
 * lower-to-upper change and before the last capital of an acronym, any other character a separator.
 * `buyerID` → `buyer_id`, `HTMLContent` → `html_content`, `kebab-key` → `kebab_key`, `a.b` → `a_b`.
 */
export function snakeCase(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1\0$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1\0$2')
    .replace(/[^A-Za-z0-9]+/g, '\0')
    .split('\0')
    .filter(Boolean)
    .map((w) => w.toLowerCase())
    .join('_');
}

function snakeKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(snakeKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>).map(([k, x]) => [snakeCase(k), snakeKeys(x)]),
    );
  return v;
}

/**
 * The `embed` claim as Gr4vy expects it: camelCase keys become snake_case (also inside
 * `cart_items`), except the contents of `metadata` (the merchant's own keys) and
 * `connection_options` (provider-defined), which are copied unchanged.
 */
export function toEmbedClaim(embed: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(embed)) {
    const key = snakeCase(k);
    out[key] = key === 'metadata' || key === 'connection_options' ? v : snakeKeys(v);
  }
  return out;
}

/**
 * The scopes and embed pins a token will carry, as the SDKs decide them: embed pins with no scopes
 * given make an Embed token (`["embed"]`); pins are carried only by a token with the `embed` scope
 * (`embedIgnored` says when they were given but are left out).
 */
export function gr4vyTokenPlan(opts: Pick<Gr4vyTokenOptions, 'scopes' | 'embed'>): {
  scopes: string[];
  embed: Record<string, unknown> | undefined;
  embedIgnored: boolean;
} {
  const scopes = opts.scopes ?? (opts.embed !== undefined ? [GR4VY_EMBED_SCOPE] : [...GR4VY_DEFAULT_SCOPES]);
  const carries = scopes.includes(GR4VY_EMBED_SCOPE);
  return { scopes, embed: carries ? opts.embed : undefined, embedIgnored: !carries && opts.embed !== undefined };
}

/**
 * Signs a Gr4vy API token as the official SDKs do: header `{typ: JWT, alg: ES512, kid}` (RS512 for
 * an RSA key, which the SDKs do not take but the API does), claims
 * `iss`, `nbf` = `iat` = now and `exp` in whole seconds, a fresh UUID `jti`, `scopes`, and optional
 * `embed` and `checkout_session_id`. The signature is the 132-byte IEEE P1363 form.
 *
 * @example
 * const jwt = await signGr4vyToken(key, { scopes: ['buyers.read'] });
 */
export async function signGr4vyToken(key: SigningKey, opts: Gr4vyTokenOptions = {}): Promise<string> {
  const { scopes, embed } = gr4vyTokenPlan(opts);
  const expiresIn =
    opts.expiresInSeconds ?? (scopes.includes(GR4VY_EMBED_SCOPE) ? EMBED_EXPIRY_SECONDS : DEFAULT_EXPIRY_SECONDS);
  if (!Number.isInteger(expiresIn) || expiresIn <= 0)
    throw new AppError(
      ErrorCodes.invalidInput,
      `The lifetime must be a whole number of seconds above 0 (got ${expiresIn})`,
    );
  if (scopes.length === 0) throw new AppError(ErrorCodes.invalidInput, 'A Gr4vy token needs at least one scope');
  if (opts.embed !== undefined && (typeof opts.embed !== 'object' || opts.embed === null || Array.isArray(opts.embed)))
    throw new AppError(ErrorCodes.invalidInput, 'embed must be a JSON object');
  const now = Math.floor((opts.now ?? (() => new Date()))().getTime() / 1000);
  const claims: Record<string, unknown> = { scopes };
  if (embed) claims.embed = toEmbedClaim(embed);
  if (opts.checkoutSessionId) claims.checkout_session_id = opts.checkoutSessionId;
  return new SignJWT(claims)
    .setProtectedHeader({ typ: 'JWT', alg: key.algorithm, kid: key.kid })
    .setIssuer(opts.issuer ?? TOOL_ID)
    .setNotBefore(now)
    .setIssuedAt(now)
    .setExpirationTime(now + expiresIn)
    .setJti((opts.jti ?? randomUUID)())
    .sign(key.keyObject);
}

/**
 * Signs a fresh token with the scopes, embed and checkout session id of an existing one (for an
 * expired token whose claims are still wanted). The old token's lifetime is kept unless given.
 */
export async function resignGr4vyToken(
  key: SigningKey,
  oldToken: string,
  opts: Omit<Gr4vyTokenOptions, 'scopes' | 'embed' | 'checkoutSessionId'> = {},
): Promise<string> {
  const { payload } = decodeJwt(oldToken);
  const scopes = Array.isArray(payload.scopes)
    ? payload.scopes.filter((s): s is string => typeof s === 'string')
    : undefined;
  const embed =
    payload.embed && typeof payload.embed === 'object' && !Array.isArray(payload.embed)
      ? (payload.embed as Record<string, unknown>)
      : undefined;
  const oldLife =
    typeof payload.exp === 'number' && typeof (payload.nbf ?? payload.iat) === 'number'
      ? payload.exp - ((payload.nbf ?? payload.iat) as number)
      : undefined;
  return signGr4vyToken(key, {
    ...opts,
    ...(scopes ? { scopes } : {}),
    ...(embed ? { embed } : {}),
    ...(typeof payload.checkout_session_id === 'string' ? { checkoutSessionId: payload.checkout_session_id } : {}),
    expiresInSeconds:
      opts.expiresInSeconds ?? (oldLife && oldLife > 0 && oldLife <= 366 * 86_400 ? Math.round(oldLife) : undefined),
  });
}
