/**
 * Small, bounded readings of source code in any of the languages web apps are written in (JS/TS,
 * Python, PHP, Go, Ruby): whether a position is in a comment, where a call's arguments or a
 * statement's expression end, and a preview that is safe to show. Nothing here parses a whole
 * file: each reading is a window of fixed size, or one pass over a line however often it is asked.
 */

/** A line that is a comment as a whole: `//`, `/*`, ` * ` (inside a block comment), `<!--`, `# `. */
const COMMENT_LINE = /^\s*(?:\/\/|\/\*|\*|<!--|#(?=\s))/;

/**
 * Tells whether positions are in a comment: on a comment line, or after a `//` that is outside a
 * string and not a URL's. Each line is read once, however many positions are asked about on it
 * (a minified file is one long line), so asking about every match of a pattern stays linear.
 */
export class Comments {
  private lineStart = -1;
  private lineEnd = -1;
  private commentFrom = Infinity;

  constructor(private readonly text: string) {}

  /** Whether `pos` is in a comment. */
  at(pos: number): boolean {
    if (pos < this.lineStart || pos > this.lineEnd) this.readLine(pos);
    return pos >= this.commentFrom;
  }

  /** Where the line holding `pos` ends. */
  lineEndOf(pos: number): number {
    if (pos < this.lineStart || pos > this.lineEnd) this.readLine(pos);
    return this.lineEnd;
  }

  private readLine(pos: number): void {
    const t = this.text;
    this.lineStart = t.lastIndexOf('\n', pos - 1) + 1;
    const nl = t.indexOf('\n', pos);
    this.lineEnd = nl < 0 ? t.length : nl;
    const head = t.slice(this.lineStart, Math.min(this.lineEnd, this.lineStart + 20));
    this.commentFrom = COMMENT_LINE.test(head) ? this.lineStart : this.slashes();
  }

  /** Where a `//` comment starts on the current line, outside strings and not after `:` (a URL). */
  private slashes(): number {
    const t = this.text;
    for (let i = this.lineStart; i < this.lineEnd; i++) {
      const c = t[i];
      if (c === '"' || c === "'" || c === '`') {
        let close = i + 1;
        while (close < this.lineEnd && t[close] !== c) close += t[close] === '\\' ? 2 : 1;
        if (close >= this.lineEnd) return Infinity;
        i = close;
      } else if (c === '/' && t[i + 1] === '/' && t[i - 1] !== ':' && t[i - 1] !== '\\') return i;
    }
    return Infinity;
  }
}

/** Where a rule looks in one text: findings start in [from, to); `comments` tells what is commented out. */
export interface SearchScope {
  from: number;
  to: number;
  comments: Comments;
}

/** A fresh scope over `text`. */
export function searchScope(text: string, from: number, to: number): SearchScope {
  return { from, to, comments: new Comments(text) };
}

/** Control and bidirectional-override characters, which could make a shown preview forge other output. */
// eslint-disable-next-line no-control-regex
const UNSHOWABLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]+/g;

/** A preview of code for a finding: one line without control characters, at most 80 characters. */
export function safePreview(s: string): string {
  const line = s.replace(UNSHOWABLE, ' ').replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/** A span of text: [start, end). */
export interface Span {
  start: number;
  end: number;
}

/** A call's arguments: their spans at the top level, and whether its closing `)` was found. */
export interface Arguments {
  args: Span[];
  closed: boolean;
  /** Where reading stopped (after the `)`, or at the limit). */
  end: number;
}

const OPEN = '([{';
const CLOSE = ')]}';

/** The end of a string literal opened at `i` (the index after its closing quote), or -1 when unclosed near. */
function stringEnd(text: string, i: number, limit: number): number {
  const q = text[i];
  for (let j = i + 1; j < limit; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === q) return j + 1;
    else if (c === '\n' && q !== '`') return -1;
  }
  return -1;
}

/**
 * Reads from `start` (just after a call's `(`, or where a statement's expression begins) to the
 * end: the call's `)`, or for a statement (`until: 'statement'`) a `;`, a line break or a closing
 * bracket at the top level. Strings and `//` comments are skipped; at most `max` characters are read.
 */
export function readArguments(
  text: string,
  start: number,
  max = 2000,
  until: 'call' | 'statement' = 'call',
): Arguments {
  const limit = Math.min(text.length, start + max);
  const args: Span[] = [];
  let depth = 0;
  let argStart = start;
  for (let i = start; i < limit; i++) {
    const c = text[i] ?? '';
    if (c === '"' || c === "'" || c === '`') {
      const e = stringEnd(text, i, limit);
      if (e < 0 && c !== "'") return { args, closed: false, end: limit };
      // An apostrophe that closes nothing on its line is prose or a Rust lifetime: read on.
      if (e > 0) i = e - 1;
    } else if (c === '/' && text[i + 1] === '/' && text[i - 1] !== ':') {
      const nl = text.indexOf('\n', i);
      if (nl < 0 || nl >= limit) break;
      i = nl - 1;
    } else if (OPEN.includes(c)) depth++;
    else if (CLOSE.includes(c)) {
      if (depth === 0) {
        if (i > argStart || args.length) args.push({ start: argStart, end: i });
        return { args, closed: true, end: i + 1 };
      }
      depth--;
    } else if (depth === 0 && c === ',') {
      args.push({ start: argStart, end: i });
      argStart = i + 1;
    } else if (
      depth === 0 &&
      until === 'statement' &&
      (c === ';' || (c === '\n' && /\S/.test(text.slice(argStart, i))))
    ) {
      args.push({ start: argStart, end: i });
      return { args, closed: true, end: i };
    }
  }
  if (until === 'statement' && limit === text.length) {
    args.push({ start: argStart, end: limit });
    return { args, closed: true, end: limit };
  }
  return { args, closed: false, end: limit };
}

/** The span without the white space around it. */
export function trimSpan(text: string, s: Span): Span {
  let { start, end } = s;
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  return { start, end };
}

/**
 * A limit on the work one rule does on one text, in characters read: a text made of nothing but
 * trigger words gets each one looked at until the budget (a multiple of the text's length) is
 * spent, then no more. Real files never come near it.
 */
export class Budget {
  private left: number;

  constructor(textLength: number, perChar = 8, base = 200_000) {
    this.left = base + perChar * textLength;
  }

  /** Spends `n` characters of work; false once the budget is spent. */
  spend(n: number): boolean {
    this.left -= n;
    return this.left >= 0;
  }
}

/**
 * The matches of a global pattern over one text, asked for from positions that only grow (the
 * parts of a text, in order): a search that found nothing before a part's end is not repeated for
 * the next part, so each character is read once however many parts there are.
 */
export class Matches {
  private found: RegExpExecArray | null = null;
  private searchedFrom = -1;

  /** `re` must be global; it is used by this object alone while it is in use. */
  constructor(
    private readonly re: RegExp,
    private readonly text: string,
  ) {}

  /** The first match at or after `pos`, or null. */
  at(pos: number): RegExpExecArray | null {
    if (this.searchedFrom >= 0 && pos >= this.searchedFrom && (this.found === null || this.found.index >= pos)) {
      return this.found;
    }
    this.re.lastIndex = pos;
    this.found = this.re.exec(this.text);
    this.searchedFrom = pos;
    return this.found;
  }
}

/** How many findings one rule reports in one text: a file with more is made to be scanned, not written. */
export const MAX_FINDINGS = 200;

/** Escapes a string for use in a regular expression. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
