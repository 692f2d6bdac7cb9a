import { type Atom, type Lang, type LoggedRef, exposed } from './logExpr';
import { type Closer, GIVE_UP, Lexer, QUOTES, isIdentStart, isSpace } from './logLexer';
import { GETTER_WORDS } from './names';

/** `getStripeSecretKey`: a getter named after the secret, whose name follows its first word. */
const GETTER = new RegExp(`^(?:${GETTER_WORDS.join('|')})_?([A-Za-z].*)$`);

/** The most characters a log call's arguments are read over: a longer call is left alone. */
export const MAX_SPAN = 2000;
/** The deepest nesting of brackets, strings and interpolations read. */
const MAX_DEPTH = 40;

/** What a log call's arguments write. */
export interface ArgsRead {
  /** The references the call writes as they are (or reversibly: concatenated, formatted, base64). */
  refs: LoggedRef[];
  /** What log calls nested in the arguments write, each judged as a call of its own. */
  inner: LoggedRef[];
  /** Where reading stopped: after the call, or where it gave up. */
  end: number;
  ok: boolean;
  /** On giving up: the start of the innermost log call still open, to be read again on its own. */
  resumeAt?: number;
  /** A shell `echo` piped or redirected: it writes to a file or a program, not the log. */
  redirected?: boolean;
}

/** Says whether a callee's path is itself a log call (`console.log`, `logger.info`). */
export type IsLogCall = (path: readonly string[]) => boolean;

/** `(…)` arguments, a statement's arguments (`echo …;`, `puts …`), or an assignment's right-hand side. */
export type SpanKind = 'call' | 'stmt' | 'rhs';
/** Words that are operators, not references. */
const WORD_OPS = new Set([
  'typeof',
  'not',
  'void',
  'delete',
  'instanceof',
  'in',
  'is',
  'and',
  'or',
  'if',
  'else',
  'unless',
  'new',
  'await',
]);
const ENV_READERS = new Set(['getenv', 'Getenv', 'getEnv', 'GetEnvironmentVariable', 'LookupEnv']);
const ENV_OBJECTS = new Set(['env', 'environ', 'ENV', '$_ENV', '$_SERVER', '_ENV', 'Env']);
/** Functions whose result carries their arguments as they are, or reversibly. */
const PASS_FNS = new Set([
  ...['String', 'str', 'repr', 'format', 'sprintf', 'Sprintf', 'Sprint', 'Sprintln', 'stringify', 'dumps', 'inspect'],
  ...['json_encode', 'strval', 'print_r', 'var_export', 'btoa', 'base64_encode', 'b64encode', 'encodeURIComponent'],
  ...['encodeURI', 'urlencode', 'rawurlencode', 'from', 'Any', 'Stringer', 'string', 'valueOf', 'trim', 'TrimSpace'],
  ...['strtoupper', 'strtolower', 'generate', 'toString', 'Raw', 'htmlspecialchars', 'htmlentities', 'esc_attr'],
  ...['esc_html', 'esc_js', 'escapeHtml'],
]);
/** Methods that give a response's body: `r.json()`, `await res.text()` (what it holds is the caller's to say). */
const BODY_METHODS = new Set(['json', 'text']);
/** Methods whose result is their receiver, as it is. */
const PASS_METHODS = new Set([
  ...['toString', 'to_s', 'to_str', 'trim', 'strip', 'trimStart', 'trimEnd', 'lstrip', 'rstrip', 'toUpperCase'],
  ...['toLowerCase', 'upper', 'lower', 'upcase', 'downcase', 'encode', 'decode', 'String', 'inspect', 'valueOf'],
  ...['to_json', 'normalize', 'concat', 'format', 'replace', 'join'],
]);
/** Methods whose arguments also reach their result. */
const ARG_METHODS = new Set(['concat', 'format', 'replace', 'join']);
/** An environment variable's or a config key's name in a string: nothing else is judged. */
const KEY_NAME = /^[A-Za-z_$@][\w$.:-]{0,100}$/;

/**
 * Reads one log call's arguments with a bounded scanner (strings, comments, interpolations, nested
 * calls): at most {@link MAX_SPAN} characters, each read once. It never throws.
 */
