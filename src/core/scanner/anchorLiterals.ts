/**
 * The literal strings one of which any match of an anchor contains, read from the anchor's own
 * source, each with whether finding it is the same as the anchor matching.
 */
export interface AnchorLiterals {
  /**
   * ASCII; lower case when the anchor is case-insensitive. `exact`: finding it is the same as the
   * anchor matching (it is a whole alternative, with no context around it).
   */
  literals: { text: string; exact: boolean; wordStart?: boolean }[];
  caseless: boolean;
}

/**
 * Where a word of a name starts, as {@link nameWords} splits names: after a character that is not an
 * ASCII letter or digit, or at a capital after a small letter (`myStripeKey`). Written before a
 * group of literals at the start of an alternative, it is read, not ignored: each literal is looked
 * for only where a name's word starts (see {@link isWordStart}), and stays exact.
 */
export const NAME_WORD_START = '(?:(?<![A-Za-z0-9])|(?<=[a-z])(?=[A-Z]))';

const isAlnum = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/** Whether {@link NAME_WORD_START} holds before `at`, given the character codes before and at it (-1: none). */
export function isWordStart(before: number, at: number): boolean {
  return !isAlnum(before) || (before >= 0x61 && before <= 0x7a && at >= 0x41 && at <= 0x5a);
}

/** A letter in either case, `[sS]`: how a case-sensitive anchor writes one letter of a caseless word. */
const PAIR_CLASS = /\[([A-Za-z])([A-Za-z])\]/g;

/**
 * Whether an anchor without the `i` flag writes every letter as a pair class (`[sS][tT]…`), outside
 * {@link NAME_WORD_START}: its literals are then caseless, as if it had the flag.
 */
function lettersAllPaired(source: string): boolean {
  let pairs = 0;
  const rest = source
    .split(NAME_WORD_START)
    .join('')
    .replace(/\\./g, '')
    .replace(PAIR_CLASS, (m: string, a: string, b: string) => {
      if (a === b || a.toLowerCase() !== b.toLowerCase()) return m;
      pairs++;
      return '';
    });
  return pairs > 0 && !/[A-Za-z]/.test(rest);
}

/** A literal shorter than this is too common to reject a file with: such an anchor is refused. */
export const MIN_LITERAL = 3;
/** The most strings a run of small character classes and optional parts expands to. */
const MAX_EXPANSION = 64;

/**
 * One parsed piece of a pattern: literal strings one of which it matches (`inexact`: and more is
 * asked of the text around them, an assertion inside a group), something that is not literal, or
 * something that matches no character (an assertion, a lookaround).
 */
type Piece =
  { kind: 'set'; strings: string[]; inexact?: boolean } | { kind: 'break' } | { kind: 'empty' } | { kind: 'wordStart' };

/** Whether pieces are literal with nothing more asked: finding one of their strings is a match. */
const allExact = (pieces: readonly Piece[]) => pieces.every((p) => p.kind === 'set' && !p.inexact);

class AnchorSyntaxError extends Error {}

/**
 * Reads the subset of regular-expression syntax the rules' anchors use: literal characters and
 * escapes, `(?:…)` groups with `|`, small character classes (`[pb]`, `[-_]`), `?` after a character,
 * class or group, lookarounds (ignored: they only narrow a match), `^`/`$`, and anything repeated
 * (`[\w-]{60}`, `+`), which ends a literal run. Anything else throws: a new anchor either reads
 * here or is refused when the scanner loads, never silently let through.
 */
class AnchorParser {
  private i = 0;

  constructor(
    private readonly src: string,
    /** Read `[sS]` as the one letter `s` (see {@link lettersAllPaired}). */
    private readonly foldPairs = false,
  ) {}

  /** The top level: each alternative's literal runs. */
  alternatives(): Piece[][] {
    const alts = this.sequenceList();
    if (this.i !== this.src.length) throw new AnchorSyntaxError(`unexpected '${this.src[this.i]}' at ${this.i}`);
    return alts;
  }

