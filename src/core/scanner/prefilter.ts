import { anchorLiterals, isWordStart } from './anchorLiterals';
import type { Rule } from './rule';

export { type AnchorLiterals, MIN_LITERAL, NAME_WORD_START, anchorLiterals } from './anchorLiterals';

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
 * One pass over a file's bytes that tells which rules' anchors occur in it. Each distinct literal of
 * the anchors ({@link anchorLiterals}) is keyed by three of its bytes (its least common ones, see
 * {@link keyOffset}); the pass keeps a 15-bit rolling key of the last three bytes, tests its bit in a
 * 4 KB table, and only where the bit is set compares the literals of that key with the text, exactly
 * or caselessly as their anchor says. A literal that is not a whole anchor (`PUBLIC_` of
 * `(?<![A-Za-z0-9_])PUBLIC_`, `.eyJ` of a JWT's anchor) is then confirmed with the anchor itself, on
 * the few files that hold it. Linear in the file's length, with no string made from the bytes, no
 * regular expression and no allocation for a file that holds nothing.
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
  /** 1 for a literal looked for only where a name's word starts (NAME_WORD_START before it). */
  private readonly litWordStart: Uint8Array;
  /** Per literal, the groups it says something of: `(group << 2) | level`, in `marks[markFrom[i]…]`. */
  private readonly markFrom: Int32Array;
  private readonly marks: Int32Array;
  /** The length of the longest literal. */
  private readonly longest: number;
  /** Per group, what the current pass saw of it (reused). */
  private readonly seen: Uint8Array;

  constructor(rules: readonly Rule[]) {
    const byAnchor = new Map<string, number>();
    /** Distinct literals (caseless ones lower case, prefixed `i/`), and what each says of which groups. */
    const literals = new Map<string, { text: string; caseless: boolean; wordStart: boolean; marks: number[] }>();
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
          const wordStart = l.wordStart === true;
          const id = `${found.caseless ? 'i' : 'c'}${wordStart ? 'w' : ''}/${l.text}`;
          const entry = literals.get(id) ?? { text: l.text, caseless: found.caseless, wordStart, marks: [] };
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
    this.litWordStart = new Uint8Array(lits.length);
    this.markFrom = new Int32Array(lits.length + 1);
    const marks: number[] = [];
    const litKeys = new Int32Array(lits.length);
    lits.forEach((l, i) => {
      const b = Uint8Array.from(l.text, (ch) => ch.charCodeAt(0));
      const at = keyOffset(b);
      const key = keyOf(b, at);
      litKeys[i] = key;
      this.bits[key >>> 5] = (this.bits[key >>> 5] ?? 0) | (1 << (key & 31));
      this.litFrom[i] = bytes.length;
      bytes.push(...b);
      this.litAt[i] = at;
      this.litCaseless[i] = l.caseless ? 1 : 0;
      this.litWordStart[i] = l.wordStart ? 1 : 0;
      this.markFrom[i] = marks.length;
      marks.push(...l.marks);
    });
    this.litFrom[lits.length] = bytes.length;
    this.longest = Math.max(0, ...lits.map((l) => l.text.length));
    this.markFrom[lits.length] = marks.length;
    this.litBytes = Uint8Array.from(bytes);
    this.marks = Int32Array.from(marks);
    // The literals grouped by key, in order (a counting sort: one array, not one per key).
    for (const key of litKeys) this.keyFrom[key + 1] = (this.keyFrom[key + 1] ?? 0) + 1;
    for (let key = 0; key < 1 << KEY_BITS; key++)
      this.keyFrom[key + 1] = (this.keyFrom[key + 1] ?? 0) + (this.keyFrom[key] ?? 0);
    const next = this.keyFrom.slice();
    this.keyLits = new Int32Array(lits.length);
    litKeys.forEach((key, i) => {
      const at = next[key] ?? 0;
      this.keyLits[at] = i;
      next[key] = at + 1;
    });
  }

  /**
   * The rules whose anchor occurs in `bytes` (a file's UTF-8). `text` decodes them, asked for only
   * when an anchor that is not a plain literal needs confirming: on the text the rules will read (a
   * latin1 view would count a character of several bytes as several, and byte 0xA0 as a space).
   */
  rulesIn(bytes: Uint8Array, text: () => string): Set<Rule> {
    return this.passBytes(bytes) ? this.owners(text) : new Set();
  }

  /**
   * The pass itself, apart from what it returns: a function with one hot loop and nothing else is
   * optimised once (a `new Set` after the loop, never reached while the loop was being optimised
   * on the first files, deoptimised the whole pass again and again: 32 times in one scan).
   */
  private passBytes(bytes: Uint8Array): boolean {
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
    return any;
  }

  /** {@link rulesIn} for a string (a diff's lines, an editor's document): the same pass over its code units. */
  rulesInText(text: string): Set<Rule> {
    return this.passText(text) ? this.owners(() => text) : new Set();
  }

  /** {@link passBytes} over a string's code units. */
  private passText(text: string): boolean {
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
    return any;
  }

  /**
   * Where the leftmost literal of the anchors that starts at or after `from` starts in `text`, or -1:
   * a regex with these anchors matches nowhere before it, so a walk over the text's matches can start
   * its search there (a quick way over a long text to a pattern that is slow to search for).
   */
  firstLiteral(text: string, from: number): number {
    const n = text.length;
    const bits = this.bits;
    let best = -1;
    let h = 0;
    for (let i = from; i < n; i++) {
      // A literal starting after the best one found cannot be leftmost: stop once none can start before it.
      if (best >= 0 && i - this.longest + 1 > best) break;
      h = ((h << 5) ^ ((text.charCodeAt(i) & 0xff) | 0x20)) & KEY_MASK;
      if (i - from < 2 || ((bits[h >>> 5] ?? 0) & (1 << (h & 31))) === 0) continue;
      const to = this.keyFrom[h + 1] ?? 0;
      for (let j = this.keyFrom[h] ?? 0; j < to; j++) {
        const lit = this.keyLits[j] ?? 0;
        const start = i - 2 - (this.litAt[lit] ?? 0);
        if (start >= from && (best < 0 || start < best) && this.matchesText(text, start, lit)) best = start;
      }
    }
    return best;
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
    return this.litWordStart[lit] !== 1 || isWordStart(start > 0 ? (bytes[start - 1] ?? -1) : -1, bytes[start] ?? -1);
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
    return (
      this.litWordStart[lit] !== 1 || isWordStart(start > 0 ? text.charCodeAt(start - 1) : -1, text.charCodeAt(start))
    );
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
