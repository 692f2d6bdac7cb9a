// Line by line readers for `.http` files: each looks at one line (or a script spanning a few) with
// plain string scanning, so every one is linear in its input whatever the line holds.
import { clip } from '../errors';
import type { HttpFileProblem, HttpFileUnsupported } from './types';

/** The methods a request may use. */
export const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/** Whether `c` (a char code) is a space, a tab or another ASCII control character. */
export const isBlank = (c: number): boolean => c <= 0x20 || c === 0x7f;

/** The text split into lines; CRLF and lone CR end a line like LF does; a leading BOM is dropped. */
export function splitLines(text: string): string[] {
  return (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n|\r|\n/);
}

/** A `###` line's text after its `#`s (the JetBrains request name), or undefined when there is none. */
export function separatorTitle(line: string): string | undefined {
  let i = 0;
  while (line[i] === '#') i++;
  const title = line.slice(i).trim();
  return title === '' ? undefined : title;
}

/** Whether the line is a comment: `#` or `//` after optional spaces. */
export function isComment(line: string): boolean {
  const s = line.trimStart();
  return s.startsWith('#') || s.startsWith('//');
}

/** A comment's `@key value` metadata (`# @name x`, `// @no-redirect`), or undefined. */
export function readMetadata(line: string): { key: string; value: string } | undefined {
  const s = line.trimStart();
  const mark = s[0] === '#' ? '#' : '/';
  let i = 0;
  while (s[i] === mark) i++;
  const rest = s.slice(i).trimStart();
  if (!rest.startsWith('@')) return undefined;
  let j = 1;
  while (j < rest.length && isKeyChar(rest.charCodeAt(j))) j++;
  if (j === 1) return undefined;
  return { key: rest.slice(1, j), value: rest.slice(j).trim() };
}

function isKeyChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
}

/**
 * A file variable definition `@name = value` (the line trimmed, starting with `@`): its name and its
 * value with REST Client's escapes (`\n`, `\r`, `\t`, `\` before any other character) read; undefined
 * when the line is not one.
 */
export function readVariableDefinition(trimmed: string): { name: string; value: string } | undefined {
  let j = 1;
  while (j < trimmed.length && !isBlank(trimmed.charCodeAt(j)) && trimmed[j] !== '=') j++;
  const name = trimmed.slice(1, j);
  const rest = trimmed.slice(j).trimStart();
  if (name === '' || !rest.startsWith('=')) return undefined;
  const raw = rest.slice(1).trim();
  let value = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c !== '\\' || i === raw.length - 1) {
      value += c;
      continue;
    }
    const next = raw[++i] ?? '';
    value += next === 'n' ? '\n' : next === 'r' ? '\r' : next === 't' ? '\t' : next;
  }
  return { name, value };
}

/** Index of the first line from `from` (before `to`) that contains `end`, or the block's last line. */
function closingLine(lines: string[], from: number, to: number, end: string, startsWith = false): number {
  for (let j = from; j < to; j++) {
    const s = lines[j] ?? '';
    if (startsWith ? s.trimStart().startsWith(end) : s.includes(end)) return j;
  }
  return to - 1;
}

/**
 * If `lines[i]` starts something this tool never runs, reads or writes (a JetBrains `< {% … %}` or
 * `> {% … %}` script, a `> ./handler.js`, a `>> file` output, a `< ./file` body, an httpYac `{{ … }}`
 * script block or `??` assertion), records it in `out` and returns the index of its last line. A
 * JetBrains `<> file` (the previous response, only compared) is skipped without a record. Returns -1
 * for any other line. `atColumn0`: in a body, `<` and `>` count only at the start of the line.
 */
