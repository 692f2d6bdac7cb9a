/**
 * Where a value sits in configuration: the name it is assigned to and the names around it. Helcim
 * api-tokens have no prefix, so the Helcim rules decide by these names, in every format people keep
 * config in: code assignments, .env/.properties/.ini, JSON/JS/PHP objects, YAML and TOML nesting,
 * XML elements and attributes, Kubernetes/Compose `name:`/`value:` pairs, Terraform variables, and
 * HTTP headers in curl commands and .http files. Every look is bounded, so scanning stays linear.
 */

/** How far back on a line the name of a value is looked for. */
const LINE_REACH = 300;
/** How far back enclosing objects (JSON, JS, PHP) and YAML parents are looked for. */
const PARENT_REACH = 1500;
const PARENT_LINES = 25;

/**
 * A name before a value: `NAME=`, `"name":`, `name =>`, `<name>`, `name: ` … and its separator. A
 * dot is part of the name only when a name character follows it: `.=` is always the operator, so
 * name and operator never share dots (reading them in many ways was quadratic).
 */
const NAME_BEFORE = new RegExp(
  '(?:^|[\\s{[(,;])(?:export\\s+|set\\s+|-\\s+)?["\'`]?([A-Za-z_$@](?:[\\w$@-]|\\.(?=[\\w.$@-])){0,80})["\'`]?' +
    // a declared type after a colon (`val x: String =`, `let x: string =`), then the operator
    '(?:\\s{0,3}:\\s{0,3}[A-Za-z_][\\w.<>?]{0,30}(?=\\s{0,5}=))?' +
    '\\s{0,5}(=>|:{1,3}=|[.?|]{1,2}=|=|:)\\s{0,5}["\'`]?$',
);
/** Go's `var name Type = "…"`. */
const GO_VAR_BEFORE = /\bvar\s{1,5}([A-Za-z_]\w{0,80})\s{1,5}[\w.[\]*]{1,30}\s{0,5}=\s{0,5}["'`]$/;
/**
 * A (name, value) call: `define('NAME', '…')`, `System.setProperty("NAME", "…")`, `put("NAME", "…")`.
 * Only the character before `(` is read: `\b[\w.]+\(` read `a.b.c…` again from every dot.
 */
const CALL_PAIR_BEFORE = /\w\(\s{0,5}["']([A-Za-z_][\w.-]{0,80})["']\s{0,5},\s{0,5}["']$/;
/** `NAME=value` inside a string (a .env file kept in JSON): after a quote or an escaped line break. */
const ENV_IN_STRING = /(?:["'`]|\\n)\s{0,3}([A-Za-z_][\w.]{0,80})=$/;
/** A value alone on its line, under `<name>` or `name: |` on the line above. */
const OPEN_ELEMENT_LINE =
  /<([A-Za-z_][\w.:-]{0,80})(?:\s[^<>]{0,200})?>\s*$|^\s*["']?([\w.$@-]{1,80})["']?\s*:\s*[|>][-+]?\s*$/;
const XML_ELEMENT_BEFORE = /<([A-Za-z_][\w.:-]{0,80})(?:\s[^<>]{0,200})?>\s{0,5}$/;
/** `key="X" value="…"` (.NET appSettings) or `name: X, value: …` on one line. */
const SIBLING_NAME = /\b(?:key|name)\s{0,3}[=:]\s{0,3}["']?([A-Za-z_][\w.:-]{0,80})/i;
/** The item name of a Kubernetes/Compose env list or a Jenkins/plist pair, on the line above. */
const NAME_LINE =
  /^\s*(?:-\s*)?(?:name|key)\s*:\s*["']?([A-Za-z_][\w.:-]{0,80})["']?\s*$|<(?:name|key|id)>([^<]{1,80})<\//i;
const TERRAFORM_BLOCK = /\b(?:variable|output|locals?|resource|data)\s+"([^"]{1,80})"/;

/** The start of the line holding `pos`, looking back at most LINE_REACH characters (minified lines are long). */
function lineStartOf(text: string, pos: number): number {
  const floor = Math.max(0, pos - LINE_REACH);
  const nl = text.slice(floor, pos).lastIndexOf('\n');
  return nl < 0 ? floor : floor + nl + 1;
}

/** The end of the line holding `pos`, looking ahead at most LINE_REACH characters. */
function lineEndOf(text: string, pos: number): number {
  const nl = text.slice(pos, pos + LINE_REACH).indexOf('\n');
  return nl < 0 ? Math.min(text.length, pos + LINE_REACH) : pos + nl;
}

/** The name a value is assigned to, and how it is written. */
export interface ValueName {
  /** The name the value is assigned to (for `value`/`default` entries: the name of the item). */
  name: string;
  /** `=`, `:`, `=>`, `:=`, or `>` for XML text. */
  sep: string;
  /** The value is unquoted and is the rest of a `name: value` / `NAME=value` line, or an XML text. */
  wholeLine: boolean;
}

/**
 * The name of the value at [start, end), or undefined when nothing names it (a value in prose,
 * a function argument, a list element).
 */
export function valueName(text: string, start: number, end: number): ValueName | undefined {
  const lineStart = lineStartOf(text, start);
  const before = text.slice(lineStart, start);
  const after = text.slice(end, Math.min(lineEndOf(text, end), end + 200));
  let result: ValueName;
  const named = GO_VAR_BEFORE.exec(before) ?? NAME_BEFORE.exec(before);
  if (named?.[1]) {
    const unquoted = !/["'`]\s*$/.test(before);
    const configLine = /^\s*(?:export\s+|set\s+|-\s+)?["']?[\w.$@-]+["']?\s*(?:=>|:=|=|:)\s*$/.test(before);
    result = {
      name: named[1],
      sep: named[2] ?? '=',
      wholeLine: unquoted && configLine && /^\s*(?:[#;].*)?$/.test(after),
    };
    if (ENV_IN_STRING.test(before) && /^(?:\\[nr]|["'`])/.test(after)) result.wholeLine = true;
  } else if (CALL_PAIR_BEFORE.test(before)) {
    result = { name: CALL_PAIR_BEFORE.exec(before)?.[1] ?? '', sep: ',', wholeLine: false };
  } else if (before.trim() === '' && lineStart > 0) {
    const above = text.slice(lineStartOf(text, lineStart - 1), lineStart - 1);
    const open = OPEN_ELEMENT_LINE.exec(above);
    const name = open?.[1] ?? open?.[2];
    if (!name || !/^\s*(?:<\/|$)/.test(after)) return undefined;
    result = { name, sep: '>', wholeLine: true };
  } else {
    const element = XML_ELEMENT_BEFORE.exec(before);
    if (!element?.[1]) return undefined;
    result = { name: element[1], sep: '>', wholeLine: after.startsWith('<') };
  }
  if (/^(?:value|default|val|secret|password)$/i.test(result.name))
    result.name = itemName(text, lineStart, before) ?? result.name;
  return result;
}

/** Enclosing names, innermost first: keys of the objects around the value, YAML parents, the section. */
export function valueParents(text: string, start: number, sections?: SectionIndex): string[] {
  const lineStart = lineStartOf(text, start);
  const parents = [...objectParents(text, start), ...yamlParents(text, lineStart)];
  const section = sections?.at(start);
  if (section) parents.push(section);
  return parents;
}

/** For `value:`/`default =` entries: the name of the item they belong to. */
function itemName(text: string, lineStart: number, before: string): string | undefined {
  const sibling = SIBLING_NAME.exec(before);
  if (sibling?.[1]) return sibling[1];
  let pos = lineStart;
  for (let i = 0; i < 3 && pos > 0; i++) {
    const prevStart = lineStartOf(text, pos - 1);
    const line = text.slice(prevStart, pos - 1);
    const m = NAME_LINE.exec(line) ?? TERRAFORM_BLOCK.exec(line);
    if (m) return m[1] ?? m[2];
    pos = prevStart;
  }
  return undefined;
}

/** Positions of `[section]` lines (TOML, INI), found once per text. */
export class SectionIndex {
  private readonly starts: number[] = [];
  private readonly names: string[] = [];

  constructor(text: string) {
    // Section names hold no bracket and no line break of any kind (`^` also matches after \r,
    // \u2028 and \u2029): otherwise a line of `[` is read in many ways from every line start.
    const re = /^[ \t]*\[{1,2}([^[\]\r\n\u2028\u2029]{1,100})\]{1,2}[ \t]*$/gm;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      this.starts.push(m.index);
      this.names.push(m[1] ?? '');
    }
  }

  /** The section a position is in, if any. */
  at(pos: number): string | undefined {
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.starts[mid] ?? 0) < pos) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? undefined : this.names[found];
  }
}

/** Keys of the `{`/`[` objects that enclose `pos` (JSON, JS, PHP arrays), innermost first. */
function objectParents(text: string, pos: number): string[] {
  const out: string[] = [];
  let depth = 0;
  const floor = Math.max(0, pos - PARENT_REACH);
  for (let i = pos - 1; i >= floor && out.length < 4; i--) {
    const c = text[i];
    if (c === '}' || c === ']') depth++;
    else if ((c === '{' || c === '[') && depth > 0) depth--;
    else if (c === '{' || c === '[') {
      // The name starts where its run does: a start at every character of a run is quadratic.
      const m = /(?<![\w.$-])["']?([A-Za-z_$][\w.$-]*)["']?\s{0,5}(?:=>|:|=)\s{0,5}(?:array\s*\()?$/.exec(
        text.slice(Math.max(0, i - 120), i),
      );
      if (m?.[1]) out.push(m[1]);
    }
  }
  return out;
}

/** YAML parents: the keys of the less-indented lines above, innermost first. */
function yamlParents(text: string, lineStart: number): string[] {
  const out: string[] = [];
  const line = text.slice(lineStart, lineEndOf(text, lineStart));
  let indent = /^[ \t-]*/.exec(line)?.[0].length ?? 0;
  let pos = lineStart;
  const floor = Math.max(0, lineStart - PARENT_REACH);
  for (let i = 0; i < PARENT_LINES && indent > 0 && pos > floor; i++) {
    const prevStart = lineStartOf(text, pos - 1);
    const prev = text.slice(prevStart, pos - 1);
    pos = prevStart;
    if (prev.trim() === '' || /^\s*#/.test(prev)) continue;
    const lead = /^[ \t-]*/.exec(prev)?.[0].length ?? 0;
    if (lead >= indent) continue;
    // The lookahead keeps the indent from giving dashes back to the key (quadratic on a run of them).
    const key = /^[ \t-]*(?=[^ \t-])["']?([\w.$@-]{1,80})["']?\s*:\s*(?:[|>][-+]?\s*)?$/.exec(prev)?.[1];
    if (key) out.push(key);
    indent = lead;
  }
  return out;
}