export function readArgs(text: string, at: number, lang: Lang, kind: SpanKind, isLogCall: IsLogCall): ArgsRead {
  const r = new Reader(text, at, Math.min(text.length, at + MAX_SPAN), lang, isLogCall, kind !== 'call');
  try {
    const atoms = r.seq(kind === 'call' ? ')' : kind);
    return { refs: exposed(atoms), inner: r.inner, end: r.pos, ok: true, redirected: r.redirected };
  } catch (e) {
    if (e !== GIVE_UP) throw e;
    const resumeAt = r.openLogs.at(-1);
    return { refs: [], inner: r.inner, end: Math.max(r.pos, at + 1), ok: false, ...(resumeAt ? { resumeAt } : {}) };
  }
}

/** Where an f-string field's expression ends: `}`, a format spec `:`, a conversion `!r`, a self-documenting `=`. */
function fieldEnds(c: string | undefined, next: string | undefined): boolean {
  if (c === '}' || c === ':') return true;
  if (c === '!') return next !== '=';
  return c === '=' && (next === '}' || next === '!' || next === ':');
}

/** The syntactic half: operands, calls, members and subscripts, judged as they are read. */
class Reader extends Lexer {
  readonly inner: LoggedRef[] = [];
  readonly openLogs: number[] = [];

  constructor(
    text: string,
    pos: number,
    limit: number,
    lang: Lang,
    readonly isLogCall: IsLogCall,
    eofEnds: boolean,
  ) {
    super(text, pos, limit, lang, eofEnds);
  }

  /** Atoms up to `closer` (consumed), or up to a statement's end (not consumed). */
  seq(closer: Closer): Atom[] {
    if (++this.depth > MAX_DEPTH) throw GIVE_UP;
    const atoms: Atom[] = [];
    let entryStart = true;
    const lineEnds = closer === 'stmt' || closer === 'rhs';
    for (;;) {
      if (this.trivia(closer, atoms) || (lineEnds && this.pos >= this.text.length)) break;
      const c = this.at();
      if (closer === 'fexpr' && fieldEnds(c, this.at(1))) break;
      if (c === ')' || c === ']' || c === '}') {
        if (c === closer) {
          this.pos++;
          break;
        }
        if (closer === 'stmt' || closer === 'rhs') break;
        throw GIVE_UP;
      }
      if ((closer === 'stmt' || closer === 'rhs') && this.ends(closer)) break;
      if (c === ',') {
        if (closer === 'rhs') break;
        this.pos++;
        atoms.push({ t: 'sep' });
        entryStart = true;
        continue;
      }
      const before = this.pos;
      const v = this.lang === 'sh' ? this.shOperand() : this.operand();
      if (v) {
        const keyLike = v.t === 'val' && (v.lit !== undefined || v.bare === true);
        if (entryStart && closer !== 'fexpr' && keyLike && this.keyColon()) {
          entryStart = false;
          continue;
        }
        atoms.push(v);
      } else atoms.push({ t: 'op', op: this.op() });
      entryStart = false;
      if (this.pos === before) this.pos++;
    }
    this.depth--;
    return atoms;
  }

  /** A literal, a reference, a call or a bracketed group, with what follows it (`.x`, `(…)`, `[…]`). */
  private operand(): Atom | undefined {
    const c = this.at();
    if (c !== undefined && QUOTES[this.lang].includes(c)) return this.postfix(this.str(''), undefined);
    if (c !== undefined && c >= '0' && c <= '9') {
      while (/[\w.]/.test(this.at() ?? '')) this.pos++;
      return { t: 'val', refs: [] };
    }
    if (c === '(' || c === '[' || c === '{') {
      this.pos++;
      const inner = this.seq(c === '(' ? ')' : c === '[' ? ']' : '}');
      return this.postfix({ t: 'val', refs: exposed(inner) }, undefined);
    }
    if (this.lang === 'rb' && c === ':' && isIdentStart(this.at(1))) {
      this.pos++;
      const name = this.ident();
      return { t: 'val', refs: [], lit: name };
    }
    if (!isIdentStart(c) && !(c === '@' && this.lang === 'rb') && !(c === '\\' && this.lang === 'php'))
      return undefined;
    const start = this.pos;
    const word = this.ident();
    if (!word) return undefined;
    if (this.lang === 'py' && /^[rRbBuUfF]{1,2}$/.test(word) && QUOTES.py.includes(this.at() ?? ''))
      return this.postfix(this.str(word.toLowerCase()), undefined);
    if (WORD_OPS.has(word)) return { t: 'op', op: word };
    const wordEnd = this.pos;
    const v = this.postfix({ t: 'val', refs: [] }, { start, segs: [word], ends: [wordEnd] });
    return this.pos === wordEnd ? { ...v, bare: true } : v;
  }

