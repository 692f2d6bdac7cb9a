import { type Atom, type Interp, type Lang, type LoggedRef, exposed, fieldOf, interpolation } from './logExpr';

/** Where an argument list, a statement, an assignment's right-hand side or an f-string field ends. */
export type Closer = ')' | ']' | '}' | 'stmt' | 'rhs' | 'fexpr';

/** Thrown (one instance) when a span cannot be read: past its bound, unbalanced, an unterminated string. */
export class GiveUp extends Error {}
export const GIVE_UP = new GiveUp('the span cannot be read');

export const QUOTES: Record<Lang, string> = {
  js: '\'"`',
  py: '\'"',
  php: '\'"',
  go: '"`\'',
  rb: '\'"`',
  java: '"\'',
  kt: '"\'',
  sh: '\'"',
};
const OPS = [
  ...['===', '!==', '<=>', '...', '**=', '??=', '||=', '&&=', '<<=', '>>='],
  ...['==', '!=', '<=', '>=', '&&', '||', '??', '?.', '->', '=>', '::', ':=', '**', '<<', '>>', '..', '+=', '-='],
];
/** `A-Z`, `a-z`, `_`, `$` (by code: these run on every character read). */
export function isIdentStart(c: string | undefined): boolean {
  if (c === undefined) return false;
  const k = c.charCodeAt(0) | 0x20;
  return (k >= 0x61 && k <= 0x7a) || c === '_' || c === '$';
}
/** `\w`: letters, digits, `_`. */
export function isIdent(c: string | undefined): boolean {
  if (c === undefined) return false;
  const k = c.charCodeAt(0);
  return (k >= 0x30 && k <= 0x39) || (c !== '$' && isIdentStart(c));
}
export const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r';

/**
 * The lexical half of a log call's reader: characters, spaces and comments, identifiers, members,
 * operators and strings with their interpolations, in each language. Each character is read once;
 * past `limit` (or an unterminated construct) it gives up.
 */
export abstract class Lexer {
  depth = 0;
  redirected = false;

  constructor(
    readonly text: string,
    public pos: number,
    readonly limit: number,
    readonly lang: Lang,
    /** A statement may end with the text; a call may not. */
    readonly eofEnds: boolean,
  ) {}

  /** The character `k` after the cursor; past the span, the reader gives up (a statement may end at the text's end). */
  protected at(k = 0): string | undefined {
    const i = this.pos + k;
    if (i < this.limit) return this.text[i];
    if (this.eofEnds && i === this.text.length) return undefined;
    throw GIVE_UP;
  }

  /** Atoms up to `closer` (consumed), or up to a statement's end (not consumed). */
  abstract seq(closer: Closer): Atom[];

  /** Skips spaces and comments; true at a statement's end of line. */
  protected trivia(closer: Closer, atoms: Atom[]): boolean {
    const lineEnds = closer === 'stmt' || closer === 'rhs';
    for (;;) {
      // A statement may end the text.
      if (lineEnds && this.pos >= this.text.length) return true;
      const c = this.at();
      if (isSpace(c)) this.pos++;
      else if (c === '\n') {
        const last = atoms.at(-1);
        if (lineEnds && this.lang !== 'php' && (last === undefined ? closer === 'stmt' : last.t === 'val')) return true;
        this.pos++;
      } else if (c === '\\' && this.at(1) === '\n' && this.lang === 'sh') this.pos += 2;
      else if (c === '/' && this.at(1) === '/' && this.lang !== 'py' && this.lang !== 'rb' && this.lang !== 'sh')
        this.skipLine();
      else if (c === '#' && this.hashComment()) this.skipLine();
      else if (c === '/' && this.at(1) === '*' && this.lang !== 'py' && this.lang !== 'rb' && this.lang !== 'sh') {
        this.pos += 2;
        while (!(this.at() === '*' && this.at(1) === '/')) this.pos++;
        this.pos += 2;
      } else return false;
    }
  }

  protected hashComment(): boolean {
    if (this.lang === 'py' || this.lang === 'rb' || this.lang === 'php') return this.at(1) !== '{';
    return this.lang === 'sh' && (this.pos === 0 || /\s/.test(this.text[this.pos - 1] ?? ''));
  }

