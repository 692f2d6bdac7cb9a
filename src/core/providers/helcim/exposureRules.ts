import { HELCIM } from './spec';
import { DOCS, type Candidate, type Rule } from '../../scanner/rule';
import type { FileContext } from '../../scanner/fileContext';
import { type BrowserRegion, browserRegions, regionAt } from '../../scanner/exposure/browserCode';
import {
  Budget,
  MAX_FINDINGS,
  Matches,
  type SearchScope,
  safePreview,
  searchScope,
} from '../../scanner/exposure/codeText';
import { ResponseFlow } from '../../scanner/exposure/dataFlow';
import type { LoggedSource } from '../../scanner/exposure/logNames';
import { type SendSite, sendSites } from '../../scanner/exposure/responses';
import { sentParts } from '../../scanner/exposure/sentValue';
import { type TemplateOutput, templateOutputs } from '../../scanner/exposure/templates';

// HelcimPay.js: POST /v2/helcim-pay/initialize (server side) returns a checkoutToken, which the
// browser needs to open the payment iframe, and a secretToken, which validates the hash of the
// transaction's result and must stay on the server. These are the ways the secretToken leaves it.

const ID = 'helcim-pay-secret-token-exposed';
/** The secretToken as code names it: `secretToken`, `secret_token`, Go's `SecretToken`, PHP's `$secretToken`. */
const SECRET_TOKEN = /^\$?(?:[sS]ecret_?[tT]oken|SECRET_TOKEN)$/;
const SECRET_TOKEN_IN_CODE = /(?<![A-Za-z0-9_])\$?(?:[sS]ecret_?[tT]oken|SECRET_TOKEN)(?![A-Za-z0-9_])/g;
/** The same, for template outputs (a second pattern object: the two are searched in turn). */
const SECRET_TOKEN_PRINTED = new RegExp(SECRET_TOKEN_IN_CODE.source, 'g');
/** What says a text is about HelcimPay.js, for a bare `secretToken` in browser code. */
const HELCIM_PAY = /helcim|checkout_?token/i;
/** The initialize endpoint (not an app's own `/api/helcim-pay/initialize` route), and functions named for it. */
const INITIALIZE = /(?<!\/api\/)helcim-pay\/initialize/gi;
const INITIALIZES = /helcim|init\w{0,12}(?:pay|checkout)|(?:pay|checkout)\w{0,12}init/i;
/** Server code that takes the secretToken out of the response before sending the rest. */
const DROPS = [
  /\b(?:delete|del|unset)\b[^;\n]{0,80}secret_?token/i,
  /\.pop\(\s{0,5}["']secret_?token/i,
  /secret_?token["']?\]?\s{0,5}=\s{0,5}(?:undefined|null|None)\b/i,
];
const dropped = (code: string) => DROPS.some((re) => re.test(code));

const FIX = 'return only { checkoutToken } and keep the secretToken on the server (session or database)';

function browserMessage(where: string): string {
  return (
    `HelcimPay.js's secretToken is in code that runs in the browser (${where}): whoever has it can forge a ` +
    "'successful' result for the checkout. Keep it on the server with the checkout and validate the hash there."
  );
}

function sentMessage(site: SendSite): string {
  const what = site.template
    ? "Gives HelcimPay.js's secretToken to a page template"
    : "Sends HelcimPay.js's secretToken to the browser";
  return `${what} (${site.how}): it validates the transaction's hash; ${FIX}.`;
}

function printedMessage(where: string): string {
  return `Prints HelcimPay.js's secretToken into the page (${where}): it validates the transaction's hash; ${FIX}.`;
}

function wholeMessage(how: string): string {
  return `Sends HelcimPay.js's whole initialize response, secretToken included, to the browser (${how}): ${FIX}.`;
}

/** The `secretToken`s in one browser region, in [from, to), into `out`. */
function inBrowser(text: string, r: BrowserRegion, { from, to, comments, names }: Scope, out: Candidate[]): void {
  const end = Math.min(r.end, to);
  for (let m = names.at(Math.max(r.start, from)); m && m.index < end;) {
    if (out.length >= MAX_FINDINGS) return;
    const next = m.index + m[0].length;
    // On a comment line, so is the rest of the line.
    if (comments.at(m.index)) {
      m = names.at(Math.max(next, comments.lineEndOf(m.index)));
      continue;
    }
    const name = m[0];
    out.push({ start: m.index, end: next, secret: name, preview: name, message: browserMessage(r.marker) });
    m = names.at(next);
  }
}

/** The `secretToken`s a server template prints into the page, in [from, to), into `out`. */
function printed(o: TemplateOutput, { from, to, printedNames }: Scope, out: Candidate[]): void {
  const end = Math.min(o.end, to);
  for (let m = printedNames.at(Math.max(o.start, from)); m && m.index < end; m = printedNames.at(m.index + 1)) {
    if (out.length >= MAX_FINDINGS) return;
    const name = m[0];
    const at = m.index;
    out.push({ start: at, end: at + name.length, secret: name, preview: name, message: printedMessage(o.marker) });
  }
}

/** The secretToken, or the whole initialize response, in what a server sends: one finding at most. */
function inSent(text: string, site: SendSite, flow: ResponseFlow): Candidate | undefined {
  const parts = sentParts(text, site.body, (s) => SECRET_TOKEN.test(s));
  // One finding per send: `{ secretToken: data.secretToken }` names it twice on one line.
  const n = parts.names[0];
  if (n) {
    const name = text.slice(n.start, n.end);
    return { start: n.start, end: n.end, secret: name, preview: name, message: sentMessage(site) };
  }
  for (const v of parts.values) {
    const expr = text.slice(v.start, v.end);
    if (failure(text, v.start, expr) || !flow.holdsResponse(expr, site.at, dropped)) continue;
    const preview = safePreview(expr);
    return { start: v.start, end: v.end, secret: preview, preview, message: wholeMessage(site.how) };
  }
  return undefined;
}

/**
 * Whether a sent value is a failure's body (`{ error: errorData }` after `if (!r.ok)`): an error
 * answer of initialize holds no secretToken. Told by the value's name or the key it is sent under.
 */
function failure(text: string, start: number, expr: string): boolean {
  const key = /([\w$]{1,40})["']?\s{0,5}[:=]>?\s{0,5}(?:\.\.\.)?$/.exec(
    text.slice(Math.max(0, start - 60), start),
  )?.[1];
  return (
    /err|fail/i.test(expr.replace(/^await\s+/, '').split(/[.(\s-]/)[0] ?? '') ||
    /err|fail|detail|reason|message/i.test(key ?? '')
  );
}

interface Scope extends SearchScope {
  /** The secretToken's names in code, for browser regions and for template outputs (each asked in order). */
  names: Matches;
  printedNames: Matches;
}

function find(text: string, from: number, to: number, file?: FileContext): Candidate[] {
  const out: Candidate[] = [];
  const initializes = text.search(INITIALIZE) >= 0;
  if (!initializes && text.search(/secret_?token/i) < 0) return out;
  const regions = browserRegions(text, file);
  if (text.search(HELCIM_PAY) >= 0) {
    const scope = {
      ...searchScope(text, from, to),
      names: new Matches(SECRET_TOKEN_IN_CODE, text),
      printedNames: new Matches(SECRET_TOKEN_PRINTED, text),
    };
    for (const r of regions) if (r.end > from && r.start < to) inBrowser(text, r, scope, out);
    for (const o of templateOutputs(text, file)) if (o.end > from && o.start < to) printed(o, scope, out);
  }
  const budget = new Budget(text.length);
  const flow = new ResponseFlow(text, { mention: INITIALIZE, producer: INITIALIZES }, budget);
  let names: number[] | undefined;
  // A send is read when the file calls initialize (its response may be sent whole) or names the secretToken near.
  const worth = (pos: number) => {
    if (regionAt(regions, pos)) return false;
    if (initializes) return true;
    names ??= [...text.matchAll(/secret_?token/gi)].map((m) => m.index);
    return firstAtOrAfter(names, pos) < pos + SITE_REACH;
  };
  for (const site of sendSites(text, { from, to, file, worth }, budget)) {
    if (out.length >= MAX_FINDINGS) break;
    const c = inSent(text, site, flow);
    if (c) out.push(c);
  }
  return out;
}

/** How far after a send site its value may reach (what readArguments reads). */
const SITE_REACH = 2000;

/** The first of the sorted `xs` at or after `pos`, or Infinity. */
function firstAtOrAfter(xs: readonly number[], pos: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] ?? 0) < pos) lo = mid + 1;
    else hi = mid;
  }
  return xs[lo] ?? Infinity;
}

