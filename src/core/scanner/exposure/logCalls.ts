import { baseName } from '../fileContext';
import type { SpanKind } from './logArgs';
import type { Lang } from './logExpr';
import { nameWords } from './names';

const BY_EXTENSION: Record<string, Lang> = {
  py: 'py',
  pyw: 'py',
  php: 'php',
  phtml: 'php',
  go: 'go',
  rb: 'rb',
  erb: 'rb',
  rake: 'rb',
  gemspec: 'rb',
  java: 'java',
  scala: 'java',
  groovy: 'java',
  cs: 'java',
  kt: 'kt',
  kts: 'kt',
  sh: 'sh',
  bash: 'sh',
  zsh: 'sh',
  yml: 'sh',
  yaml: 'sh',
};

/** The syntax a file's log calls are read in, by its name: JavaScript's for other files and unknown texts. */
export function langOf(path: string | undefined): Lang {
  if (path === undefined) return 'js';
  const name = baseName(path);
  if (name === 'Gemfile' || name === 'Rakefile') return 'rb';
  if (name === 'Dockerfile' || name === 'Makefile' || name === 'Procfile') return 'sh';
  const ext = /\.([A-Za-z0-9]{1,10})$/.exec(name)?.[1]?.toLowerCase() ?? '';
  return BY_EXTENSION[ext] ?? 'js';
}

/**
 * A log method's or function's name, followed by its `(` or (statements, Ruby calls) a space: the
 * words calls are found by. The receiver before it is judged afterwards, within a few characters.
 */
const LOG_WORDS = [
  ...['log', 'info', 'warn(?:ing)?', 'err(?:or)?', 'debug', 'trace', 'fatal', 'crit(?:ical)?', 'exception', 'verbose'],
  ...['silly', 'notice', 'alert', 'emerg(?:ency)?', 'http', 'dir', 'table', 'write', 'println', 'printf'],
  ...['print(?:_r)?', 'pprint', 'puts', 'pp?', 'echo', 'error_log', 'var_dump', 'var_export', 'syslog', 'dump', 'dd'],
  ...['logger', '[dviwe]', 'wtf', 'Info', 'Warn(?:ing)?', 'Error', 'Debug', 'Trace', 'Fatal', 'Panic', 'Print'],
  ...['Fprint', 'Crit(?:ical)?', 'Notice', 'Alert', 'Emergency', 'With(?:Fields?)?'],
];
// Every word begins with a word character, so `\b` holds wherever the lookbehind does: it is there
// because V8 tests it first and cheaply, which makes the walk over a file a fifth quicker.
export const CALL_WORD = new RegExp(
  String.raw`\b(?<![\w$])(?:${LOG_WORDS.join('|')})(?:f|w|ln|Context|Ctx)?(?=[ \t]{0,8}\(|[ \t])`,
  'g',
);

/**
 * {@link CALL_WORD} where only a method can log (JavaScript's syntax, Java's): the same words, found
 * from the `.`, `->` or `::` before them (within the 8 blanks {@link receiverBefore} skips). A pass
 * over a file is three times quicker this way, as most words in code are not after a method's dot.
 */
const METHOD_WORD = new RegExp(
  String.raw`(?:\.|->|::)[ \t]{0,8}\b((?:${LOG_WORDS.join('|')})(?:f|w|ln|Context|Ctx)?)(?=[ \t]{0,8}\(|[ \t])`,
  'g',
);
/** What {@link METHOD_WORD} adds before a word at most: the operator and the blanks. */
const METHOD_LEAD = 10;

/**
 * The next {@link CALL_WORD} at or after `from` that may be a log call in `lang` (see {@link logCallAt}):
 * `[start, end)` of the word. Where every log call is a method's, only words after a method's operator.
 */
export function nextCallWord(text: string, from: number, lang: Lang): { start: number; end: number } | undefined {
  if (BARE[lang].size > 0 || STATEMENTS[lang].size > 0) {
    CALL_WORD.lastIndex = from;
    const m = CALL_WORD.exec(text);
    return m ? { start: m.index, end: m.index + m[0].length } : undefined;
  }
  // Started before `from` by the longest lead: a word at or after it may have its operator before it.
  // A match whose word starts before `from` is passed over (CALL_WORD would not find it either).
  METHOD_WORD.lastIndex = Math.max(0, from - METHOD_LEAD);
  for (let m = METHOD_WORD.exec(text); m; m = METHOD_WORD.exec(text)) {
    const end = m.index + m[0].length;
    const start = end - (m[1] ?? '').length;
    if (start >= from) return { start, end };
  }
  return undefined;
}

