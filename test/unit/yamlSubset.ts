// A strict reader of the YAML subset our workflow files use (no YAML package is a dependency):
// block mappings and sequences, `[a, b]` flow sequences of scalars, plain and quoted scalars, and
// comments. Anything else (tabs, anchors, tags, block scalars, flow mappings, duplicate keys, odd
// indentation, `: ` inside a plain scalar) is an error naming its line, never a guess. Scalars stay
// strings: `20` is '20', `true` is 'true'; an empty value is null.

export type YamlValue = string | null | YamlValue[] | { [key: string]: YamlValue };

interface Line {
  n: number;
  indent: number;
  text: string;
}

class YamlSubsetError extends Error {
  constructor(line: number, why: string) {
    super(`line ${line}: ${why}`);
  }
}

/** Parses `text` (one document of the subset) or throws an error naming the line. */
export function parseYamlSubset(text: string): YamlValue {
  const lines: Line[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    if (raw.includes('\t')) throw new YamlSubsetError(i + 1, 'a tab (YAML indents with spaces)');
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (/^(---|\.\.\.)(\s|$)/.test(trimmed)) throw new YamlSubsetError(i + 1, 'document markers are not in the subset');
    lines.push({ n: i + 1, indent: raw.length - raw.trimStart().length, text: trimmed });
  }
  if (lines.length === 0) return null;
  const at = { i: 0 };
  const value = parseBlock(lines, at, lines[0]?.indent ?? 0);
  const rest = lines[at.i];
  if (rest) throw new YamlSubsetError(rest.n, 'unexpected indentation');
  return value;
}

function parseBlock(lines: Line[], at: { i: number }, indent: number): YamlValue {
  const first = lines[at.i];
  if (!first || first.indent !== indent) throw new YamlSubsetError(first?.n ?? 0, 'expected a block');
  return first.text === '-' || first.text.startsWith('- ')
    ? parseSequence(lines, at, indent)
    : parseMapping(lines, at, indent);
}

function parseSequence(lines: Line[], at: { i: number }, indent: number): YamlValue[] {
  const out: YamlValue[] = [];
  for (let l = lines[at.i]; l && l.indent === indent; l = lines[at.i]) {
    if (l.text !== '-' && !l.text.startsWith('- ')) throw new YamlSubsetError(l.n, 'a mapping key inside a sequence');
    const item = l.text.slice(1).trimStart();
    if (item === '') {
      at.i++;
      out.push(childOrNull(lines, at, indent));
    } else if (keyOf(item)) {
      // `- key: value`: a mapping whose first entry sits on the dash's line.
      lines[at.i] = { n: l.n, indent: indent + (l.text.length - item.length), text: item };
      out.push(parseMapping(lines, at, lines[at.i]?.indent ?? 0));
    } else {
      at.i++;
      out.push(parseInline(item, l.n));
    }
  }
  return out;
}

function parseMapping(lines: Line[], at: { i: number }, indent: number): { [key: string]: YamlValue } {
  const out: { [key: string]: YamlValue } = {};
  for (let l = lines[at.i]; l && l.indent === indent; l = lines[at.i]) {
    const kv = keyOf(l.text);
    if (!kv) throw new YamlSubsetError(l.n, `not a "key: value" line: ${l.text}`);
    if (Object.hasOwn(out, kv.key)) throw new YamlSubsetError(l.n, `duplicate key ${kv.key}`);
    at.i++;
    out[kv.key] = kv.rest === '' ? childOrNull(lines, at, indent) : parseInline(kv.rest, l.n);
  }
  return out;
}

/** The block indented under a key or dash, or null when the next line is not deeper. */
function childOrNull(lines: Line[], at: { i: number }, indent: number): YamlValue {
  const next = lines[at.i];
  return next && next.indent > indent ? parseBlock(lines, at, next.indent) : null;
}

/** `key: rest` (rest '' when the value is a block or empty); undefined when the text is no key. */
function keyOf(text: string): { key: string; rest: string } | undefined {
  const m = /^(?:'((?:[^']|'')*)'|"([^"\\]*)"|([A-Za-z0-9_][\w.-]*)):(?:\s+(.*))?$/.exec(text);
  if (!m) return undefined;
  const key = m[1] !== undefined ? m[1].replace(/''/g, "'") : (m[2] ?? m[3] ?? '');
  return { key, rest: (m[4] ?? '').trim() };
}

/** A value on the key's own line: a flow sequence of scalars or one scalar, then maybe a comment. */
function parseInline(text: string, n: number): YamlValue {
  if (text.startsWith('[')) {
    if (/[[{]/.test(text.slice(1))) throw new YamlSubsetError(n, 'nested flow collections are not in the subset');
    const end = text.indexOf(']');
    if (end < 0 || !isCommentOrEmpty(text.slice(end + 1)))
      throw new YamlSubsetError(n, 'a flow sequence must close on its line');
    const inner = text.slice(1, end).trim();
    if (inner === '') return [];
    return inner.split(',').map((s) => scalar(s.trim(), n));
  }
  return scalar(text, n);
}

function isCommentOrEmpty(s: string): boolean {
  return s.trim() === '' || /^\s+#/.test(s);
}

function scalar(text: string, n: number): string {
  if (text === '') throw new YamlSubsetError(n, 'an empty item');
  if (text.startsWith("'")) {
    const m = /^'((?:[^']|'')*)'(.*)$/.exec(text);
    if (!m || !isCommentOrEmpty(m[2] ?? '')) throw new YamlSubsetError(n, `a malformed quoted scalar: ${text}`);
    return (m[1] ?? '').replace(/''/g, "'");
  }
  if (text.startsWith('"')) {
    const m = /^"((?:[^"\\]|\\["\\/])*)"(.*)$/.exec(text);
    if (!m || !isCommentOrEmpty(m[2] ?? '')) throw new YamlSubsetError(n, `a malformed quoted scalar: ${text}`);
    return (m[1] ?? '').replace(/\\(["\\/])/g, '$1');
  }
  if (/^[&*!|>%@`{}\]]/.test(text)) throw new YamlSubsetError(n, `not in the subset: ${text}`);
  const plain = text.replace(/\s+#.*$/, '');
  if (/:\s|:$/.test(plain)) throw new YamlSubsetError(n, `": " inside a plain scalar (quote it): ${text}`);
  return plain.trimEnd();
}
