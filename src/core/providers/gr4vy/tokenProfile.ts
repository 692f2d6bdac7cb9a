import type { ScopeInfo } from '../../../shared/protocol';
import { clip } from '../../errors';
import type { DecodedJwt } from '../../jwt/decode';
import type { AddNote, TokenProfile } from '../../jwt/profile';
import { GR4VY_EMBED_SCOPE, GR4VY_RESOURCES, GR4VY_RESOURCE_DESCRIPTIONS, type Gr4vyResource } from './scopes';

const KNOWN_RESOURCES = new Set<string>(GR4VY_RESOURCES);

/** The resource part of a scope: `buyers.billing-details.read` → `buyers.billing-details`. */
function resourceOf(scope: string): string | undefined {
  const m = /^(.+)\.(read|write)$/.exec(scope);
  return m?.[1];
}

/** Gr4vy's own rules for a token, as its SDKs sign them and its API checks them. */
function explainGr4vy(t: DecodedJwt, add: AddNote, thumbprint: string | undefined): void {
  const { header, payload } = t;
  const alg = String(header.alg);
  // ES512 as the SDKs sign; RS512 for RSA keys, which the API accepts (docs: "Authenticate an API call").
  if (alg !== 'ES512' && alg !== 'RS512' && alg.toLowerCase() !== 'none')
    add(
      'alg-not-accepted',
      'error',
      `alg is ${clip(alg, 20)}: Gr4vy accepts ES512 (ECDSA P-521) or RS512 (RSA) tokens`,
    );
  if (payload.exp === undefined) add('no-exp', 'error', 'No exp: Gr4vy requires an expiry');
  if (payload.nbf === undefined)
    add('no-nbf', 'warning', 'No nbf: Gr4vy requires nbf (the time the token was created)');
  if (header.kid === undefined)
    add(
      'no-kid',
      'error',
      thumbprint === undefined
        ? 'No kid in the header: Gr4vy needs the key id (the JWK thumbprint)'
        : `No kid in the header; the key's thumbprint is ${thumbprint}`,
    );
  if (header.typ !== undefined && header.typ !== 'JWT')
    add('typ', 'warning', `typ is ${JSON.stringify(header.typ)}; Gr4vy expects "JWT"`);
  if (typeof payload.iss !== 'string' || payload.iss === '')
    add('no-iss', 'warning', 'No iss: Gr4vy asks for one that names the calling code');
  if (typeof payload.jti !== 'string' || payload.jti === '')
    add('no-jti', 'error', 'No jti: Gr4vy requires a unique id per token');
  explainScopes(payload, add);
}

function explainScopes(payload: Record<string, unknown>, add: AddNote): void {
  const raw = payload.scopes as unknown[];
  if (raw.length === 0) add('no-scopes', 'error', 'scopes is empty: the token can do nothing');
  const scopes = raw.filter((s): s is string => typeof s === 'string');
  if (scopes.length !== raw.length) add('scope-not-string', 'error', 'Every scope must be a string');
  const set = new Set(scopes);
  for (const s of scopes) {
    if (s === GR4VY_EMBED_SCOPE) continue;
    const resource = resourceOf(s);
    if (!resource) {
      add(
        'scope-invalid',
        'error',
        `"${s}" is not a scope (expected <resource>.read, <resource>.write, *.read, *.write or embed)`,
      );
      continue;
    }
    if (resource !== '*' && !KNOWN_RESOURCES.has(resource))
      add(
        'scope-unknown-resource',
        'warning',
        `"${resource}" is not a resource the Gr4vy SDKs know; check the spelling`,
      );
    if (s.endsWith('.write') && !set.has(`${resource}.read`) && !set.has('*.read')) {
      add(
        'write-without-read',
        'warning',
        `${s} does not include reading ${resource === '*' ? 'anything' : resource}; add ${resource}.read if the ` +
          `caller also reads`,
      );
    }
  }
  const writes = scopes.filter((s) => s.endsWith('.write'));
  if (set.has(GR4VY_EMBED_SCOPE) && writes.length)
    add('embed-with-write', 'warning', `An embed token (sent to browsers) carries write scopes: ${writes.join(', ')}`);
  if (payload.embed !== undefined && !set.has(GR4VY_EMBED_SCOPE))
    add('embed-without-scope', 'error', 'The token pins embed values but lacks the "embed" scope');
  if (
    payload.embed !== undefined &&
    (typeof payload.embed !== 'object' || payload.embed === null || Array.isArray(payload.embed))
  )
    add('embed-not-object', 'error', 'embed must be an object');
}

/** Explains each scope: resource, access, whether it is a resource the Gr4vy SDKs know. */
export function describeGr4vyScopes(scopes: unknown): ScopeInfo[] {
  if (!Array.isArray(scopes)) return [];
  return scopes.map((s): ScopeInfo => {
    const scope = typeof s === 'string' ? s : (JSON.stringify(s) ?? typeof s);
    if (scope === GR4VY_EMBED_SCOPE)
      return {
        scope,
        resource: 'embed',
        access: 'embed',
        known: true,
        description: 'everything Gr4vy Embed needs, limited to the pinned embed values',
      };
    const m = /^(.+)\.(read|write)$/.exec(scope);
    if (!m) return { scope, resource: scope, access: 'unknown', known: false, description: 'not a valid scope' };
    const [, resource = '', access] = m;
    // hasOwn: a scope named "constructor.read" must not find Object's prototype.
    const what =
      resource === '*'
        ? 'every resource'
        : Object.hasOwn(GR4VY_RESOURCE_DESCRIPTIONS, resource)
          ? GR4VY_RESOURCE_DESCRIPTIONS[resource as Gr4vyResource]
          : undefined;
    const verb = access === 'read' ? 'Read' : 'Create and change (not read)';
    return {
      scope,
      resource,
      access: access as 'read' | 'write',
      known: resource === '*' || what !== undefined,
      description: what ? `${verb} ${what}` : `${verb} "${resource}" (not a resource the Gr4vy SDKs know)`,
    };
  });
}

/** Gr4vy tokens: recognised by their `scopes` claim. */
export const GR4VY_TOKENS: TokenProfile = {
  name: 'Gr4vy',
  matches: (payload) => Array.isArray(payload.scopes),
  lifetimeNote: 'the Gr4vy SDKs use 30 s; embed tokens 1 h',
  explain: explainGr4vy,
  describeScopes: describeGr4vyScopes,
  scopeGranted: gr4vyScopeGranted,
};

/**
 * Whether a role's scopes cover a token scope: the same scope, or `*.read` / `*.write` for every
 * resource's; `embed` only by itself (Embed is its own grant).
 */
export function gr4vyScopeGranted(scope: string, granted: readonly string[]): boolean {
  if (granted.includes(scope)) return true;
  const access = /\.(read|write)$/.exec(scope)?.[1];
  return access !== undefined && granted.includes(`*.${access}`);
}