  private sequenceList(): Piece[][] {
    const alts: Piece[][] = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      alts.push(this.sequence());
    }
    return alts;
  }

  private sequence(): Piece[] {
    const out: Piece[] = [];
    for (;;) {
      const c = this.src[this.i];
      if (c === undefined || c === '|' || c === ')') return out;
      let piece = this.atom();
      piece = this.quantified(piece);
      out.push(piece);
    }
  }

  private atom(): Piece {
    const c = this.src[this.i++] ?? '';
    if (c === '(') return this.group();
    if (c === '[') return this.charClass();
    if (c === '\\') return this.escape();
    if (c === '^' || c === '$') return { kind: 'empty' };
    if (c === '.') return { kind: 'break' };
    if ('*+?{}'.includes(c)) throw new AnchorSyntaxError(`a quantifier with nothing before it at ${this.i - 1}`);
    return { kind: 'set', strings: [c] };
  }

  private group(): Piece {
    if (this.src.startsWith(NAME_WORD_START, this.i - 1)) {
      this.i += NAME_WORD_START.length - 1;
      return { kind: 'wordStart' };
    }
    let lookaround = false;
    if (this.src.startsWith('?:', this.i)) this.i += 2;
    else if (/^\?<?[=!]/.test(this.src.slice(this.i, this.i + 3))) {
      lookaround = true;
      this.i += this.src[this.i + 1] === '<' ? 3 : 2;
    } else throw new AnchorSyntaxError(`only (?:…) groups and lookarounds are read, at ${this.i - 1}`);
    const alts = this.sequenceList();
    if (this.src[this.i] !== ')') throw new AnchorSyntaxError('an unclosed group');
    this.i++;
    if (lookaround) return { kind: 'empty' };
    // A group is literal when every alternative is one literal run; exactly so when none asks more
    // of the text around it (`(?:^|x)`, `(?:\bfoo)`, `(?:(?<!\w)VAR_)` do).
    const strings: string[] = [];
    for (const alt of alts) {
      const run = joinRun(alt);
      if (!run) return { kind: 'break' };
      strings.push(...run);
    }
    if (strings.length > MAX_EXPANSION) return { kind: 'break' };
    return alts.every(allExact) ? { kind: 'set', strings } : { kind: 'set', strings, inexact: true };
  }

  private charClass(): Piece {
    // The class ends at the first `]` not escaped (`[\]x]` holds `]` and `x`; `[]` is empty).
    let end = this.i;
    while (end < this.src.length && this.src[end] !== ']') end += this.src[end] === '\\' ? 2 : 1;
    if (end >= this.src.length) throw new AnchorSyntaxError('an unclosed character class');
    const body = this.src.slice(this.i, end);
    this.i = end + 1;
    if (body === '') throw new AnchorSyntaxError('an empty character class (it matches nothing)');
    const [a = '', b = ''] = body;
    if (this.foldPairs && body.length === 2 && a !== b && a.toLowerCase() === b.toLowerCase())
      return { kind: 'set', strings: [a.toLowerCase()] };
    // Only a few plain characters ([pb], [-_], [sS]) stay literal; ranges, escapes and negations do not.
    if (body.startsWith('^') || body.includes('\\') || /.-./.test(body) || body.length > 4) return { kind: 'break' };
    return { kind: 'set', strings: [...new Set(body)] };
  }

  private escape(): Piece {
    const c = this.src[this.i++];
    if (c === undefined) throw new AnchorSyntaxError('a pattern that ends in a backslash');
    if (/[dDwWsSbB]/.test(c)) return c === 'b' || c === 'B' ? { kind: 'empty' } : { kind: 'break' };
    if (/[A-Za-z0-9]/.test(c)) throw new AnchorSyntaxError(`the escape \\${c} is not read`);
    return { kind: 'set', strings: [c] };
  }

  private quantified(piece: Piece): Piece {
    const c = this.src[this.i];
    if (c === '?') {
      this.i++;
      if (this.src[this.i] === '?') this.i++;
      return piece.kind === 'set' ? { ...piece, strings: ['', ...piece.strings] } : piece;
    }
    if (c === '*' || c === '+') {
      this.i++;
      if (this.src[this.i] === '?') this.i++;
      return { kind: 'break' };
    }
    if (c === '{') {
      const m = /^\{\d+(?:,\d*)?\}\??/.exec(this.src.slice(this.i));
      if (!m) throw new AnchorSyntaxError(`a '{' that is not a repetition at ${this.i}`);
      this.i += m[0].length;
      return { kind: 'break' };
    }
    return piece;
  }
}

