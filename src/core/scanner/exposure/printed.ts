import type { Candidate } from '../rule';
import type { FileContext } from '../fileContext';
import { MAX_FINDINGS, safePreview } from './codeText';
import { readArgs } from './logArgs';
import { langOf } from './logCalls';
import { findLoggedSecrets } from './logged';
import type { LoggedRef } from './logExpr';
import { FileSecrets, type LoggedSecret } from './logNames';
import { isPhpPage, templateOutputs } from './templates';

/** The start of what a template prints that is no value: a comment, a block helper, a partial, a control action. */
const NOT_PRINTED = /^(?:--|[!#/^>]|(?:if|else|end|range|with|define|template|block|unless|each)\b)/;
/** Template filters that print the value as it is (Jinja, Django, Twig, Liquid, Nunjucks); any other hides it. */
const PASS_FILTERS = new Set([
  ...['safe', 'tojson', 'json', 'json_encode', 'json_script', 'escape', 'e', 'escapejs', 'raw', 'string', 'trim'],
  ...['default', 'd', 'upper', 'lower', 'striptags', 'urlencode', 'url_encode'],
]);
const FILTER = /(?<!\|)\|(?!\|)\s{0,5}([A-Za-z_]\w{0,40})/g;

function message(s: LoggedSecret, where: string): string {
  const what = s.what.startsWith(s.provider.slice(0, 6)) ? s.what : `${s.provider} ${s.what}`;
  const name = s.from ? `${s.shown}, set from ${s.from}` : s.shown;
  return (
    `Prints the ${what} (${name}) into the page (${where}): the template puts it in the HTML every visitor ` +
    'gets. Keep it in server code and give the page only what the browser needs (a checkoutToken, a ' +
    'publishable key, an Embed token).'
  );
}

/**
 * What one printed expression at [start, end) writes: its references, read in the file's language
 * (JavaScript's for Jinja, Django, Go and the like), once any filter other than a pass-through is
 * known to hide it (`{{ key|length }}`) and the template's own delimiters (`{{{`, `-`, `=`) are taken off.
 */
function printedRefs(text: string, start: number, end: number, lang: ReturnType<typeof langOf>): LoggedRef[] {
  let s = start;
  let e = end;
  while (s < e && /[\s{(=~@&-]/.test(text[s] ?? '')) s++;
  while (e > s && /[\s}~;-]/.test(text[e - 1] ?? '')) e--;
  let expr = text.slice(s, e);
  if (!expr || NOT_PRINTED.test(expr)) return [];
  let open = 0;
  for (const c of expr) open += c === '(' ? 1 : c === ')' ? -1 : 0;
  if (open < 0) expr = expr.slice(0, expr.length + open);
  if (lang !== 'php') {
    const bar = /(?<!\|)\|(?!\|)/.exec(expr);
    if (bar) {
      for (const f of expr.slice(bar.index).matchAll(FILTER)) if (!PASS_FILTERS.has(f[1] ?? '')) return [];
      expr = expr.slice(0, bar.index);
    }
  }
  const read = readArgs(expr, 0, lang, 'stmt', () => false);
  return read.ok ? read.refs.map((r) => ({ ...r, start: r.start + s, end: r.end + s })) : [];
}

/**
 * Payment secrets a server template prints into the page, starting in [from, to): a name that is a
 * payment secret's (see names.ts), an environment read of one, or a name the file sets from one, in
 * a template's output (`{{ settings.STRIPE_SECRET_KEY }}`, `<%= process.env.HELCIM_API_TOKEN %>`,
 * `<?= getenv('HELCIM_API_TOKEN') ?>`, Blade `{{ config('services.helcim.token') }}`, Razor
 * `@Model.HelcimApiToken`) or in what a PHP page's `echo` or `print` writes. A PHP file that is no
 * page (see isPhpPage) prints nothing into one: what it echoes is secret-in-log's. HelcimPay.js's
 * secretToken is its own rule's.
 */
export function printedSecrets(text: string, from: number, to: number, file: FileContext | undefined): Candidate[] {
  if (!file) return [];
  const lang = langOf(file.path);
  const page = lang !== 'php' || isPhpPage(text, file.path);
  const outputs = page ? templateOutputs(text, file) : [];
  const out: Candidate[] = [];
  let secrets: FileSecrets | undefined;
  const seen = new Set<number>();
  const add = (ref: LoggedRef, s: LoggedSecret, where: string) => {
    if (ref.start < from || ref.start >= to || seen.has(ref.start) || out.length >= MAX_FINDINGS) return;
    seen.add(ref.start);
    const preview = safePreview(text.slice(ref.start, ref.end));
    out.push({ start: ref.start, end: ref.end, secret: preview, preview, message: message(s, where) });
  };
  for (const o of outputs) {
    if (out.length >= MAX_FINDINGS) break;
    if (o.end <= from || o.start >= to) continue;
    for (const ref of printedRefs(text, o.start, o.end, lang)) {
      secrets ??= new FileSecrets(text, lang, []);
      const s = secrets.judge(ref);
      if (s) add(ref, s, o.marker);
    }
  }
  for (const f of findLoggedSecrets(text, from, to, file.path, 'page')) add(f.ref, f.secret, "a PHP page's output");
  return out.sort((a, b) => a.start - b.start);
}