  /** What follows an operand: members, calls, subscripts; judged as it goes. */
  private postfix(v: Atom & { t: 'val' }, path: PathSoFar | undefined): Atom & { t: 'val' } {
    let refs = v.refs;
    let method: string | undefined;
    let before: LoggedRef[] = [];
    const from = this.pos;
    for (;;) {
      const save = this.pos;
      while (isSpace(this.at())) this.pos++;
      if (this.member() || this.memberOnNextLine()) {
        if (this.at() === '#') this.pos++;
        const seg = this.ident();
        if (path) {
          path.segs.push(seg);
          path.ends.push(this.pos);
        } else {
          before = refs;
          refs = [];
          method = seg;
        }
        continue;
      }
      const c = this.at();
      if (c === '(') {
        this.pos++;
        if (path) refs = this.call(path);
        else {
          const args = this.seq(')');
          refs =
            method && PASS_METHODS.has(method) ? [...before, ...(ARG_METHODS.has(method) ? exposed(args) : [])] : [];
        }
        path = undefined;
        method = undefined;
        continue;
      }
      if (c === '[') {
        this.pos++;
        const inner = this.seq(']');
        const key = inner.length === 1 && inner[0]?.t === 'val' ? inner[0].lit : undefined;
        if (path && key !== undefined && KEY_NAME.test(key)) {
          path.segs.push(key);
          path.ends.push(this.pos);
        } else {
          path = undefined;
          refs = [];
        }
        continue;
      }
      if (c === '!' && this.lang === 'js' && this.at(1) !== '=') {
        this.pos++;
        continue;
      }
      this.pos = save;
      break;
    }
    if (path) return { t: 'val', refs: [pathRef(path, path.segs.length)] };
    return this.pos === from ? v : { t: 'val', refs };
  }

  /** A member chain going on on the next lines (`config\n  .helcim\n  .apiToken`): its operator, consumed. */
  private memberOnNextLine(): boolean {
    if (this.at() !== '\n' || this.lang === 'sh') return false;
    const save = this.pos;
    while (isSpace(this.at()) || this.at() === '\n') this.pos++;
    if (this.member()) return true;
    this.pos = save;
    return false;
  }

  /** A call of `path`: a nested log call, an environment read, a pass-through, or a function that hides. */
  private call(path: PathSoFar): LoggedRef[] {
    const segs = path.segs;
    const last = segs.at(-1) ?? '';
    const nestedLog = this.isLogCall(segs);
    if (nestedLog) this.openLogs.push(path.start);
    const args = this.seq(')');
    if (nestedLog) {
      this.openLogs.pop();
      this.inner.push(...exposed(args));
      return [];
    }
    const first = args[0]?.t === 'val' && (args.length === 1 || args[1]?.t === 'sep') ? args[0].lit : undefined;
    const envRead =
      ENV_READERS.has(last) ||
      (segs.length === 1 && last === 'env' && this.lang === 'php') ||
      ((last === 'get' || last === 'fetch' || last === 'Get') && ENV_OBJECTS.has(segs.at(-2) ?? ''));
    if (envRead || (segs.length === 1 && last === 'config' && this.lang === 'php')) {
      if (first === undefined || !KEY_NAME.test(first)) return [];
      return [{ start: path.start, end: this.pos, path: first.split('.'), env: envRead }];
    }
    // `x.toString()`, `x.format(y)`; `zap.String("k", x)` and `util.inspect(x)` are functions of their arguments.
    if (segs.length > 1 && PASS_METHODS.has(last) && (args.length === 0 || ARG_METHODS.has(last)))
      return [pathRef(path, segs.length - 1), ...(ARG_METHODS.has(last) ? exposed(args) : [])];
    if (PASS_FNS.has(last)) return exposed(args);
    if (segs.length > 1 && BODY_METHODS.has(last) && args.length === 0)
      return [{ start: path.start, end: this.pos, path: [...segs.slice(0, -1), `${last}()`], env: false }];
    // `getStripeSecretKey()`: a getter named after the secret.
    const getter = GETTER.exec(last);
    if (getter?.[1] && args.length === 0) return [{ start: path.start, end: this.pos, path: [getter[1]], env: false }];
    return [];
  }
}

interface PathSoFar {
  start: number;
  segs: string[];
  ends: number[];
}

/** The reference made of a path's first `n` segments. */
function pathRef(p: PathSoFar, n: number): LoggedRef {
  const segs = p.segs.slice(0, n);
  const env = segs.length > 1 && ENV_OBJECTS.has(segs.at(-2) ?? '');
  return { start: p.start, end: p.ends[n - 1] ?? p.start, path: segs, env };
}