/** Methods of a logger (`logger.info`), by their word (Go's `Infof`, `Infow`, `Println` alike). */
const LEVEL = new RegExp(
  String.raw`^(?:log|info|warn(?:ing)?|err(?:or)?|debug|trace|fatal|crit(?:ical)?|exception|verbose|silly|notice|` +
    String.raw`alert|emerg(?:ency)?|http|print(?:ln|f)?|panic|[dviwe]|wtf|with(?:fields?)?)(?:f|w|ln|context|ctx)?$`,
  'i',
);
const CONSOLE = new Set(['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table']);
/** Words a logger's name ends with (`logger`, `appLog`, `this._logger`, `LOGGER`, `Log::`). */
const LOGGER_WORDS = new Set([
  'log',
  'logger',
  'logging',
  'winston',
  'pino',
  'bunyan',
  'logrus',
  'zerolog',
  'zap',
  'slog',
  'glog',
  'klog',
  'sugar',
]);
/** Functions that write their arguments, by language. Shell `echo` and the like are statements. */
const BARE: Record<Lang, ReadonlySet<string>> = {
  js: new Set(),
  py: new Set(['print', 'pprint']),
  php: new Set([
    ...['error_log', 'var_dump', 'print_r', 'var_export', 'printf', 'print', 'syslog', 'logger', 'dd', 'dump'],
    'echo',
  ]),
  go: new Set(['println', 'print']),
  rb: new Set(['puts', 'p', 'pp', 'print', 'warn']),
  java: new Set(),
  kt: new Set(['println', 'print']),
  sh: new Set(['echo']),
};
/** Words that start a statement whose arguments need no parentheses. */
const STATEMENTS: Record<Lang, ReadonlySet<string>> = {
  js: new Set(),
  py: new Set(),
  php: new Set(['echo', 'print']),
  go: new Set(),
  rb: new Set(['puts', 'p', 'pp', 'print', 'warn']),
  java: new Set(),
  kt: new Set(),
  sh: new Set(['echo']),
};

/** A log call found at a word: where its arguments start, and how they end. */
export interface LogCall {
  /** Where the call's text starts (its receiver, or the function's name). */
  start: number;
  /** Where its arguments start: after `(`, or after the statement's word. */
  argsAt: number;
  kind: SpanKind;
  /** Go's `fmt.Fprint*`: only a write to os.Stdout or os.Stderr is a log. */
  fprint?: boolean;
  /** PHP's `print_r`/`var_export` and Python's `print`: an argument may say it returns or writes elsewhere. */
  name: string;
}

/** A receiver's names before `end` (up to three, then the method's `.`, `->` or `::`), and where it starts. */
function receiverBefore(text: string, end: number): { names: string[]; start: number } {
  const names: string[] = [];
  let i = end;
  for (let k = 0; k < 3; k++) {
    let j = i;
    while (j > i - 8 && (text[j - 1] === ' ' || text[j - 1] === '\t')) j--;
    const two = text.slice(j - 2, j);
    const op = text[j - 1] === '.' ? 1 : two === '->' || two === '::' ? 2 : 0;
    if (!op) break;
    j -= op;
    if (text[j - 1] === '?') j--;
    while (j > i - 16 && (text[j - 1] === ' ' || text[j - 1] === '\t')) j--;
    const nameEnd = j;
    while (j > nameEnd - 80 && j > 0 && /[\w$@\\]/.test(text[j - 1] ?? '')) j--;
    if (j === nameEnd) break;
    names.unshift(text.slice(j, nameEnd));
    i = j;
  }
  return { names, start: i };
}

/** Whether a receiver's name is a logger's. */
export function isLogger(name: string): boolean {
  const plain = name.slice(name.lastIndexOf('\\') + 1);
  return LOGGER_WORDS.has(nameWords(plain).at(-1) ?? '');
}

