import { base64url } from 'jose';
import { JWT_PATTERN } from '../jwt/decode';
import { entropy, isDocumentationExample, isPlaceholder } from './placeholder';

export type Severity = 'error' | 'warning' | 'info';

/** A candidate secret found by a rule: offsets into the text and what to say about it. */
export interface Candidate {
  start: number;
  end: number;
  secret: string;
  severity?: Severity;
  message?: string;
}

export interface Rule {
  id: string;
  provider: string;
  title: string;
  /** Default severity; a finder may raise or lower it per match (live vs test keys). */
  severity: Severity;
  /** What the finding says; the finder may give a more specific one. */
  message: string;
  /** How to fix it, for SARIF help and the docs. */
  remediation: string;
  /** `media/rules.md#<id>`: relative to the extension (or the repository). */
  docs: string;
  /**
   * Text that must occur in a file for the rule to find anything (a key prefix, or the provider's
   * name for context rules). One combined pass over these decides which rules run on a file.
   */
  anchor: RegExp;
  /** Finds candidates whose start lies in [from, to). Patterns are linear: no nested quantifiers. */
  find(text: string, from: number, to: number): Iterable<Candidate>;
}

/** The rules' documentation, shipped in the package as media/rules.md (one section per rule id). */
export const RULES_DOC = 'media/rules.md';
const DOCS = RULES_DOC;
const CONTEXT_WINDOW = 2000;
/** How far from a candidate its rule's anchor can be (context words are within CONTEXT_WINDOW). */
export const ANCHOR_REACH = CONTEXT_WINDOW + 500;

/** Runs a global regex from `from`; yields matches that start before `to`. */
function* matches(re: RegExp, text: string, from: number, to: number): Iterable<RegExpExecArray> {
  const r = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  r.lastIndex = from;
  for (let m = r.exec(text); m && m.index < to; m = r.exec(text)) {
    yield m;
    if (m[0].length === 0) r.lastIndex++;
  }
}

/** Whether `re` matches within `window` characters around [start, end). */
function near(text: string, start: number, end: number, re: RegExp, window = CONTEXT_WINDOW): boolean {
  return re.test(text.slice(Math.max(0, start - window), end + window));
}

interface PatternRule {
  id: string;
  provider: string;
  title: string;
  severity: Severity;
  message: string;
  remediation: string;
  pattern: RegExp;
  /** See {@link Rule.anchor}. */
  anchor: RegExp;
  /** Capture group holding the secret (default: the whole match). */
  group?: number;
  /** Required nearby text (provider name, config key), for formats other services share. */
  context?: RegExp;
  /** Severity by match, e.g. live keys are errors and test keys warnings. */
  severityOf?: (m: RegExpExecArray) => Severity;
}

function patternRule(p: PatternRule): Rule {
  return {
    id: p.id,
    provider: p.provider,
    title: p.title,
    severity: p.severity,
    message: p.message,
    remediation: p.remediation,
    docs: `${DOCS}#${p.id}`,
    anchor: p.anchor,
    *find(text, from, to) {
      for (const m of matches(p.pattern, text, from, to)) {
        const secret = p.group ? (m[p.group] ?? '') : m[0];
        const start = p.group ? m.index + m[0].indexOf(secret) : m.index;
        const end = start + secret.length;
        if (isPlaceholder(secret) || isDocumentationExample(secret)) continue;
        if (p.context && !near(text, start, end, p.context)) continue;
        yield { start, end, secret, severity: p.severityOf ? p.severityOf(m) : p.severity };
      }
    },
  };
}

const liveOrTest = (m: RegExpExecArray): Severity => (/live|production/.test(m[0]) ? 'error' : 'warning');
const ROTATE =
  "Remove it from the source, load it from the environment or a secret manager, and rotate it in the provider's dashboard: it may already be in your history.";

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

function lineAt(text: string, pos: number): string {
  const s = text.lastIndexOf('\n', pos - 1) + 1;
  const e = text.indexOf('\n', pos);
  return text.slice(s, e < 0 ? undefined : e);
}

