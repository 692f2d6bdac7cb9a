import type { Severity } from '../../../shared/protocol';
import { patternLiterals } from '../nextMatch';
import type { Candidate } from '../rule';
import { Budget } from './codeText';
import { ResponseFlow, inFailureBranch } from './dataFlow';
import { MAX_SPAN, readArgs, type ArgsRead } from './logArgs';
import { type LogCall, commentedOut, isLogPath, langOf, logCallAt, nextCallWord } from './logCalls';
import type { LoggedRef } from './logExpr';
import { FileSecrets, LOGGED_SOURCES, type LoggedResponse, type LoggedSecret, type LoggedSource } from './logNames';
import { PROVIDER_ANCHOR, caselessSource, nameWords } from './names';
import { isPhpPage } from './templates';

/**
 * A payment secret's name has a provider's word in it, or a source's name, or this file set it from
 * one; a whole response is logged only where the file names its endpoint (a source's anchor has it).
 */
export const LOGGED_ANCHOR = new RegExp(
  [PROVIDER_ANCHOR.source, ...LOGGED_SOURCES.map((x) => caselessSource(x.anchor.source))].join('|'),
);
/** PHP's functions that write to the response: in a page, what they print is the page's (browser-server-call's). */
const PAGE_OUTPUT = new Set(['echo', 'print', 'printf', 'print_r', 'var_dump', 'var_export']);
export const LOG_ADVICE = 'logs are kept, shipped and shared. Log that it is set, or its last four characters.';
/** Names of test credentials: written to a log, a warning; a live one read from the environment, an error. */
const TEST_WORDS = new Set(['test', 'sandbox', 'dev', 'development', 'staging', 'demo', 'example']);

/** A preview is the reference's text: one line of printable ASCII (no control or direction characters). */
function previewOf(text: string, ref: LoggedRef): string {
  return text
    .slice(ref.start, ref.end)
    .replace(/\s+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '');
}

function messageOf(s: LoggedSecret): string {
  if (s.response) return `Writes ${s.what} (${s.shown}) to the log: ${s.response.advice}`;
  const what = s.what.startsWith(s.provider.slice(0, 6)) ? s.what : `${s.provider} ${s.what}`;
  const name = s.from ? `${s.shown}, ${s.holds ? 'which holds' : 'set from'} ${s.from}` : s.shown;
  return `Writes the ${what} (${name}) to the log: ${LOG_ADVICE}`;
}

function severityOf(s: LoggedSecret): Severity {
  return s.env && !nameWords(s.shown).some((w) => TEST_WORDS.has(w)) ? 'error' : 'warning';
}

/**
 * Whether a call writes its arguments where logs go: Go's `fmt.Fprint*` only to os.Stdout or
 * os.Stderr, Python's `print` not to a `file=`, PHP's `print_r`/`var_export` not returning a string
 * (`, true`), a shell's `echo` not piped or redirected, and no `::add-mask::` (GitHub Actions).
 */
function writesToLog(text: string, call: LogCall, read: ArgsRead): boolean {
  if (read.redirected) return false;
  const span = text.slice(call.argsAt, read.end);
  if (call.fprint) return /^\s*os\s*\.\s*Std(?:out|err)\b/.test(span);
  if (call.name === 'print' && /\bfile\s*=\s*(?!sys\s*\.\s*std)/.test(span)) return false;
  if ((call.name === 'print_r' || call.name === 'var_export') && /,\s*true\s*\)\s*;?$/i.test(span)) return false;
  return !span.includes('::add-mask::');
}

/** A reference a log call writes, and the payment secret it holds. */
export interface LoggedFinding {
  ref: LoggedRef;
  secret: LoggedSecret;
}

/**
 * Whole API responses that hold a source's secret, written where a log call is: one flow per source
 * whose endpoint the file names, made when first asked, all on one budget.
 */
class LoggedResponses {
  private flows?: { source: LoggedSource; response: LoggedResponse; flow: ResponseFlow }[];

  private readonly budget: Budget;

  constructor(private readonly text: string) {
    this.budget = new Budget(text.length);
  }

