import type { Severity } from '../../shared/protocol';
import { clip } from '../errors';
import type { DecodedJwt } from './decode';
import { tokenProfileOf } from '../providers/registry';

import type { Note } from './profile';

export type { Note } from './profile';

export interface ExplainOptions {
  /** The clock; injectable. */
  now?: Date;
  /** Longest lifetime (exp − nbf/iat) before a warning, in seconds. Default 3600. */
  maxLifetimeSeconds?: number;
  /** The key the token is checked against, when one is known: its algorithms and thumbprint. */
  key?: { algorithms: string[]; thumbprint: string; description: string };
  /** The scopes the signing key's role grants, when its provider said (a connection test's result). */
  grantedScopes?: readonly string[];
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

/**
 * Explains a decoded token: time window (expired, not yet valid, lifetime), milliseconds in time
 * claims, `alg: none`, alg vs key, kid vs key thumbprint, ES signature length, and the rules of
 * the provider whose token it is, recognised by its claims (Gr4vy: `jti`, scopes, embed). Notes come most severe first.
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
  const profile = tokenProfileOf(t);

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
        `${claim} has a fraction (${v}); ${profile ? `${profile.name} and most` : 'most'} verifiers expect ` +
          'whole seconds',
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
  } else if (payload.exp === undefined && !profile) {
    add('no-exp', 'warning', 'No exp: the token never expires');
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
          `paymentApi.jwt.maxLifetimeSeconds${profile ? ` (${profile.lifetimeNote})` : ''}`,
      );
  }

  if (opts.key) {
    if (alg.toLowerCase() !== 'none' && !opts.key.algorithms.includes(alg))
      add(
        'alg-key-mismatch',
        'error',
        `alg ${alg} does not fit the ${opts.key.description} (it signs ${opts.key.algorithms.join(', ')})`,
      );
    if (header.kid === undefined && !profile)
      add('no-kid', 'info', `No kid in the header; the key's thumbprint is ${opts.key.thumbprint}`);
    else if (header.kid !== undefined && header.kid !== opts.key.thumbprint)
      add(
        'kid-mismatch',
        'error',
        `kid ${JSON.stringify(header.kid)} is not the thumbprint of the given key (${opts.key.thumbprint})` +
          `${profile ? `: ${profile.name} will answer 401` : ''}`,
      );
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

  profile?.explain(t, add, opts.key?.thumbprint);
  const granted = opts.grantedScopes;
  if (profile?.scopeGranted && granted && Array.isArray(payload.scopes)) {
    for (const s of payload.scopes.filter((x): x is string => typeof x === 'string' && x !== ''))
      if (!profile.scopeGranted(s, granted))
        add(
          'scope-not-granted',
          'warning',
          `${clip(s, 80)} is not among the scopes the key's role grants (${clip(granted.join(', '), 200)}): ` +
            `${profile.name} will answer 403 to calls that need it`,
        );
  }
  const order: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  return notes.sort((a, b) => order[a.severity] - order[b.severity]);
}