export function readNeverRun(
  lines: string[],
  i: number,
  to: number,
  out: HttpFileUnsupported[],
  atColumn0: boolean,
): number {
  const line = lines[i] ?? '';
  const s = atColumn0 ? line : line.trimStart();
  const record = (what: string, last: number) => {
    // A script's first lines (its opening line alone, `{{` or `> {%`, says little), each clipped first.
    const shown = lines.slice(i, Math.min(last, i + 2) + 1).map((l) => clip(l.trim(), 80));
    out.push({ line: i + 1, what: `${what}: ${clip(shown.join(' '), 80)}` });
    return last;
  };
  const after = (n: number) => s.slice(n).trimStart();
  if (s.startsWith('<>')) return i;
  if (s.startsWith('>>')) return record('saves the response to a file (not written)', i);
  if (s.startsWith('<') && after(1).startsWith('{%')) {
    return record('a JetBrains pre-request script (not run)', scriptEnd(lines, i, to, s));
  }
  if (s.startsWith('>')) {
    if (after(1).startsWith('{%'))
      return record('a JetBrains response handler script (not run)', scriptEnd(lines, i, to, s));
    return record('a response handler script file (not run)', i);
  }
  if (s.startsWith('<') && isFileReference(s)) return record('a body read from a file (not read)', i);
  const t = s.trimStart();
  if (t.startsWith('{{') && !t.includes('}}')) {
    return record('an httpYac script block (not run)', closingLine(lines, i + 1, to, '}}', true));
  }
  if (t.startsWith('??')) return record('an httpYac assertion (not run)', i);
  return -1;
}

/** The last line of a `{% … %}` script that starts on line `i` (`s`: that line). */
function scriptEnd(lines: string[], i: number, to: number, s: string): number {
  return s.indexOf('%}', s.indexOf('{%') + 2) >= 0 ? i : closingLine(lines, i + 1, to, '%}');
}

/** `< path`, `<@ path`, `<@latin1 path` (REST Client and JetBrains: the body is read from a file). */
function isFileReference(s: string): boolean {
  let i = 1;
  if (s[i] === '@') {
    i++;
    while (i < s.length && isKeyChar(s.charCodeAt(i))) i++;
  }
  if (i >= s.length || !isBlank(s.charCodeAt(i))) return false;
  return s.slice(i).trim() !== '';
}

/** `s` split at runs of blanks, without empty words. */
export function words(s: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= s.length; i++) {
    const blank = i === s.length || isBlank(s.charCodeAt(i));
    if (blank && start >= 0) {
      out.push(s.slice(start, i));
      start = -1;
    } else if (!blank && start < 0) start = i;
  }
  return out;
}

/** Whether every character of `s` is an ASCII letter (and there is one). */
export function isLetters(s: string): boolean {
  if (s === '') return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (c < 97 || c > 122) return false;
  }
  return true;
}

/** Whether `s` is an HTTP header name (an RFC 9110 token). */
export function isHeaderName(s: string): boolean {
  if (s === '') return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isKeyChar(c) || "!#$%&'*+.^_`|~".includes(s[i] ?? ' ')) continue;
    return false;
  }
  return true;
}

/** `METHOD URL`, or a URL alone (GET); the method upper-cased. */
export function splitRequestLine(
  s: string,
  line: number,
  problems: HttpFileProblem[],
): { method: string; url: string } {
  let sp = 0;
  while (sp < s.length && !isBlank(s.charCodeAt(sp))) sp++;
  const head = s.slice(0, sp);
  if (sp === s.length) {
    if (!METHODS.has(head.toUpperCase())) return { method: 'GET', url: s };
    problems.push({ line, message: `The request line has a method and no URL: ${clip(s, 60)}` });
    return { method: head.toUpperCase(), url: '' };
  }
  if (!isLetters(head)) return { method: 'GET', url: s };
  const method = head.toUpperCase();
  if (!METHODS.has(method)) {
    const message = `The method ${clip(head, 20)} is not supported (${[...METHODS].join(', ')})`;
    problems.push({ line, message });
  }
  return { method, url: s.slice(sp).trim() };
}

/** The URL without a trailing ` HTTP/1.1`. */
export function withoutVersion(s: string): string {
  let k = s.length - 1;
  while (k >= 0 && !isBlank(s.charCodeAt(k))) k--;
  return k >= 0 && s.slice(k + 1, k + 6).toUpperCase() === 'HTTP/' ? s.slice(0, k).trimEnd() : s;
}

/** Whether `s` holds a control character (a tab too, unless `tabOk`). */
export function hasControl(s: string, tabOk: boolean): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && !(tabOk && c === 9)) || c === 0x7f) return true;
  }
  return false;
}
