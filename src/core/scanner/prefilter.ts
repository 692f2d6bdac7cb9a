import type { Rule } from './rule';

/**
 * The literal strings one of which any match of an anchor contains, read from the anchor's own
 * source, each with whether finding it is the same as the anchor matching.
 */
export interface AnchorLiterals {
  /**
   * ASCII; lower case when the anchor is case-insensitive. `exact`: finding it is the same as the
   * anchor matching (it is a whole alternative, with no context around it).
   */
  literals: { text: string; exact: boolean }[];
  caseless: boolean;
}

/** A literal shorter than this is too common to reject a file with: such an anchor is refused. */
export const MIN_LITERAL = 3;
/** The most strings a run of small character classes and optional parts expands to. */
const MAX_EXPANSION = 64;

/** One parsed piece of a pattern: literal strings it matches exactly, or something that is not literal. */
type Piece = { kind: 'set'; strings: string[] } | { kind: 'break' } | { kind: 'empty' };

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

  constructor(private readonly src: string) {}

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
    // A group is literal when every alternative is one literal run.
    const strings: string[] = [];
    for (const alt of alts) {
      const run = joinRun(alt);
      if (!run) return { kind: 'break' };
      strings.push(...run);
    }
    return strings.length > MAX_EXPANSION ? { kind: 'break' } : { kind: 'set', strings };
  }

  private charClass(): Piece {
    const end = this.src.indexOf(']', this.i + 1);
    if (end < 0) throw new AnchorSyntaxError('an unclosed character class');
    const body = this.src.slice(this.i, end);
    this.i = end + 1;
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
      return piece.kind === 'set' ? { kind: 'set', strings: ['', ...piece.strings] } : piece;
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
    if (p.kind === 'empty') continue;
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
    if (p.kind === 'empty') {
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
  const caseless = anchor.flags.includes('i');
  if (/[umsv]/.test(anchor.flags)) throw new Error(`anchor /${anchor.source}/: flags ${anchor.flags} are not read`);
  let alts: Piece[][];
  try {
    alts = new AnchorParser(anchor.source).alternatives();
  } catch (e) {
    throw new Error(`anchor /${anchor.source}/ cannot be read for the prefilter: ${(e as Error).message}`);
  }
  const byText = new Map<string, boolean>();
  for (const alt of alts) {
    const whole = alt.every((p) => p.kind === 'set') ? joinRun(alt) : undefined;
    const run = whole ?? bestRun(alt);
    if (!run || run.some((s) => s.length < MIN_LITERAL))
      throw new Error(
        `anchor /${anchor.source}/: an alternative holds no literal of ${MIN_LITERAL} characters or more`,
      );
    for (const raw of run) {
      if (!/^[\x20-\x7e]+$/.test(raw)) throw new Error(`anchor /${anchor.source}/: literals must be printable ASCII`);
      const text = caseless ? raw.toLowerCase() : raw;
      byText.set(text, (byText.get(text) ?? false) || whole !== undefined);
    }
  }
  return { literals: [...byText].map(([text, exact]) => ({ text, exact })), caseless };
}

/** A distinct anchor and the rules that share it. */
interface Group {
  anchor: RegExp;
  owners: Rule[];
}

/** Whether a group was seen in a pass: not at all, by a literal that needs its anchor to confirm, or for sure. */
const UNSEEN = 0;
const MAYBE = 1;
const SURE = 2;

/** Lower case of an ASCII letter; every other byte as it is. */
const LOWER = new Uint8Array(256).map((_, b) => (b >= 0x41 && b <= 0x5a ? b + 0x20 : b));

/** How common a byte is in source text, roughly (0: rare): where in a literal its key is taken. */
const COMMON = new Uint8Array(256);
{
  const order = ' \n\tetaoinsrlcdpumhfgbyv.(),;=\'"/_kw-x:{}01[]<>*#23jqz456789ATESIONRLCDPMUBFGHKVWYXJQZ$@!&|+%?^~\\`';
  for (let i = 0; i < order.length; i++) COMMON[order.charCodeAt(i)] = order.length - i;
}

/**
 * Where in a literal its three-byte key is taken: the window of the least common bytes (`GIN` of
 * `-----BEGIN`, not `---`), so that common prefixes (`str` of `stripe`) stop few places for nothing.
 */
function keyOffset(bytes: Uint8Array): number {
  let best = 0;
  let bestScore = Infinity;
  for (let k = 0; k + 3 <= bytes.length; k++) {
    const score = (COMMON[bytes[k] ?? 0] ?? 0) + (COMMON[bytes[k + 1] ?? 0] ?? 0) + (COMMON[bytes[k + 2] ?? 0] ?? 0);
    if (score < bestScore) {
      best = k;
      bestScore = score;
    }
  }
  return best;
}

/**
 * The pass's key of the three bytes ending at a position: a rolling hash of 15 bits, with bit 0x20
 * of each byte set first (so `A` and `a` share a key). Its table is 4 KB, which stays in the
 * processor's nearest cache; bytes that share a key (other letters' cases, other triples) only send
 * a few more places to the exact comparison, never fewer.
 */
const KEY_BITS = 15;
const KEY_MASK = (1 << KEY_BITS) - 1;
const roll = (h: number, b: number) => ((h << 5) ^ (b | 0x20)) & KEY_MASK;

/** The key of a literal's three bytes from `at`. */
function keyOf(bytes: Uint8Array, at: number): number {
  return roll(roll(roll(0, bytes[at] ?? 0), bytes[at + 1] ?? 0), bytes[at + 2] ?? 0);
}

/**
 * One pass over a file's bytes that tells which rules' anchors occur in it. Each literal of each
 * anchor ({@link anchorLiterals}) is keyed by its first three bytes, case folded; the pass keeps the
 * last three bytes as a number and looks it up in a bit table (one bit per possible key), and only
 * where a key is set compares the literals that begin there, exactly or caselessly as their anchor
 * says. Anchors that are not plain literals (`(?<!\w)PUBLIC_`, `eyJ…\.eyJ`) are then confirmed with
 * their own pattern, on the few files that hold a literal. Linear in the file's length, with no
 * string made from the bytes, no regular expression and no allocation for a file that holds nothing.
 */
export class Prefilter {
  private readonly groups: Group[] = [];
  /** One bit per key: set where some literal's key is. */
  private readonly bits = new Uint32Array(1 << (KEY_BITS - 5));
  /** Per key, its literals: `keyLits[keyFrom[key]…keyFrom[key + 1])`. */
  private readonly keyFrom = new Int32Array((1 << KEY_BITS) + 1);
  private readonly keyLits: Int32Array;
  /** The distinct literals: bytes (`litBytes[litFrom[i]…litFrom[i + 1])`), key offset, caseless. */
  private readonly litBytes: Uint8Array;
  private readonly litFrom: Int32Array;
  private readonly litAt: Int32Array;
  private readonly litCaseless: Uint8Array;
  /** Per literal, the groups it says something of: `(group << 2) | level`, in `marks[markFrom[i]…]`. */
  private readonly markFrom: Int32Array;
  private readonly marks: Int32Array;
  /** Per group, what the current pass saw of it (reused). */
  private readonly seen: Uint8Array;

  constructor(rules: readonly Rule[]) {
    const byAnchor = new Map<string, number>();
    /** Distinct literals (caseless ones lower case, prefixed `i/`), and what each says of which groups. */
    const literals = new Map<string, { text: string; caseless: boolean; marks: number[] }>();
    for (const r of rules) {
      const flags = r.anchor.flags.replace(/[gy]/g, '');
      const key = `${flags}/${r.anchor.source}`;
      let g = byAnchor.get(key);
      if (g === undefined) {
        g = this.groups.length;
        byAnchor.set(key, g);
        const found = anchorLiterals(r.anchor);
        this.groups.push({ anchor: new RegExp(r.anchor.source, flags), owners: [] });
        for (const l of found.literals) {
          const id = `${found.caseless ? 'i' : 'c'}/${l.text}`;
          const entry = literals.get(id) ?? { text: l.text, caseless: found.caseless, marks: [] };
          entry.marks.push((g << 2) | (l.exact ? SURE : MAYBE));
          literals.set(id, entry);
        }
      }
      this.groups[g]?.owners.push(r);
    }
    this.seen = new Uint8Array(this.groups.length);
    const lits = [...literals.values()];
    const bytes: number[] = [];
    this.litFrom = new Int32Array(lits.length + 1);
    this.litAt = new Int32Array(lits.length);
    this.litCaseless = new Uint8Array(lits.length);
    this.markFrom = new Int32Array(lits.length + 1);
    const marks: number[] = [];
    const byKey: number[][] = Array.from({ length: 1 << KEY_BITS }, () => []);
    lits.forEach((l, i) => {
      const b = Uint8Array.from(l.text, (ch) => ch.charCodeAt(0));
      const at = keyOffset(b);
      const key = keyOf(b, at);
      byKey[key]?.push(i);
      this.bits[key >>> 5] = (this.bits[key >>> 5] ?? 0) | (1 << (key & 31));
      this.litFrom[i] = bytes.length;
      bytes.push(...b);
      this.litAt[i] = at;
      this.litCaseless[i] = l.caseless ? 1 : 0;
      this.markFrom[i] = marks.length;
      marks.push(...l.marks);
    });
    this.litFrom[lits.length] = bytes.length;
    this.markFrom[lits.length] = marks.length;
    this.litBytes = Uint8Array.from(bytes);
    this.marks = Int32Array.from(marks);
    const flat: number[] = [];
    byKey.forEach((list, key) => {
      this.keyFrom[key] = flat.length;
      flat.push(...list);
    });
    this.keyFrom[1 << KEY_BITS] = flat.length;
    this.keyLits = Int32Array.from(flat);
  }

  /**
   * The rules whose anchor occurs in `bytes` (a file's bytes). `text` gives them as a string (latin1
   * is enough: anchors are ASCII), asked for only when an anchor that is not a plain literal needs
   * confirming.
   */
  rulesIn(bytes: Uint8Array, text: () => string): Set<Rule> {
    this.seen.fill(UNSEEN);
    const n = bytes.length;
    const bits = this.bits;
    let any = false;
    let h = 0;
    for (let i = 0; i < n; i++) {
      h = ((h << 5) ^ ((bytes[i] ?? 0) | 0x20)) & KEY_MASK;
      if (((bits[h >>> 5] ?? 0) & (1 << (h & 31))) === 0) continue;
      const to = this.keyFrom[h + 1] ?? 0;
      for (let j = this.keyFrom[h] ?? 0; j < to; j++) {
        const lit = this.keyLits[j] ?? 0;
        const start = i - 2 - (this.litAt[lit] ?? 0);
        if (this.matchesBytes(bytes, start, lit) && this.mark(lit)) any = true;
      }
    }
    return any ? this.owners(text) : new Set();
  }

  /** {@link rulesIn} for a string (a diff's lines, an editor's document): the same pass over its code units. */
  rulesInText(text: string): Set<Rule> {
    this.seen.fill(UNSEEN);
    const n = text.length;
    const bits = this.bits;
    let any = false;
    let h = 0;
    for (let i = 0; i < n; i++) {
      h = ((h << 5) ^ ((text.charCodeAt(i) & 0xff) | 0x20)) & KEY_MASK;
      if (((bits[h >>> 5] ?? 0) & (1 << (h & 31))) === 0) continue;
      const to = this.keyFrom[h + 1] ?? 0;
      for (let j = this.keyFrom[h] ?? 0; j < to; j++) {
        const lit = this.keyLits[j] ?? 0;
        const start = i - 2 - (this.litAt[lit] ?? 0);
        if (this.matchesText(text, start, lit) && this.mark(lit)) any = true;
      }
    }
    return any ? this.owners(() => text) : new Set();
  }

  /** Whether literal `lit` is in `bytes` at `start`. */
  private matchesBytes(bytes: Uint8Array, start: number, lit: number): boolean {
    const from = this.litFrom[lit] ?? 0;
    const len = (this.litFrom[lit + 1] ?? 0) - from;
    if (start < 0 || start + len > bytes.length) return false;
    const lb = this.litBytes;
    if (this.litCaseless[lit] === 1) {
      for (let k = 0; k < len; k++) if (LOWER[bytes[start + k] ?? 0] !== lb[from + k]) return false;
    } else {
      for (let k = 0; k < len; k++) if (bytes[start + k] !== lb[from + k]) return false;
    }
    return true;
  }

  /** Whether literal `lit` is in `text` at `start` (code units; a caseless literal's letters in either case). */
  private matchesText(text: string, start: number, lit: number): boolean {
    const from = this.litFrom[lit] ?? 0;
    const len = (this.litFrom[lit + 1] ?? 0) - from;
    if (start < 0 || start + len > text.length) return false;
    const lb = this.litBytes;
    const caseless = this.litCaseless[lit] === 1;
    for (let k = 0; k < len; k++) {
      const c = text.charCodeAt(start + k);
      if (c !== lb[from + k] && !(caseless && c < 0x80 && LOWER[c] === lb[from + k])) return false;
    }
    return true;
  }

  /** Records what a found literal says of its groups; whether that was news. */
  private mark(lit: number): boolean {
    let news = false;
    const to = this.markFrom[lit + 1] ?? 0;
    for (let m = this.markFrom[lit] ?? 0; m < to; m++) {
      const mark = this.marks[m] ?? 0;
      const group = mark >>> 2;
      const level = mark & 3;
      if ((this.seen[group] ?? SURE) < level) {
        this.seen[group] = level;
        news = true;
      }
    }
    return news;
  }

  /** The owners of the groups seen, those seen only by a literal that is not the whole anchor confirmed with it. */
  private owners(text: () => string): Set<Rule> {
    const out = new Set<Rule>();
    let t: string | undefined;
    this.groups.forEach((g, i) => {
      const seen = this.seen[i] ?? UNSEEN;
      if (seen === UNSEEN) return;
      if (seen === MAYBE && !g.anchor.test((t ??= text()))) return;
      for (const r of g.owners) out.add(r);
    });
    return out;
  }
}