/** A token-looking value: random enough, and with a digit or a symbol (identifiers have neither). */
function tokenLike(v: string): boolean {
  return /[0-9!%@]/.test(v) && /[A-Za-z]/.test(v) && entropy(v) >= 3.2 && !isPlaceholder(v);
}

const helcimToken: Rule = {
  id: 'helcim-api-token',
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

// ---------- private keys ----------
const privateKeyPem: Rule = {
  id: 'private-key-pem',
  provider: 'Generic',
  title: 'PEM private key',
  severity: 'error',
  message: 'A private key is committed in the source',
  remediation:
    'Move the key to a secret store (for Gr4vy: an account in Payment API Toolkit) and load it at run time; create a new key and revoke this one.',
  docs: `${DOCS}#private-key-pem`,
  anchor: /-----BEGIN/,
  *find(text, from, to) {
    for (const m of matches(/-----BEGIN ([A-Z0-9]{1,20} ){0,2}PRIVATE KEY-----/g, text, from, to)) {
      const endAt = text.indexOf('-----END', m.index + m[0].length);
      // An RSA 8192 key is about 6.5 KB of PEM; anything longer is not one block (and rescan margins rely on it).
      if (endAt < 0 || endAt - m.index > 12_000) continue;
      const body = text.slice(m.index + m[0].length, endAt).replace(/\\[rn]|[\s"'+,|>\\]/g, '');
      if (body.length < 64 || !/^[A-Za-z0-9+/=]+$/.test(body) || entropy(body) < 4) continue;
      const close = text.indexOf('-----', endAt + 8);
      const end = close < 0 ? endAt + 8 : close + 5;
      const kind = (m[1] ?? '').trim();
      const encrypted = kind === 'ENCRYPTED';
      yield {
        start: m.index,
        end,
        secret: body,
        severity: encrypted ? 'warning' : 'error',
        message: encrypted
          ? 'An encrypted private key is committed: its passphrase is all that protects it'
          : `A ${kind ? `${kind} ` : ''}private key is committed in the source`,
      };
    }
  },
};

const privateJwk: Rule = {
  id: 'private-key-jwk',
  provider: 'Generic',
  title: 'Private JWK',
  severity: 'error',
  message: 'A private JWK (with its "d" member) is committed in the source',
  remediation: privateKeyPem.remediation,
  docs: `${DOCS}#private-key-jwk`,
  anchor: /"kty"/,
  *find(text, from, to) {
    for (const m of matches(/"d"\s{0,3}:\s{0,3}"([A-Za-z0-9_-]{32,700})"/g, text, from, to)) {
      const secret = m[1] ?? '';
      const start = m.index + m[0].indexOf(secret);
      if (!near(text, start, start + secret.length, /"kty"\s{0,3}:/) || isPlaceholder(secret)) continue;
      yield { start, end: start + secret.length, secret };
    }
  },
};

// ---------- signed JWTs ----------
const jwt: Rule = {
  id: 'jwt',
  provider: 'Generic',
  title: 'Signed JWT',
  severity: 'error',
  message: 'A signed JWT is committed: whoever reads it can use it until it expires',
  remediation: 'Do not commit tokens; sign them at run time. If it is still valid, revoke the key that signed it.',
  docs: `${DOCS}#jwt`,
  anchor: /eyJ/,
  *find(text, from, to) {
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
      const expired = exp !== undefined && exp * (exp > 1e11 ? 1 : 1000) < Date.now();
      const what = Array.isArray(payload.scopes) ? 'A Gr4vy token' : 'A signed JWT';
      yield {
        start: m.index,
        end: m.index + m[0].length,
        secret: m[0],
        severity: expired ? 'info' : 'error',
        message: expired
          ? `${what} (${String(header.alg)}, expired) is committed: harmless now, but its claims are readable`
          : `${what} (${String(header.alg)}) is committed and ${exp === undefined ? 'never expires' : 'still valid'}: anyone who reads it can use it`,
      };
    }
  },
};

// ---------- other payment providers (public rule sets) ----------
const others: Rule[] = [
  // Paystack before Stripe: its sk_live_ + 40 hex also fits Stripe's pattern.
  patternRule({
    id: 'paystack-secret-key',
    anchor: /sk_(?:live|test)_/,
    provider: 'Paystack',
    title: 'Paystack secret key',
    severity: 'error',
    severityOf: liveOrTest,
    message: 'Hard-coded Paystack secret key',
    remediation: ROTATE,
    pattern: /\bsk_(?:live|test)_[0-9a-f]{40}\b/g,
  }),
  patternRule({
    id: 'stripe-secret-key',
    anchor: /sk_(?:live|test)_/,
    provider: 'Stripe',
    title: 'Stripe secret key',
    severity: 'error',
    severityOf: liveOrTest,
    message: 'Hard-coded Stripe secret key',
    remediation: ROTATE,
    pattern: /\bsk_(?:live|test)_[A-Za-z0-9]{24,99}\b/g,
  }),
  patternRule({
    id: 'stripe-restricted-key',
    anchor: /rk_(?:live|test)_/,
    provider: 'Stripe',
    title: 'Stripe restricted key',
    severity: 'error',
    severityOf: liveOrTest,
    message: 'Hard-coded Stripe restricted key',
    remediation: ROTATE,
    pattern: /\brk_(?:live|test)_[A-Za-z0-9]{24,99}\b/g,
  }),
  patternRule({
    id: 'stripe-webhook-secret',
    anchor: /whsec_/,
    provider: 'Stripe',
    title: 'Stripe webhook signing secret',
    severity: 'warning',
    message: 'Hard-coded Stripe webhook signing secret: anyone with it can forge webhook calls',
    remediation: ROTATE,
    pattern: /\bwhsec_[A-Za-z0-9]{32,64}\b/g,
  }),
  patternRule({
    id: 'square-access-token',
    anchor: /EAAA|sq0atp-/,
    provider: 'Square',
    title: 'Square access token',
    severity: 'error',
    message: 'Hard-coded Square access token',
    remediation: ROTATE,
    pattern: /\b(?:EAAA[A-Za-z0-9_-]{60}|sq0atp-[A-Za-z0-9_-]{22})(?![A-Za-z0-9_-])/g,
  }),
  patternRule({
    id: 'square-oauth-secret',
    anchor: /sq0csp-/,
    provider: 'Square',
    title: 'Square OAuth secret',
    severity: 'error',
    message: 'Hard-coded Square OAuth application secret',
    remediation: ROTATE,
    pattern: /\bsq0csp-[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g,
  }),
  patternRule({
    id: 'shopify-access-token',
    anchor: /shp(?:at|ca|pa)_/,
    provider: 'Shopify',
    title: 'Shopify access token',
    severity: 'error',
    message: 'Hard-coded Shopify access token',
    remediation: ROTATE,
    pattern: /\bshp(?:at|ca|pa)_[a-fA-F0-9]{32}\b/g,
  }),
  patternRule({
    id: 'shopify-shared-secret',
    anchor: /shpss_/,
    provider: 'Shopify',
    title: 'Shopify shared secret',
    severity: 'error',
    message: 'Hard-coded Shopify app shared secret',
    remediation: ROTATE,
    pattern: /\bshpss_[a-fA-F0-9]{32}\b/g,
  }),
  patternRule({
    id: 'plaid-access-token',
    anchor: /access-(?:sandbox|development|production)-/,
    provider: 'Plaid',
    title: 'Plaid access token',
    severity: 'error',
    severityOf: (m) => (/production/.test(m[0]) ? 'error' : 'warning'),
    message: 'Hard-coded Plaid access token',
    remediation: ROTATE,
    pattern:
      /\baccess-(?:sandbox|development|production)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g,
  }),
  patternRule({
    id: 'braintree-access-token',
    anchor: /access_token\$/,
    provider: 'Braintree / PayPal',
    title: 'Braintree or PayPal access token',
    severity: 'error',
    severityOf: (m) => (/production/.test(m[0]) ? 'error' : 'warning'),
    message: 'Hard-coded Braintree (PayPal) access token',
    remediation: ROTATE,
    pattern: /\baccess_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32}\b/g,
  }),
  patternRule({
    id: 'braintree-private-key',
    anchor: /braintree/i,
    provider: 'Braintree',
    title: 'Braintree private key',
    severity: 'error',
    message: 'Hard-coded Braintree private key',
    remediation: ROTATE,
    pattern: /\bprivate[_-]?key["']?\s{0,5}[:=]\s{0,5}["']([0-9a-f]{32})["']/gi,
    group: 1,
    context: /braintree/i,
  }),
  patternRule({
    id: 'adyen-api-key',
    anchor: /adyen|x-api-key/i,
    provider: 'Adyen',
    title: 'Adyen API key',
    severity: 'error',
    message: 'Hard-coded Adyen API key',
    remediation: ROTATE,
    pattern: /\bAQE[A-Za-z0-9+/=_-]{60,250}/g,
    context: /adyen|x-api-key/i,
  }),
  patternRule({
    id: 'checkout-secret-key',
    anchor: /sk_/,
    provider: 'Checkout.com',
    title: 'Checkout.com secret key',
    severity: 'error',
    severityOf: (m) => (/sbox|test/.test(m[0]) ? 'warning' : 'error'),
    message: 'Hard-coded Checkout.com secret key',
    remediation: ROTATE,
    pattern: /\bsk_(?:sbox_[a-z0-9]{26}|(?:test_)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/g,
  }),
  patternRule({
    id: 'gocardless-access-token',
    anchor: /gocardless/i,
    provider: 'GoCardless',
    title: 'GoCardless access token',
    severity: 'error',
    severityOf: liveOrTest,
    message: 'Hard-coded GoCardless access token',
    remediation: ROTATE,
    pattern: /\b(?:live|sandbox)_[A-Za-z0-9_=-]{40}(?![A-Za-z0-9_=-])/g,
    context: /gocardless/i,
  }),
  patternRule({
    id: 'razorpay-key-secret',
    anchor: /razorpay|rzp_(?:live|test)_/i,
    provider: 'Razorpay',
    title: 'Razorpay key secret',
    severity: 'error',
    message: 'Hard-coded Razorpay key secret',
    remediation: ROTATE,
    pattern: /\b(?:key[_-]?secret|secret)["']?\s{0,5}[:=]\s{0,5}["']([A-Za-z0-9]{24})["']/gi,
    group: 1,
    context: /razorpay|rzp_(?:live|test)_/i,
  }),
  patternRule({
    id: 'mollie-api-key',
    anchor: /mollie/i,
    provider: 'Mollie',
    title: 'Mollie API key',
    severity: 'error',
    severityOf: liveOrTest,
    message: 'Hard-coded Mollie API key',
    remediation: ROTATE,
    pattern: /\b(?:live|test)_[A-Za-z0-9]{30}\b/g,
    context: /mollie/i,
  }),
  patternRule({
    id: 'flutterwave-secret-key',
    anchor: /FLWSECK/,
    provider: 'Flutterwave',
    title: 'Flutterwave secret key',
    severity: 'error',
    severityOf: (m) => (/_TEST/.test(m[0]) ? 'warning' : 'error'),
    message: 'Hard-coded Flutterwave secret key',
    remediation: ROTATE,
    pattern: /\bFLWSECK(?:_TEST)?-[0-9a-f]{32}-X\b/g,
  }),
];

/** Every rule, most specific first: where two overlap, the earlier one wins. */
export const RULES: readonly Rule[] = [helcimToken, privateKeyPem, privateJwk, ...others, jwt];

/** One pass over this tells which rules can find anything in a text (see {@link Rule.anchor}). */
export const ANY_ANCHOR = new RegExp(RULES.map((r) => `(?:${r.anchor.source})`).join('|'), 'gi');

/** The rule with this id, if any. */
export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
