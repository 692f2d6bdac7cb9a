import { findLoggedSecrets } from './logged';
import type { LoggedRef } from './logExpr';

/** A quick fix: one edit of the document's text. */
export interface LastFourFix {
  title: string;
  edit: { start: number; end: number; text: string };
}

/** The languages with an honest one-expression "last four characters", by VS Code language id. */
const FILE_FOR: Record<string, string> = {
  javascript: 'fix.js',
  javascriptreact: 'fix.jsx',
  typescript: 'fix.ts',
  typescriptreact: 'fix.tsx',
  python: 'fix.py',
  php: 'fix.php',
  ruby: 'fix.rb',
};
const TITLE = 'Log only its last four characters';
/** Characters around an operand that let it become `'…' + last4` without parentheses. */
const SAFE_BEFORE = new Set(['(', ',', '[', '?', ':', '=', '>']);
const SAFE_AFTER = new Set([')', ',', ']', ';', ':', '\n', '']);

/**
 * Replaces a `secret-in-log` finding's expression with its last four characters, in the language's
 * syntax: JS/TS `'…' + String(x).slice(-4)` (in a template `${String(x).slice(-4)}`), Python
 * `'…' + str(x)[-4:]` (in an f-string `{str(x)[-4:]}`), PHP `'…' . substr((string) $x, -4)`, Ruby
 * `"…#{x.to_s[-4..]}"` (in a string `#{x.to_s[-4..]}`). Undefined where the range is not such a
 * finding, or no honest one-expression fix exists: a whole API response, Go and Java (slicing a short
 * string panics or throws), shell, Kotlin's `$x`. Pure; never throws.
 *
 * @example
 * lastFourFix("console.log(helcimApiToken)", 12, 26, 'typescript')?.edit.text
 * // "'…' + String(helcimApiToken).slice(-4)"
 */
export function lastFourFix(
  text: string,
  start: number,
  end: number,
  languageId: string,
  path?: string,
): LastFourFix | undefined {
  const file = FILE_FOR[languageId];
  if (!file || start < 0 || end <= start || end > text.length) return undefined;
  // The finding is looked for as the scan found it: with the file's own path where it is known (a PHP
  // page's echo is not a log), else by the language.
  const found = findLoggedSecrets(text, start, start + 1, path ?? file).find((f) => f.ref.end === end);
  // A whole response's last four characters say nothing: what to log instead is the message's.
  if (!found || found.secret.response) return undefined;
  const { ref } = found;
  const x = text.slice(start, end);
  const at = (text2: string, s = start, e = end) => ({ title: TITLE, edit: { start: s, end: e, text: text2 } });
  switch (FILE_FOR[languageId]?.split('.')[1]) {
    case 'py':
      if (ref.inside === 'f') return at(`str(${x})[-4:]`);
      return ref.inside ? undefined : at(operand(text, ref, `'…' + str(${x})[-4:]`));
    case 'php':
      return php(text, ref, x);
    case 'rb':
      if (ref.inside === 'rb') return at(`${x}.to_s[-4..]`);
      return ref.inside ? undefined : at(`"…#{${x}.to_s[-4..]}"`);
    default:
      if (ref.inside === 'js') return at(`String(${x}).slice(-4)`);
      if (ref.inside) return undefined;
      if (shorthand(text, ref)) return at(`${x}: '…' + String(${x}).slice(-4)`);
      return at(operand(text, ref, `'…' + String(${x}).slice(-4)`));
  }
}

/** PHP: an operand as is; a `$x` or `{$x}` in a double-quoted string, by closing and reopening the string. */
function php(text: string, ref: LoggedRef, x: string): LastFourFix | undefined {
  const last4 = `'…' . substr((string) ${x}, -4)`;
  if (!ref.inside)
    return { title: TITLE, edit: { start: ref.start, end: ref.end, text: operand(text, ref, last4, '.') } };
  const braced = ref.inside === 'php-brace' && text[ref.start - 1] === '{' && text[ref.end] === '}';
  if (ref.inside !== 'php' && !braced) return undefined;
  const [s, e] = braced ? [ref.start - 1, ref.end + 1] : [ref.start, ref.end];
  return { title: TITLE, edit: { start: s, end: e, text: `" . ${last4} . "` } };
}

/** The replacement as an operand where the reference stood: in parentheses unless its neighbours let it be. */
function operand(text: string, ref: LoggedRef, replacement: string, concat = '+'): string {
  const before = neighbour(text, ref.start, -1);
  const after = neighbour(text, ref.end, 1);
  const safe = (c: string, set: ReadonlySet<string>) => set.has(c) || c === concat;
  return safe(before, SAFE_BEFORE) && safe(after, SAFE_AFTER) ? replacement : `(${replacement})`;
}

/** The first character other than a space or tab from `pos` in `dir` ('' at the text's ends). */
function neighbour(text: string, pos: number, dir: 1 | -1): string {
  let i = dir === 1 ? pos : pos - 1;
  while (i >= 0 && i < text.length && (text[i] === ' ' || text[i] === '\t')) i += dir;
  const c = text[i] ?? '';
  return c === '\r' ? '\n' : c;
}

/** Whether a bare name stands as a JavaScript object shorthand (`{ helcimApiToken }`). */
function shorthand(text: string, ref: LoggedRef): boolean {
  if (ref.path.length !== 1 || !/^[A-Za-z_$][\w$]*$/.test(text.slice(ref.start, ref.end))) return false;
  const before = neighbour(text, ref.start, -1);
  const after = neighbour(text, ref.end, 1);
  if (!(before === '{' || before === ',') || !(after === '}' || after === ',')) return false;
  let depth = 0;
  for (let k = ref.start - 1; k >= Math.max(0, ref.start - 2000); k--) {
    const c = text[k];
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      if (depth === 0) return c === '{';
      depth--;
    }
  }
  return false;
}