/** The strings a sequence of pieces matches when it is all literal (undefined otherwise). */
function joinRun(pieces: readonly Piece[]): string[] | undefined {
  let out = [''];
  for (const p of pieces) {
    if (p.kind === 'empty' || p.kind === 'wordStart') continue;
    if (p.kind === 'break') return undefined;
    out = out.flatMap((a) => p.strings.map((b) => a + b));
    if (out.length > MAX_EXPANSION) return undefined;
  }
  return out;
}

/**
 * The literal runs of an alternative that is not all literal, and the one to look for: the run whose
 * shortest string is longest (`eyJ` and `.eyJ` in `(?:^|[^\w-])eyJ[\w-]{8,}\.eyJ`: `.eyJ`).
 */
function bestRun(pieces: readonly Piece[]): string[] | undefined {
  let best: string[] | undefined;
  let bestLen = -1;
  let run: string[] = [''];
  const close = () => {
    const shortest = Math.min(...run.map((s) => s.length));
    if (shortest > bestLen) {
      best = run;
      bestLen = shortest;
    }
    run = [''];
  };
  for (const p of pieces) {
    if (p.kind === 'empty' || p.kind === 'wordStart') {
      // A lookaround or an assertion between literals: they are still adjacent in the text.
      continue;
    }
    if (p.kind === 'break') {
      close();
      continue;
    }
    const next = run.flatMap((a) => p.strings.map((b) => a + b));
    if (next.length > MAX_EXPANSION) {
      close();
      run = p.strings;
    } else run = next;
  }
  close();
  return bestLen > 0 ? best : undefined;
}

/**
 * What to look for to know that `anchor` may match (see {@link AnchorLiterals}). Throws when the
 * anchor holds syntax this reads no further, or an alternative whose every literal is shorter than
 * {@link MIN_LITERAL} (it would let most files through): a rule with such an anchor is a bug.
 *
 * @example
 * anchorLiterals(/sk_(?:live|test)_|sk_[0-9a-f]{8}-/).literals
 * // [{ text: 'sk_live_', exact: true }, { text: 'sk_test_', exact: true }, { text: 'sk_', exact: false }]
 */
export function anchorLiterals(anchor: RegExp): AnchorLiterals {
  if (/[umsv]/.test(anchor.flags)) throw new Error(`anchor /${anchor.source}/: flags ${anchor.flags} are not read`);
  const foldPairs = !anchor.flags.includes('i') && lettersAllPaired(anchor.source);
  const caseless = anchor.flags.includes('i') || foldPairs;
  let alts: Piece[][];
  try {
    alts = new AnchorParser(anchor.source, foldPairs).alternatives();
  } catch (e) {
    throw new Error(`anchor /${anchor.source}/ cannot be read for the prefilter: ${(e as Error).message}`);
  }
  const byText = new Map<string, { text: string; exact: boolean; wordStart: boolean }>();
  for (const written of alts) {
    // NAME_WORD_START first: the literals after it are looked for where a name's word starts.
    const wordStart = written[0]?.kind === 'wordStart';
    const alt = wordStart ? written.slice(1) : written;
    const exact = allExact(alt) ? joinRun(alt) : undefined;
    const whole = exact ?? (alt.every((p) => p.kind === 'set') ? joinRun(alt) : undefined);
    const run = whole ?? bestRun(alt);
    // The boundary is where the alternative starts: it says something of a literal that starts there only.
    const atWordStart = wordStart && whole !== undefined;
    if (!run || run.some((s) => s.length < MIN_LITERAL))
      throw new Error(
        `anchor /${anchor.source}/: an alternative holds no literal of ${MIN_LITERAL} characters or more`,
      );
    for (const raw of run) {
      if (!/^[\x20-\x7e]+$/.test(raw)) throw new Error(`anchor /${anchor.source}/: literals must be printable ASCII`);
      const text = caseless ? raw.toLowerCase() : raw;
      const key = `${atWordStart ? 'w' : ''}/${text}`;
      const seen = byText.get(key);
      byText.set(key, { text, exact: (seen?.exact ?? false) || exact !== undefined, wordStart: atWordStart });
    }
  }
  return {
    literals: [...byText.values()].map(({ text, exact, wordStart }) => ({
      text,
      exact,
      ...(wordStart ? { wordStart } : {}),
    })),
    caseless,
  };
}
