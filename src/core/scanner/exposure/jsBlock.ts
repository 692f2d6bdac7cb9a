/** The most characters a config block is read for (real `env:`/`define:` blocks are a few hundred). */
export const MAX_BLOCK = 20_000;

/** A name or a string inside a block, at its nesting depth (1: directly inside the block). */
export interface BlockToken {
  kind: 'name' | 'string';
  /** For a string: its content, without the quotes. */
  start: number;
  end: number;
  depth: number;
}

/** A bracketed block of JS/TS/JSON: where it ends and what it holds. */
export interface Block {
  /** After its closing bracket, or where reading stopped (the end of the text, or {@link MAX_BLOCK}). */
  end: number;
  closed: boolean;
  tokens: BlockToken[];
}

const OPEN = new Set(['{', '[', '(']);
const CLOSE = new Set(['}', ']', ')']);
const isNameStart = (c: string) => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c === '_' || c === '$';
const isNameChar = (c: string) => isNameStart(c) || (c >= '0' && c <= '9');

/**
 * Reads the block that opens at `open` (a `{`, `[` or `(`) up to its matching bracket, at most
 * `max` characters: its names and strings, skipping comments. One pass, one step per character;
 * regular expression literals are not told apart (config blocks rarely hold one).
 *
 * @example
 * readBlock('env: { A: "b" }', 5).tokens.map((t) => t.kind) // ['name', 'string']
 */
export function readBlock(text: string, open: number, max = MAX_BLOCK): Block {
  const limit = Math.min(text.length, open + max);
  const tokens: BlockToken[] = [];
  let depth = 0;
  let i = open;
  while (i < limit) {
    const c = text[i] ?? '';
    const next = text[i + 1];
    if (OPEN.has(c)) {
      depth++;
      i++;
    } else if (CLOSE.has(c)) {
      depth--;
      i++;
      if (depth <= 0) return { end: i, closed: true, tokens };
    } else if (c === '/' && next === '/') {
      while (i < limit && text[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      i += 2;
      while (i < limit && !(text[i] === '*' && text[i + 1] === '/')) i++;
      i += 2;
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      // A quote ends at its match; ' and " also at a line break (an unclosed quote in broken code).
      while (j < limit && text[j] !== c && (c === '`' || text[j] !== '\n')) j += text[j] === '\\' ? 2 : 1;
      tokens.push({ kind: 'string', start: i + 1, end: Math.min(j, limit), depth });
      i = j + 1;
    } else if (isNameStart(c) && !isNameChar(text[i - 1] ?? '')) {
      let j = i + 1;
      while (j < limit && isNameChar(text[j] ?? '')) j++;
      tokens.push({ kind: 'name', start: i, end: j, depth });
      i = j;
    } else {
      i++;
    }
  }
  return { end: Math.min(i, limit), closed: false, tokens };
}
