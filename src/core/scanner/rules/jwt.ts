import { base64url } from 'jose';
import { JWT_PATTERN } from '../../jwt/decode';
import { DOCS, type Rule, matches } from '../rule';
import { tokenProfileOf } from '../../providers/registry';

// ---------- signed JWTs ----------
export const jwt: Rule = {
  id: 'jwt',
  provider: 'Generic',
  title: 'Signed JWT',
  severity: 'error',
  message: 'A signed JWT is committed: whoever reads it can use it until it expires',
  remediation: 'Do not commit tokens; sign them at run time. If it is still valid, revoke the key that signed it.',
  docs: `${DOCS}#jwt`,
  // Like JWT_PATTERN, only where a run of base64url characters starts, so `eyJ-eyJ-…` is read once.
  // The character before is matched rather than looked behind at: recheck proves this form exactly.
  anchor: /(?:^|[^\w-])eyJ[\w-]{8,}\.eyJ/,
  *find(text, from, to, now) {
    for (const m of matches(JWT_PATTERN, text, from, to)) {
      const [h = '', p = '', s = ''] = m[0].split('.');
      if (s.length < 16) continue;
      let header: Record<string, unknown>;
      let payload: Record<string, unknown>;
      try {
        header = JSON.parse(new TextDecoder().decode(base64url.decode(h))) as Record<string, unknown>;
        payload = JSON.parse(new TextDecoder().decode(base64url.decode(p))) as Record<string, unknown>;
      } catch {
        continue;
      }
      if (typeof header.alg !== 'string' || String(header.alg).toLowerCase() === 'none') continue;
      // jwt.io's example token appears in documentation everywhere.
      if (payload.sub === '1234567890' && payload.name === 'John Doe') continue;
      const exp = typeof payload.exp === 'number' ? payload.exp : undefined;
      const expired = exp !== undefined && exp * (exp > 1e11 ? 1 : 1000) < now;
      const profile = tokenProfileOf({ payload });
      const what = profile ? `A ${profile.name} token` : 'A signed JWT';
      yield {
        start: m.index,
        end: m.index + m[0].length,
        secret: m[0],
        severity: expired ? 'info' : 'error',
        message: expired
          ? `${what} (${String(header.alg)}, expired) is committed: harmless now, but its claims are readable`
          : `${what} (${String(header.alg)}) is committed and ` +
            `${exp === undefined ? 'never expires' : 'still valid'}: anyone who reads it can use it`,
      };
    }
  },
};
