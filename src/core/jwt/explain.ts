import type { Severity } from '../../shared/protocol';
import { clip } from '../errors';
import { GR4VY_RESOURCES } from '../providers/gr4vy/scopes';
import type { DecodedJwt } from './decode';

/** One finding about a token. `code` is stable; `message` is for people. */
export interface Note {
  code: string;
  severity: Severity;
  message: string;
}

export interface ExplainOptions {
  /** The clock; injectable. */
  now?: Date;
  /** Longest lifetime (exp − nbf/iat) before a warning, in seconds. Default 3600. */
  maxLifetimeSeconds?: number;
  /** The key the token is checked against, when one is known: its algorithms and thumbprint. */
  key?: { algorithms: string[]; thumbprint: string; description: string };
}

/** The widest time a JavaScript date holds: ±8.64e15 ms (the years -271821 to 275760). */
const MAX_DATE_MS = 8.64e15;

/** Whether a time claim (seconds, or milliseconds above the threshold) is a representable date. */
export function inDateRange(v: number): boolean {
  const ms = v > MILLISECONDS_THRESHOLD ? v : v * 1000;
  return Number.isFinite(v) && Math.abs(ms) <= MAX_DATE_MS;
}

/** Timestamps above this are milliseconds (1e11 seconds is the year 5138). */
const MILLISECONDS_THRESHOLD = 1e11;
const KNOWN_RESOURCES = new Set<string>(GR4VY_RESOURCES);
const SIGNATURE_BYTES: Record<string, number> = { ES256: 64, ES384: 96, ES512: 132 };

/** "24 s", "5 min", "3 h 20 min", "2 days". */
export function formatDuration(seconds: number): string {
  const s = Math.abs(Math.round(seconds));
  if (s < 90) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86_400) {
    const h = Math.floor(s / 3600);
    const m = Math.round((s % 3600) / 60);
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  const d = Math.round(s / 86_400);
  return `${d} day${d === 1 ? '' : 's'}`;
}

/** Whether this looks like a Gr4vy token (its claims carry `scopes`). */
export function isGr4vyToken(t: DecodedJwt): boolean {
  return Array.isArray(t.payload.scopes);
}

/** The resource part of a scope: `buyers.billing-details.read` → `buyers.billing-details`. */
function resourceOf(scope: string): string | undefined {
  const m = /^(.+)\.(read|write)$/.exec(scope);
  return m?.[1];
}

/**
 * Explains a decoded token: time window (expired, not yet valid, lifetime), milliseconds in time
 * claims, `alg: none`, alg vs key, kid vs key thumbprint, ES signature length, and for Gr4vy
 * tokens `jti`, scopes, write-without-read and embed rules. Notes come most severe first.
 *
 * @example
 * explainJwt(decodeJwt(token), { now: new Date() }).filter((n) => n.severity === 'error')
 */
