import { HELCIM_PAY_LOGGED } from '../../providers/helcim/exposureRules';
import type { Endpoint } from './dataFlow';
import { readArgs } from './logArgs';
import type { Lang, LoggedRef } from './logExpr';
import { EXPOSURES, PROVIDER_WORDS, type SecretName, nameWords, secretNamed } from './names';
import { nextMatch } from '../nextMatch';

/** A logged reference that holds a payment secret, and what to call it. */
export interface LoggedSecret extends SecretName {
  /** The reference as shown: the environment variable's name, or the variable or path. */
  shown: string;
  /** Read straight from the environment. */
  env: boolean;
  /** For a name that says no provider: what this file set it from (`HELCIM_API_TOKEN`, `new Stripe()`). */
  from?: string;
  /** The name is an object or dict literal's that holds the secret among other entries. */
  holds?: boolean;
  /** A whole API response that holds the secret: no "last four characters" of it, and its own advice. */
  response?: { advice: string };
}

/**
 * A payment secret whose names say no provider, from the provider that knows it (HelcimPay.js's
 * `secretToken`), and the API response that holds it.
 */
export interface LoggedSource {
  /** Says a text may hold it at all (case-insensitive). */
  anchor: RegExp;
  /** Its names, as a whole path segment (`secretToken`, `$secret_token`, `SecretToken`). */
  names: RegExp;
  /** The same names in code, as a pattern source (for the file's bindings: `const s = data.secretToken`). */
  inCode: string;
  secret: SecretName;
  response?: LoggedResponse;
}

/** An API response that holds a source's secret, followed back from where it is logged (see dataFlow.ts). */
export interface LoggedResponse {
  endpoint: Endpoint;
  /** What it is, for messages: "HelcimPay.js's initialize response". */
  what: string;
  /** Why it must not be logged and what to log instead, for messages. */
  advice: string;
  /** Code between the response and its use that takes the secret out (`delete data.secretToken`). */
  dropped: (code: string) => boolean;
  /** A failure's body (`errorData`, `{ error: body }`), which holds no secret. */
  failure: (text: string, start: number, expr: string) => boolean;
}

/** The providers' sources of secrets named without a provider word. */
export const LOGGED_SOURCES: readonly LoggedSource[] = [HELCIM_PAY_LOGGED];