  judge(ref: LoggedRef, callAt: number): LoggedSecret | undefined {
    if (ref.env) return undefined;
    this.flows ??= LOGGED_SOURCES.flatMap((source) => {
      const response = source.response;
      if (!response) return [];
      const flow = new ResponseFlow(this.text, response.endpoint, this.budget);
      return flow.named ? [{ source, response, flow }] : [];
    });
    const expr = this.text.slice(ref.start, ref.end);
    for (const { source, response, flow } of this.flows) {
      if (response.failure(this.text, ref.start, expr) || !flow.holdsResponse(expr, ref.start, response.dropped))
        continue;
      // Checked last: it reads back up to a few lines, and few references get this far.
      if (inFailureBranch(this.text, callAt)) continue;
      const advice = { advice: response.advice };
      return { ...source.secret, what: response.what, shown: expr, env: false, response: advice };
    }
    return undefined;
  }
}

/** Where findLoggedSecrets looks: log calls, or (browser-server-call) what a PHP page's output calls print. */
export type LoggedMode = 'log' | 'page';

/**
 * Finds payment secrets written to a log or stdout, starting in [from, to): the references a log
 * call's arguments write as they are, that are named like a payment secret, read from such an
 * environment variable, or set from one in the same file, and (from the providers' sources) secrets
 * named without a provider word and whole API responses that hold one. Each call's arguments are read
 * once (at most 2,000 characters); `path` says the file's language (JavaScript's syntax when unknown).
 * PHP's `echo`, `print` and the like in a page (see isPhpPage) print into it, not to a log: they are
 * left out, and are all that `mode: 'page'` finds.
 */
export function findLoggedSecrets(
  text: string,
  from: number,
  to: number,
  path?: string,
  mode: LoggedMode = 'log',
  anchored = false,
): LoggedFinding[] {
  const lang = langOf(path);
  const page = lang === 'php' && isPhpPage(text, path);
  if (mode === 'page' && !page) return [];
  // A payment secret's name always has a provider's word in it, or a source's name, or it was set from
  // one (`anchored`: the caller's scan already found that in the text).
  // The scanner's one pass, not the pattern (which starts with a lookbehind: slow to search for).
  if (!anchored && patternLiterals(LOGGED_ANCHOR).rulesInText(text).size === 0) return [];
  const secrets = new FileSecrets(text, lang, mode === 'page' ? [] : LOGGED_SOURCES);
  const responses = mode === 'page' ? undefined : new LoggedResponses(text);
  const isLog = (p: readonly string[]) => isLogPath(p, lang);
  const out: LoggedFinding[] = [];
  const seen = new Set<number>();
  let at = Math.max(0, from - MAX_SPAN);
  for (let m = nextCallWord(text, at, lang); m && m.start < to; m = nextCallWord(text, at, lang)) {
    at = m.end;
    const call = logCallAt(text, m.start, m.end, lang);
    const printed = page && call !== undefined && PAGE_OUTPUT.has(call.name);
    // A page's output calls only: what the others write, nested calls included, is the log's.
    if (!call || (mode === 'page' && !printed) || commentedOut(text, call.start, lang)) continue;
    const read = readArgs(text, call.argsAt, lang, call.kind, isLog);
    // Past the call, or (given up) to the innermost log call still open: each part is read a bounded number of times.
    const next = Math.max(m.start + 1, read.ok ? read.end : (read.resumeAt ?? read.end));
    const own = writesToLog(text, call, read) && printed === (mode === 'page') ? read.refs : [];
    const refs = mode === 'page' ? own : [...own, ...read.inner];
    for (const ref of refs) {
      if (ref.start < from || ref.start >= to || seen.has(ref.start)) continue;
      const secret = secrets.judge(ref) ?? responses?.judge(ref, call.start);
      if (!secret) continue;
      seen.add(ref.start);
      out.push({ ref, secret });
    }
    at = next;
  }
  return out.sort((x, y) => x.ref.start - y.ref.start);
}

/** The rule's candidates: each logged secret's expression, shown as written. */
export function loggedCandidates(text: string, from: number, to: number, path: string | undefined): Candidate[] {
  // The rule runs only where the scan found its anchor (LOGGED_ANCHOR) in the text.
  return findLoggedSecrets(text, from, to, path, 'log', true).map(({ ref, secret }) => {
    const preview = previewOf(text, ref);
    return {
      start: ref.start,
      end: ref.end,
      secret: preview,
      preview,
      severity: severityOf(secret),
      message: messageOf(secret),
    };
  });
}