/** Whether a callee's path (`['console', 'log']`, `['this', 'logger', 'info']`, `['print']`) is a log call. */
export function isLogPath(path: readonly string[], lang: Lang): boolean {
  const method = path.at(-1) ?? '';
  if (path.length === 1) return BARE[lang].has(method) && method !== 'echo';
  return isLogMethod(path.slice(-3, -1), method);
}

function isLogMethod(receiver: readonly string[], method: string): boolean {
  const recv = receiver.at(-1) ?? '';
  const parent = receiver.at(-2) ?? '';
  if (recv === 'console') return CONSOLE.has(method);
  if (recv === 'fmt') return /^F?[Pp]rint(?:f|ln)?$/.test(method) && method !== 'print';
  if ((recv === 'out' || recv === 'err') && parent === 'System') return /^print(?:ln|f)?$/.test(method);
  if (/^(?:std(?:out|err)|\$std(?:out|err)|STD(?:OUT|ERR))$/.test(recv))
    return method === 'write' || method === 'puts' || method === 'print';
  if (recv === 'click' || recv === 'typer') return method === 'echo';
  if (!isLogger(recv) || !LEVEL.test(method)) return false;
  // One-letter methods are Android's `Log.d(…)` only.
  return method.length > 1 || recv === 'Log';
}

/**
 * The log call whose method or function name is the CALL_WORD match at [start, end), or undefined:
 * `console.log(`, `logger.info(`, `this.logger.warn(`, `Log::info(`, `fmt.Println(`, `print(`,
 * `echo …;`, `puts …`, Ruby's `logger.info "…"`.
 */
export function logCallAt(text: string, start: number, end: number, lang: Lang): LogCall | undefined {
  const word = text.slice(start, end);
  let i = end;
  while (text[i] === ' ' || text[i] === '\t') i++;
  const paren = text[i] === '(';
  const receiver = receiverBefore(text, start);
  if (receiver.names.length > 0) {
    if (!isLogMethod(receiver.names, word) || (!paren && lang !== 'rb')) return undefined;
    const fprint = word.startsWith('Fprint') ? { fprint: true } : {};
    return { start: receiver.start, argsAt: paren ? i + 1 : end, kind: paren ? 'call' : 'stmt', name: word, ...fprint };
  }
  const prev = text[start - 1];
  if (prev === '.' || prev === '>' || prev === ':' || prev === '\\') return undefined;
  if (/(?:def|function|func|fun|sub|fn)\s{1,8}$/.test(text.slice(Math.max(0, start - 12), start))) return undefined;
  if (paren && BARE[lang].has(word)) return { start, argsAt: i + 1, kind: 'call', name: word };
  if (!paren && STATEMENTS[lang].has(word) && atStatementStart(text, start))
    return { start, argsAt: end, kind: 'stmt', name: word };
  return undefined;
}

/** Whether only a statement's start comes before `pos` on its line (`;`, `{`, `}`, YAML's `run:`, `- `). */
function atStatementStart(text: string, pos: number): boolean {
  let j = pos;
  while (j > pos - 200 && (text[j - 1] === ' ' || text[j - 1] === '\t')) j--;
  const c = text[j - 1];
  if (c === undefined || c === '\n' || c === '\r' || /[;{}:>(|&-]/.test(c)) return true;
  return /(?:^|[^\w])(?:then|do|else|<\?php|<\?)$/.test(text.slice(Math.max(0, j - 6), j));
}

/** Whether the line before `pos` makes it a comment (`// console.log(…)`, `# print(…)`, ` * …`). */
export function commentedOut(text: string, pos: number, lang: Lang): boolean {
  let j = pos;
  while (j > pos - 500 && j > 0 && text[j - 1] !== '\n') j--;
  const before = text.slice(j, pos);
  const lead = before.trimStart();
  if ((lang === 'py' || lang === 'rb' || lang === 'sh' || lang === 'php') && lead.startsWith('#')) return true;
  if (lang === 'py' || lang === 'rb' || lang === 'sh') return false;
  return lead.startsWith('*') || lead.startsWith('/*') || /(?:^|[^:])\/\//.test(before);
}