/** Words of a path segment that hold a provider's settings (`config.helcim.apiToken`, `stripeConfig.secretKey`). */
const CONTAINERS = new Set([
  'config',
  'conf',
  'cfg',
  'settings',
  'options',
  'opts',
  'credentials',
  'creds',
  'keys',
  'secrets',
  'env',
  'auth',
]);
const ENVIRONMENTS = new Set(['test', 'live', 'prod', 'production', 'sandbox', 'dev', 'development', 'staging']);
/** Words that say a name holds something about the secret, not the secret (`hasStripeKey`, `HELCIM_TOKEN_SET`). */
const DESCRIBES = new Set([
  ...['has', 'is', 'set', 'missing', 'present', 'exists', 'valid', 'length', 'len', 'size', 'last', 'last4', 'tail'],
  ...['masked', 'mask', 'redacted', 'hash', 'hashed', 'digest', 'hint', 'prefix', 'suffix', 'preview', 'name', 'path'],
  ...['file', 'var', 'configured', 'loaded', 'ok', 'status', 'defined', 'count', 'fingerprint', 'type', 'enabled'],
  ...['label', 'url', 'header', 'field', 'param', 'error', 'err', 'msg', 'message', 'found', 'source', 'env'],
]);
/** How many provider words a file's bindings are looked for around (a real file has a few dozen). */
const MAX_HITS = 1000;
/** How many distinct paths a file's judgements are remembered for. */
const MAX_JUDGED = 10_000;
/** A name set before `=`, `:`, `:=`, `=>` (a variable, a property, an object or array key). */
const ASSIGN_HEAD = new RegExp(
  String.raw`(?<![\w$@'"])(?:['"][\w.-]{1,80}['"]|[$@]{0,2}[A-Za-z_][\w$]{0,80})[ \t]{0,8}` +
    String.raw`(?:[-+*/|&?]?=(?![=>~])|:=|=>|:(?![:=]))[ \t]{0,8}`,
  'g',
);
/** `<secret-named path> = <name>`: the name holds it too (`stripe.api_key = key`, `{ HELCIM_API_TOKEN: token }`). */
const REVERSE = new RegExp(
  String.raw`([$@]{0,2}[\w$.\->[\]'"]{1,160})[ \t]{0,8}(?:=(?![=>~])|:(?![:=])|=>|:=)[ \t]{0,8}` +
    String.raw`([$@]{0,2}[A-Za-z_][\w$.\->]{0,120})[ \t]{0,8}(?=[,;)}\r\n]|$)`,
  'y',
);
/** A Stripe server client made with a key: `new Stripe(key, …)`, `require('stripe')(key)`. */
const STRIPE_CLIENT = new RegExp(
  String.raw`(?:new[ \t]{1,4}Stripe|require[ \t]{0,4}\([ \t]{0,4}['"]stripe['"][ \t]{0,4}\))` +
    String.raw`[ \t]{0,4}\([ \t]{0,4}([$]?[A-Za-z_][\w$.]{0,80})[ \t]{0,4}[,)]`,
  'g',
);
/** Helcim's `api-token` header set from a name: `'api-token': token`, `.set('api-token', token)`. */
const API_TOKEN_HEADER =
  /['"]api-token['"][ \t]{0,8}(?::|=>|,)[ \t]{0,8}([$]?[A-Za-z_][\w$.\->]{0,80})[ \t]{0,8}(?=[,;)}\r\n])/gi;
/** `name = ` (or Go's `name := map[…]…`, PHP's `$name = array`) before a literal's opening bracket. */
const HOLDER = new RegExp(
  String.raw`(?<![\w$@])([$@]{0,2}[A-Za-z_][\w$]{0,80})[ \t]{0,8}(?::=|(?<![=!<>])=)[ \t]{0,8}` +
    String.raw`(?:array|map\[[\w.]{1,40}\][\w.{}]{0,40})?\s{0,8}$`,
);
const PROVIDER_HIT = new RegExp([PROVIDER_WORDS, ...LOGGED_SOURCES.map((x) => x.inCode)].join('|'), 'gi');
/** PROVIDER_HIT's next match, searched for from the first of its literals (a `$` may come before one). */
const nextHit = (text: string, from: number) => nextMatch(PROVIDER_HIT, 1, text, from);
const NOT_NAMES = new Set(['null', 'None', 'nil', 'undefined', 'true', 'false', 'True', 'False', 'this', 'self']);

const plain = (seg: string) => seg.replace(/^[$@]+/, '');
const lastSeg = (path: string) =>
  plain(
    path
      .split(/\.|->|\[['"]?|['"]?\]/)
      .filter(Boolean)
      .at(-1) ?? '',
  );

/** What secret a name holds, unless its words say it holds something about it. */
function judgeName(name: string): SecretName | undefined {
  return nameWords(name).some((w) => DESCRIBES.has(w)) ? undefined : secretNamed(name);
}

/**
 * What secret a path's last segment holds, by its own name or, for a generic one, by a segment
 * before it that names a provider and only says "settings": `config.helcim.apiToken`, `stripe.api_key`.
 */
export function judgePath(segs: readonly string[]): SecretName | undefined {
  const last = plain(segs.at(-1) ?? '');
  if (!last) return undefined;
  const own = judgeName(last);
  if (own) return own;
  for (let i = segs.length - 2; i >= Math.max(0, segs.length - 4); i--) {
    const words = nameWords(plain(segs[i] ?? ''));
    const first = words[0] ?? '';
    const provider = EXPOSURES.find((e) => e.words.some((w) => first.startsWith(w)));
    if (provider && words.slice(1).every((w) => CONTAINERS.has(w) || ENVIRONMENTS.has(w)))
      return judgeName(`${first}_${last}`);
  }
  return undefined;
}

/**
 * The payment secrets a file's log calls may write: references named like one, and names that say
 * no provider (`apiToken`, `key`) but that this file sets from one (`const key =
 * process.env.STRIPE_SECRET_KEY`, `new Stripe(key)`, `'api-token': token`). The bindings are found
 * once per file, around its provider words, when a generic name first needs them.
 */
export class FileSecrets {
  private bound: Map<string, LoggedSecret> | undefined;
  private readonly judged = new Map<string, LoggedSecret | undefined>();

  constructor(
    private readonly text: string,
    private readonly lang: Lang,
    /** Secrets named without a provider word (none for what a page prints: their own rule has them). */
    private readonly sources: readonly LoggedSource[] = LOGGED_SOURCES,
  ) {}

  /** The secret a reference holds, if any. */
  judge(ref: LoggedRef): LoggedSecret | undefined {
    // The same names come back call after call: each path is judged once.
    const key = `${ref.env ? 'e' : 'p'}${ref.path.join('\0')}`;
    if (this.judged.has(key)) return this.judged.get(key);
    const s = this.judgeOnce(ref);
    if (this.judged.size < MAX_JUDGED) this.judged.set(key, s);
    return s;
  }

  private judgeOnce(ref: LoggedRef): LoggedSecret | undefined {
    const own = this.judgeRef(ref);
    if (own || ref.env) return own;
    const name = plain(ref.path.at(-1) ?? '');
    const b = this.bindings().get(name);
    return b ? { ...b, shown: ref.path.join('.'), env: false } : undefined;
  }

  private bindings(): Map<string, LoggedSecret> {
    if (this.bound) return this.bound;
    const map = new Map<string, LoggedSecret>();
    this.bound = map;
    const set = (name: string, s: SecretName, from: string, holds = false) => {
      const n = plain(name);
      if (n && !NOT_NAMES.has(n) && !map.has(n) && !judgeName(n))
        map.set(n, { ...s, shown: n, env: false, from, ...(holds ? { holds } : {}) });
    };
    let hits = 0;
    let skipTo = 0;
    for (let m = nextHit(this.text, 0); m && ++hits <= MAX_HITS; m = nextHit(this.text, PROVIDER_HIT.lastIndex)) {
      if (m.index >= skipTo) skipTo = this.bindAround(m.index, set);
    }
    const stripe = secretNamed('STRIPE_SECRET_KEY');
    // Its word first (a quick search): the pattern's walk over a long file costs more than the word's.
    if (this.text.includes('Stripe') || this.text.includes('stripe'))
      for (const m of this.text.matchAll(STRIPE_CLIENT)) if (stripe && m[1]) set(lastSeg(m[1]), stripe, 'new Stripe()');
    const helcim = secretNamed('HELCIM_API_TOKEN');
    if (/helcim/i.test(this.text)) {
      for (const m of this.text.matchAll(API_TOKEN_HEADER))
        if (helcim && m[1]) set(lastSeg(m[1]), helcim, 'the api-token header');
    }
    return map;
  }

  /** A reference's secret by its own name or path (no bindings). */
  private judgeRef(ref: LoggedRef): LoggedSecret | undefined {
    // A source's secret is made per use (HelcimPay.js's per checkout): an environment variable so named is another.
    const s = ref.env ? judgePath(ref.path) : this.judgeSegs(ref.path);
    if (!s) return undefined;
    const shown = ref.env ? (ref.path.at(-1) ?? '') : ref.path.join('.');
    return { ...s, shown, env: ref.env };
  }

  /** A path's secret by its names, or by a source's name for its last segment. */
  private judgeSegs(segs: readonly string[]): SecretName | undefined {
    const last = segs.at(-1) ?? '';
    return judgePath(segs) ?? this.sources.find((x) => x.names.test(last))?.secret;
  }

  /**
   * Bindings around a provider word at `hit`: `name = <a secret>` ending after it on its line, or
   * `<secret-named path> = name` starting at it. Returns where the next hit is worth looking at.
   */
  private bindAround(hit: number, set: (name: string, s: SecretName, from: string, holds?: boolean) => void): number {
    const text = this.text;
    let j = hit;
    while (j > hit - 160 && j > 0 && text[j - 1] !== '\n') j--;
    const window = text.slice(j, hit);
    let head: RegExpExecArray | undefined;
    let unread = hit + 1;
    ASSIGN_HEAD.lastIndex = 0;
    for (let h = ASSIGN_HEAD.exec(window); h; h = ASSIGN_HEAD.exec(window)) head = h;
    if (head) {
      const rhs = j + head.index + head[0].length;
      const read = readArgs(text, rhs, this.lang, 'rhs', () => false);
      const secret = read.refs.map((r) => this.judgeRef(r)).find((s) => s !== undefined);
      if (secret) {
        set(lhsName(text, j + head.index, head[0]), secret, secret.shown);
        // `stripe_keys = { 'secret_key': os.environ[…] }`: the variable holding the literal holds the secret.
        const holder = /(?:=>|:)[ \t]*$/.test(head[0]) ? literalHolder(text, j + head.index) : undefined;
        if (holder) set(holder, secret, secret.shown, true);
      }
      if (read.ok) return Math.max(read.end, hit + 1);
      // What could not be read once (an unterminated string, 2,000 characters of no end) is not read again.
      unread = Math.max(unread, read.end);
    }
    let p = hit;
    while (p > hit - 120 && p > 0 && /[\w$@.\->[\]'"]/.test(text[p - 1] ?? '')) p--;
    REVERSE.lastIndex = p;
    const r = REVERSE.exec(text);
    if (r?.[1] && r[2] && !r[2].includes('(')) {
      const segs = r[1].split(/\.|->|\[['"]?|['"]?\]|['"]/).filter(Boolean);
      const s = this.judgeSegs(segs);
      if (s) set(lastSeg(r[2]), s, segs.join('.'));
    }
    return unread;
  }
}

/** The name an assignment head sets; for `name: Type = …` (TypeScript), the name before the type. */
function lhsName(text: string, at: number, head: string): string {
  const own = /^['"]?([$@]{0,2}[\w.-]+)/.exec(head)?.[1] ?? '';
  let k = at;
  while (k > at - 8 && (text[k - 1] === ' ' || text[k - 1] === '\t')) k--;
  if (text[k - 1] !== ':' || text[k - 2] === ':') return own;
  k--;
  while (k > at - 16 && (text[k - 1] === ' ' || text[k - 1] === '\t')) k--;
  const end = k;
  while (k > end - 80 && /[\w$]/.test(text[k - 1] ?? '')) k--;
  return /^[A-Za-z_$]/.test(text.slice(k, end)) ? text.slice(k, end) : own;
}

/**
 * The variable an object, dict or array literal is assigned to (`name = {`, `name := map…{`, `$name = [`),
 * given a position inside it: at most 2,000 characters back to its opening bracket (strings not read).
 */
function literalHolder(text: string, at: number): string | undefined {
  let depth = 0;
  let k = at;
  for (; k > at - 2000 && k > 0; k--) {
    const c = text[k - 1];
    if (c === '}' || c === ']' || c === ')') depth++;
    else if (c === '{' || c === '[' || c === '(') {
      if (depth === 0) break;
      depth--;
    }
  }
  if (k <= 0 || k <= at - 2000 || text[k - 1] === '(') return undefined;
  const before = text.slice(Math.max(0, k - 1 - 120), k - 1);
  return HOLDER.exec(before)?.[1];
}
