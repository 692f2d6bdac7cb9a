import { HELCIM_DASHBOARD_URL } from '../../providers/helcim';
import { entropy, isPlaceholder } from '../placeholder';
import { DOCS, ROTATE, type Rule, lineAt, matches, near } from '../rule';

// ---------- Helcim: no fixed prefix, so found by context ----------
const HELCIM_VALUE = '[A-Za-z0-9!%@_.-]{20,128}';
/** After a name containing "helcim": the rest of the name, an assignment, and a value. */
const AFTER_HELCIM_NAME = new RegExp(
  `[A-Za-z0-9_]{0,64}["']?\\s{0,5}(=>|:=|[:=])\\s{0,5}(["'\`]?)(${HELCIM_VALUE})(?![A-Za-z0-9!%@_.-])`,
  'y',
);
/** After an `api-token` header key: a separator and a quoted value (or `api-token: value` in one string). */
const AFTER_API_TOKEN = new RegExp(
  `(["']?)\\s{0,5}([:=,])\\s{0,5}(["'\`]?)(${HELCIM_VALUE})(?![A-Za-z0-9!%@_.-])`,
  'y',
);
const ENV_LINE = /^\s*(export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=/;
/** Hosts of other services that also use an Api-Token header (ActiveCampaign). */
const OTHER_API_TOKEN_HOSTS = /api-us\d+\.com|activehosted\.com|activecampaign/i;
/** How close the Helcim host or name must be to an `api-token` header value. */
const HEADER_CONTEXT_WINDOW = 500;

/** A token-looking value: random enough, and with a digit or a symbol (identifiers have neither). */
function tokenLike(v: string): boolean {
  return /[0-9!%@]/.test(v) && /[A-Za-z]/.test(v) && entropy(v) >= 3.2 && !isPlaceholder(v);
}

export const helcimToken: Rule = {
  id: 'helcim-api-token',
  rotateUrl: HELCIM_DASHBOARD_URL,
  provider: 'Helcim',
  title: 'Helcim api-token',
  severity: 'error',
  message: 'Hard-coded Helcim api-token: it can process payments and change the merchant account',
  remediation: `${ROTATE} In Helcim: All Tools > Integrations > API Access Configuration > Actions.`,
  docs: `${DOCS}#helcim-api-token`,
  anchor: /helcim|api[-_]token/i,
  *find(text, from, to) {
    const seen = new Set<number>();
    for (const m of matches(/helcim/gi, text, Math.max(0, from - 200), to)) {
      AFTER_HELCIM_NAME.lastIndex = m.index + m[0].length;
      const a = AFTER_HELCIM_NAME.exec(text);
      if (!a) continue;
      const [, , quote = '', value = ''] = a;
      const start = a.index + a[0].length - value.length;
      if (start < from || start >= to || seen.has(start)) continue;
      if (quote && text[start + value.length] !== quote) continue;
      if (!quote && !ENV_LINE.test(lineAt(text, start))) continue;
      if (!tokenLike(value)) continue;
      seen.add(start);
      yield { start, end: start + value.length, secret: value };
    }
    for (const m of matches(/api[-_]token/gi, text, Math.max(0, from - 200), to)) {
      AFTER_API_TOKEN.lastIndex = m.index + m[0].length;
      const a = AFTER_API_TOKEN.exec(text);
      if (!a) continue;
      const [, keyQuote = '', sep = '', quote = '', value = ''] = a;
      const start = a.index + a[0].length - value.length;
      if (start < from || start >= to || seen.has(start)) continue;
      // `api-token: value` inside one string (curl -H), or `'api-token': 'value'`, or api_token = "value".
      const oneString = sep === ':' && !keyQuote && !quote;
      if (!oneString && (!quote || text[start + value.length] !== quote)) continue;
      if (!tokenLike(value)) continue;
      // Other services (ActiveCampaign) use an Api-Token header too: require Helcim close by, and no
      // other such service on the same line.
      if (
        !near(text, start, start + value.length, /helcim/i, HEADER_CONTEXT_WINDOW) ||
        OTHER_API_TOKEN_HOSTS.test(lineAt(text, start))
      )
        continue;
      seen.add(start);
      yield { start, end: start + value.length, secret: value };
    }
  },
};
