/** The languages whose log calls are read, by their syntax (Kotlin: Java's, with `$name` in strings). */
export type Lang = 'js' | 'py' | 'php' | 'go' | 'rb' | 'java' | 'kt' | 'sh';

/** A reference a log call writes: a name, a member path or an environment read, and where it is. */
export interface LoggedRef {
  start: number;
  end: number;
  /** The path's segments (`['process', 'env', 'HELCIM_API_TOKEN']`); an environment read's variable name. */
  path: string[];
  /** Read from the environment (`process.env.X`, `os.getenv("X")`, `ENV['X']`, a shell's `$X`). */
  env: boolean;
  /** Written from inside a string: a template's `${…}`, an f-string's `{…}`, Ruby's `#{…}`, PHP's `$x`, `{$x}`. */
  inside?: StringField;
}

/** The interpolations a reference can be written from. */
export type StringField = 'js' | 'f' | 'rb' | 'kt' | 'sh' | 'php' | 'php-brace' | 'php-other';

/** One piece of an argument list: an operand with the references it writes, an operator, or a comma. */
export type Atom =
  | {
      t: 'val';
      refs: LoggedRef[];
      /** A string's (or Ruby symbol's) content, when it has no interpolation. */
      lit?: string;
      /** A bare identifier, nothing after it (an object key when a `:` follows). */
      bare?: boolean;
    }
  | { t: 'op'; op: string }
  | { t: 'sep' };

/** Operators after which only what follows is written (a keyword argument, a PHP array value, an arrow). */
const ASSIGN = new Set(['=', '=>', ':=', '+=', '??=', '||=']);
/** Operators whose result is a boolean: what they compare is not written. */
const COMPARE = new Set(['==', '===', '!=', '!==', '<', '>', '<=', '>=', '<=>', 'instanceof', 'in', 'is']);
/** Operators that split an expression into the parts a logical result is one of. */
const LOGIC = new Set(['&&', '||', '??', 'and', 'or']);
/** Prefix operators whose result says nothing of the value (`!!x`, `typeof x`, `not x`). */
const HIDE_UNARY = new Set(['!', 'not', 'typeof', 'void', 'delete', '~']);

/**
 * The references an argument list writes as they are: each comma-separated entry is split at
 * assignments, conditionals and logical operators; a condition (`x ? … : …`, `… if x else …`), a
 * comparison (`x != null`, `x is not None`), the left of `&&`/`and` and a negation (`!!x`) are not
 * written. Linear in the atoms.
 */
export function exposed(atoms: readonly Atom[]): LoggedRef[] {
  const out: LoggedRef[] = [];
  let entry: Atom[] = [];
  for (const a of atoms) {
    if (a.t === 'sep') {
      entryRefs(entry, out);
      entry = [];
    } else entry.push(a);
  }
  entryRefs(entry, out);
  return out;
}

function entryRefs(atoms: readonly Atom[], out: LoggedRef[]): void {
  let from = 0;
  atoms.forEach((a, i) => {
    if (a.t === 'op' && ASSIGN.has(a.op)) from = i + 1;
  });
  // Conditional parts: a part followed by `?` or preceded by `if` is a condition.
  let part: Atom[] = [];
  let condition = false;
  for (let i = from; i <= atoms.length; i++) {
    const a = atoms[i];
    const cut = a === undefined || (a.t === 'op' && (a.op === '?' || a.op === ':' || a.op === 'if' || a.op === 'else'));
    if (!cut) {
      part.push(a);
      continue;
    }
    if (!(condition || (a?.t === 'op' && a.op === '?'))) logicalRefs(part, out);
    condition = a?.t === 'op' && a.op === 'if';
    part = [];
  }
}

function logicalRefs(atoms: readonly Atom[], out: LoggedRef[]): void {
  let part: Atom[] = [];
  for (let i = 0; i <= atoms.length; i++) {
    const a = atoms[i];
    if (a !== undefined && !(a.t === 'op' && LOGIC.has(a.op))) {
      part.push(a);
      continue;
    }
    // `x && y` is x only when x is empty; a comparison is a boolean.
    const hidden = (a?.t === 'op' && (a.op === '&&' || a.op === 'and')) || part.some(isCompare);
    if (!hidden) {
      part.forEach((p, k) => {
        const prev = part[k - 1];
        if (p.t === 'val' && !(prev?.t === 'op' && HIDE_UNARY.has(prev.op))) out.push(...p.refs);
      });
    }
    part = [];
  }
}

const isCompare = (a: Atom) => a.t === 'op' && COMPARE.has(a.op);

/** How a string interpolates: `${…}`, an f-string's `{…}`, Ruby's `#{…}`, PHP's and shells' `$x`, Kotlin's. */
export type Interp = 'js' | 'f' | 'rb' | 'dollar' | 'kt';

/** How a string with this quote (and Python prefix) interpolates, if it does. */
export function interpolation(lang: Lang, q: string, prefix: string): Interp | undefined {
  if (lang === 'js') return q === '`' ? 'js' : undefined;
  if (lang === 'py') return prefix.includes('f') ? 'f' : undefined;
  if (lang === 'rb') return q === "'" ? undefined : 'rb';
  if (lang === 'kt') return q === '"' ? 'kt' : undefined;
  if (lang === 'php' || lang === 'sh') return q === '"' ? 'dollar' : undefined;
  return undefined;
}

/** The kind of string field an interpolation starting with `c`, `next` is (how a quick fix may rewrite it). */
export function fieldOf(kind: Interp, lang: Lang, c: string | undefined, next: string | undefined): StringField {
  if (kind !== 'dollar') return kind;
  if (lang === 'sh') return 'sh';
  return c === '{' ? 'php-brace' : next === '{' ? 'php-other' : 'php';
}