  protected skipLine(): void {
    while (this.at() !== '\n' && this.at() !== undefined) this.pos++;
  }

  /** A statement's end: `;`, PHP's `?>`, Ruby's modifiers, a shell's pipes and redirections. */
  protected ends(closer: Closer): boolean {
    const c = this.at();
    if (c === ';') return true;
    if (this.lang === 'php' && c === '?' && this.at(1) === '>') return true;
    if (this.lang === 'rb' && closer === 'stmt' && /^(?:if|unless|while|until|rescue|and|or|do)\b/.test(this.peek(8)))
      return true;
    if (this.lang !== 'sh') return false;
    if (c === '|' || c === '>' || c === '<') {
      if (c !== '|' || this.at(1) !== '|') this.redirected = true;
      return true;
    }
    return c === '&';
  }

  protected peek(n: number): string {
    return this.text.slice(this.pos, Math.min(this.pos + n, this.limit));
  }

  /** The `:` after an object key (`{ key: …}`, `"key": …`, Ruby's `key: …`), consumed. */
  protected keyColon(): boolean {
    const save = this.pos;
    while (isSpace(this.at())) this.pos++;
    if (this.at() === ':' && this.at(1) !== ':' && this.at(1) !== '=') {
      this.pos++;
      return true;
    }
    this.pos = save;
    return false;
  }

  protected op(): string {
    const two = this.peek(3);
    const op = OPS.find((o) => two.startsWith(o)) ?? this.at() ?? '';
    this.pos += op.length || 1;
    return op;
  }