/**
 * HelcimPay.js's secretToken for secret-in-log: a value named `secretToken` (not an environment
 * variable: HelcimPay.js makes one per checkout), and the whole initialize response or its data
 * logged in a file that calls initialize (followed back as for a send), unless it is a failure's body.
 */
export const HELCIM_PAY_LOGGED: LoggedSource = {
  // The secretToken's name, or the endpoint a logged response must come from.
  anchor: /secret_?token|helcim-pay\/initialize/i,
  names: SECRET_TOKEN,
  inCode: SECRET_TOKEN_IN_CODE.source,
  secret: { provider: HELCIM.displayName, what: 'HelcimPay.js secretToken' },
  response: {
    endpoint: { mention: INITIALIZE, producer: INITIALIZES },
    what: "HelcimPay.js's initialize response",
    advice:
      "it holds the secretToken, which validates the transaction's hash (whoever reads the log can forge a " +
      "'successful' result). Log its checkoutToken or the status, never the whole response.",
    dropped,
    failure,
  },
};

/** HelcimPay.js's secretToken sent to, or used in, the browser. */
export const helcimPaySecretTokenExposed: Rule = {
  id: ID,
  provider: HELCIM.displayName,
  title: 'HelcimPay.js secretToken sent to the browser',
  severity: 'error',
  kind: 'exposure',
  message: "HelcimPay.js's secretToken reaches the browser: it must stay on the server to validate the response hash",
  remediation:
    'Return only the checkoutToken from your initialize route (res.json({ checkoutToken })); keep the secretToken ' +
    'on the server with the checkout (session, cache or database), and validate the hash HelcimPay.js returns ' +
    'there: sha256 of the JSON data followed by the secretToken.',
  docs: `${DOCS}#${ID}`,
  anchor: /secret_?token|helcim/i,
  // A response is followed from the call to where it is sent, any distance apart.
  anchorAnywhere: true,
  find: (text, from, to, _now, file) => find(text, from, to, file),
};