export function explainJwt(t: DecodedJwt, opts: ExplainOptions = {}): Note[] {
  const notes: Note[] = [];
  const add = (code: string, severity: Severity, message: string) => notes.push({ code, severity, message });
  const now = (opts.now ?? new Date()).getTime() / 1000;
  const maxLifetime = opts.maxLifetimeSeconds ?? 3600;
  const { header, payload } = t;
  const alg = String(header.alg);
  const gr4vy = isGr4vyToken(t);

  if (alg.toLowerCase() === 'none')
    add('alg-none', 'error', 'alg is "none": the token is unsigned and must never be accepted');
  else if (t.signatureLength === 0) add('no-signature', 'error', 'The signature part is empty');

  const times: Record<string, number | undefined> = {};
  for (const claim of ['exp', 'nbf', 'iat'] as const) {
    const v = payload[claim];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      const shown = clip(JSON.stringify(v) ?? typeof v);
      add(`${claim}-not-number`, 'error', `${claim} must be a number of seconds, but is ${shown}`);
      continue;
    }
    if (!inDateRange(v)) {
      add(
        `${claim}-out-of-range`,
        'error',
        `${claim} is ${v}: out of the range of dates (beyond the year 275760), so it cannot be a time`,
      );
      continue;
    }
    if (v > MILLISECONDS_THRESHOLD) {
      add(
        `${claim}-milliseconds`,
        'error',
        `${claim} is ${v}: that is milliseconds, JWT times are seconds (divide by 1000: ${new Date(v).toISOString()})`,
      );
      times[claim] = v / 1000;
      continue;
    }
    if (!Number.isInteger(v))
      add(
        `${claim}-fractional`,
        'warning',
        `${claim} has a fraction (${v}); Gr4vy and most verifiers expect whole seconds`,
      );
    times[claim] = v;
  }
  if (times.exp !== undefined) {
    if (times.exp <= now)
      add(
        'expired',
        'error',
        `Expired ${formatDuration(now - times.exp)} ago (${new Date(times.exp * 1000).toISOString()})`,
      );
  } else if (payload.exp === undefined) {
    add(
      'no-exp',
      gr4vy ? 'error' : 'warning',
      gr4vy ? 'No exp: Gr4vy requires an expiry' : 'No exp: the token never expires',
    );
  }
  if (times.nbf !== undefined && times.nbf > now)
    add(
      'not-yet-valid',
      'error',
      `Not valid for another ${formatDuration(times.nbf - now)} (nbf ${new Date(times.nbf * 1000).toISOString()})`,
    );
  if (times.iat !== undefined && times.iat > now + 60)
    add(
      'iat-future',
      'warning',
      `Issued ${formatDuration(times.iat - now)} in the future: is the signer's clock right?`,
    );
  const start = times.nbf ?? times.iat;
  if (times.exp !== undefined && start !== undefined) {
    const life = times.exp - start;
    if (life <= 0) add('empty-window', 'error', 'exp is not after nbf/iat: the token is never valid');
    else if (life > maxLifetime)
      add(
        'long-lifetime',
        'warning',
        `Lives ${formatDuration(life)}, longer than the ${formatDuration(maxLifetime)} allowed by ` +
          `paymentApi.jwt.maxLifetimeSeconds${gr4vy ? ' (the Gr4vy SDKs use 30 s; embed tokens 1 h)' : ''}`,
      );
  }
  if (gr4vy && payload.nbf === undefined)
    add('no-nbf', 'warning', 'No nbf: Gr4vy requires nbf (the time the token was created)');

  if (opts.key) {
    if (alg.toLowerCase() !== 'none' && !opts.key.algorithms.includes(alg))
      add(
        'alg-key-mismatch',
        'error',
        `alg ${alg} does not fit the ${opts.key.description} (it signs ${opts.key.algorithms.join(', ')})`,
      );
    if (header.kid === undefined)
      add('no-kid', gr4vy ? 'error' : 'info', `No kid in the header; the key's thumbprint is ${opts.key.thumbprint}`);
    else if (header.kid !== opts.key.thumbprint)
      add(
        'kid-mismatch',
        'error',
        `kid ${JSON.stringify(header.kid)} is not the thumbprint of the given key (${opts.key.thumbprint}): Gr4vy ` +
          `will answer 401`,
      );
  } else if (gr4vy && header.kid === undefined) {
    add('no-kid', 'error', 'No kid in the header: Gr4vy needs the key id (the JWK thumbprint)');
  }
  const sigBytes = SIGNATURE_BYTES[alg];
  if (sigBytes !== undefined && t.signatureLength !== 0 && t.signatureLength !== sigBytes) {
    add(
      'signature-length',
      'error',
      `An ${alg} signature is ${sigBytes} bytes (r‖s); this one is ` +
        `${t.signatureLength}${t.signatureLength > sigBytes ? ': probably DER-encoded, which JWS does not allow' : ''}`,
    );
  }

  if (gr4vy) {
    if (header.typ !== undefined && header.typ !== 'JWT')
      add('typ', 'warning', `typ is ${JSON.stringify(header.typ)}; Gr4vy expects "JWT"`);
    if (typeof payload.iss !== 'string' || payload.iss === '')
      add('no-iss', 'warning', 'No iss: Gr4vy asks for one that names the calling code');
    if (typeof payload.jti !== 'string' || payload.jti === '')
      add('no-jti', 'error', 'No jti: Gr4vy requires a unique id per token');
    explainScopes(payload, add);
  }
  const order: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  return notes.sort((a, b) => order[a.severity] - order[b.severity]);
}

function explainScopes(
  payload: Record<string, unknown>,
  add: (code: string, severity: Severity, message: string) => void,
): void {
  const raw = payload.scopes as unknown[];
  if (raw.length === 0) add('no-scopes', 'error', 'scopes is empty: the token can do nothing');
  const scopes = raw.filter((s): s is string => typeof s === 'string');
  if (scopes.length !== raw.length) add('scope-not-string', 'error', 'Every scope must be a string');
  const set = new Set(scopes);
  for (const s of scopes) {
    if (s === 'embed') continue;
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
  if (set.has('embed') && writes.length)
    add('embed-with-write', 'warning', `An embed token (sent to browsers) carries write scopes: ${writes.join(', ')}`);
  if (payload.embed !== undefined && !set.has('embed'))
    add('embed-without-scope', 'error', 'The token pins embed values but lacks the "embed" scope');
  if (
    payload.embed !== undefined &&
    (typeof payload.embed !== 'object' || payload.embed === null || Array.isArray(payload.embed))
  )
    add('embed-not-object', 'error', 'embed must be an object');
}