  /** An identifier: `$` starts one in JS, PHP and Ruby (and goes on in JS), with Ruby's `@`, `?`, `!`. */
  protected ident(): string {
    const start = this.pos;
    const php = this.lang === 'php';
    while (this.at() === '@' || (php && this.at() === '\\')) this.pos++;
    if (this.at() === '$' && (php || this.lang === 'rb')) this.pos++;
    while (isIdent(this.at()) || (php && this.at() === '\\') || (this.at() === '$' && this.lang === 'js')) this.pos++;
    if (this.lang === 'rb' && (this.at() === '?' || this.at() === '!') && this.at(1) !== '=') this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** The member operator at the cursor (`.`, `?.`, `->`, `::`), consumed, when a name follows. */
  protected member(): boolean {
    const c = this.at();
    const two = c === '?' && this.at(1) === '.' ? 2 : c === '-' && this.at(1) === '>' ? 2 : 0;
    const colons = c === ':' && this.at(1) === ':' && this.lang !== 'py' ? 2 : 0;
    const dot = c === '.' && this.lang !== 'php' && this.lang !== 'sh' && this.at(1) !== '.' ? 1 : 0;
    const n = two || colons || dot;
    if (!n) return false;
    let k = n;
    while (isSpace(this.text[this.pos + k])) k++;
    const next = this.text[this.pos + k];
    if (!(isIdentStart(next) || (next === '#' && this.lang === 'js'))) return false;
    this.pos += k;
    return true;
  }

  /** A string, with the references its interpolations write (`${x}`, f-strings, `#{x}`, PHP's `$x`). */
  protected str(prefix: string): Atom & { t: 'val' } {
    const q = this.at() ?? '';
    const triple = (this.lang === 'py' || this.lang === 'java' || this.lang === 'kt') && this.peek(3) === q.repeat(3);
    const close = triple ? q.repeat(3) : q;
    this.pos += close.length;
    const interp = interpolation(this.lang, q, prefix);
    const refs: LoggedRef[] = [];
    let plain = true;
    const from = this.pos;
    for (;;) {
      const c = this.at();
      if (c === '\\' && !(this.lang === 'go' && q === '`')) {
        this.pos += 2;
        continue;
      }
      if (c === close[0] && this.peek(close.length) === close) break;
      if (c === '\n' && !triple && q !== '`' && this.lang !== 'php' && this.lang !== 'rb' && this.lang !== 'sh')
        throw GIVE_UP;
      const field = interp && fieldOf(interp, this.lang, c, this.at(1));
      const got = interp ? this.interpolated(interp) : undefined;
      if (got) {
        for (const r of got) r.inside ??= field;
        refs.push(...got);
        plain = false;
      } else this.pos++;
    }
    const content = this.text.slice(from, this.pos);
    this.pos += close.length;
    return { t: 'val', refs, ...(plain && content.length <= 200 ? { lit: content } : {}) };
  }

  /** An interpolation at the cursor, read; undefined (nothing consumed) when there is none. */
  protected interpolated(kind: Interp): LoggedRef[] | undefined {
    const c = this.at();
    const next = this.at(1);
    if (kind === 'f' && c === '{') {
      this.pos += next === '{' ? 2 : 1;
      if (next === '{') return [];
      const refs = exposed(this.seq('fexpr'));
      this.skipBraces();
      return refs;
    }
    const open = kind === 'js' || kind === 'kt' || kind === 'dollar' ? '${' : kind === 'rb' ? '#{' : undefined;
    if (open && c === open[0] && next === '{') {
      if (kind === 'dollar' && this.lang === 'sh' && this.at(2) !== '{') return this.shParam();
      this.pos += 2;
      const double = this.at() === '{' && this.lang === 'sh';
      if (double) this.pos++;
      const refs = exposed(this.seq('}'));
      if (double && this.at() === '}') this.pos++;
      return refs;
    }
    if ((kind === 'dollar' || kind === 'kt') && c === '$' && isIdentStart(next) && next !== '$') {
      const start = this.pos;
      // PHP's variables keep their `$`; a shell's and Kotlin's names do not have one.
      if (this.lang !== 'php') this.pos++;
      const segs = [this.ident()];
      if (this.lang === 'php' && this.at() === '-' && this.at(1) === '>' && isIdentStart(this.at(2))) {
        this.pos += 2;
        segs.push(this.ident());
      }
      return [{ start, end: this.pos, path: segs, env: this.lang === 'sh' }];
    }
    if (kind === 'dollar' && this.lang === 'php' && c === '{' && next === '$') {
      this.pos++;
      return exposed(this.seq('}'));
    }
    if (kind === 'dollar' && this.lang === 'sh' && c === '$' && next === '(') {
      this.pos++;
      this.skipBalanced();
      return [];
    }
    return undefined;
  }

  /** A shell `${NAME}` (written), `${NAME:-x}` (written when set), `${#NAME}`, `${NAME:0:4}` (not). */
  protected shParam(): LoggedRef[] {
    const start = this.pos;
    this.pos += 2;
    const name = isIdentStart(this.at()) ? this.ident() : '';
    const whole = this.at() === '}' || (this.at() === ':' && this.at(1) === '-') || this.at() === '-';
    this.pos--;
    this.skipBalanced();
    return name && whole ? [{ start, end: this.pos, path: [name], env: true }] : [];
  }

  /** Skips a bracketed run from the cursor's opening bracket to its match (quotes not read). */
  protected skipBalanced(): void {
    let depth = 0;
    do {
      const c = this.at();
      if (c === '(' || c === '{' || c === '[') depth++;
      else if (c === ')' || c === '}' || c === ']') depth--;
      this.pos++;
    } while (depth > 0);
  }

  /** An f-string's conversion and format spec, up to and past the `}` that ends the field. */
  protected skipBraces(): void {
    let depth = 1;
    while (depth > 0) {
      const c = this.at();
      if (c === '{') depth++;
      else if (c === '}') depth--;
      this.pos++;
    }
  }

  /** A shell word: `$NAME`, `${NAME}`, a quoted string, or a literal word. */
  protected shOperand(): Atom | undefined {
    const c = this.at();
    if (c === '"' || c === "'") return this.str('');
    if (c === '$') {
      const got = this.interpolated('dollar');
      if (got) return { t: 'val', refs: got };
    }
    if (c === '(' || c === ')' || c === '{' || c === '}') return undefined;
    while (!/[\s;|&<>()"'$]/.test(this.at() ?? ' ')) this.pos++;
    return { t: 'val', refs: [] };
  }
}
