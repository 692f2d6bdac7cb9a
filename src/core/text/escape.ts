// Text that came from outside (file names, git author names, provider answers, handler replies) is
// printed to terminals and CI logs. Characters that a terminal obeys instead of showing would let
// that text forge lines, rewrite what is on screen or set the window title.

/**
 * C0 controls (with \n, \r, \t), DEL, C1 controls, the line and paragraph separators, and the
 * Unicode bidi controls that reorder what is shown (U+061C, U+200E-200F, U+202A-202E, U+2066-2069).
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is matched here
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- runs of them, for blankUnsafe
const UNSAFE_RUN = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function visible(c: string): string {
  const code = c.charCodeAt(0);
  const named = NAMED[c];
  if (named) return named;
  // \uXXXX for DEL and above: inside a JSON string it is a valid escape of the same character.
  return code < 0x20 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Escapes one field of a text line (a path, an author name, a message quoting input) so that it
 * prints as itself on one line: C0 controls become `\n`, `\r`, `\t` or `\x1b`; DEL, C1 controls,
 * U+2028/2029 and bidi controls become `\u007f`, `\u009b`, `\u202e`. Backslashes are left alone, so
 * Windows paths stay readable. Never throws.
 *
 * @example
 * escapeText('a\x1b]0;OWNED\x07.js\nx.js:9:9: error') // 'a\\x1b]0;OWNED\\x07.js\\nx.js:9:9: error'
 */
export function escapeText(text: string): string {
  return text.replace(UNSAFE, visible);
}

/**
 * {@link escapeText} for whole output laid out in lines: the line feed is kept, every other unsafe
 * character escaped. Valid JSON stays valid JSON with the same meaning (the characters it escapes
 * can only occur raw inside JSON strings, where `\u007f` means the same). The last line of defence
 * at the CLI's writers; fields are escaped where they are formatted. Never throws.
 */
export function escapeOutput(text: string): string {
  return text.replace(UNSAFE, (c) => (c === '\n' ? c : visible(c)));
}

/**
 * Replaces each run of the characters {@link escapeText} escapes by one space: for short messages
 * quoted from a provider's answer, shown in the editor as well as the terminal. Never throws.
 */
export function blankUnsafe(text: string): string {
  return text.replace(UNSAFE_RUN, ' ');
}

/**
 * A file path as a relative URI reference (RFC 3986) for SARIF `artifactLocation.uri`: `/` kept
 * between segments, everything else that is not unreserved percent-encoded as UTF-8 (`%`, space,
 * `#`, `?`, `:`, control characters, non-ASCII). `decodeURIComponent` gives the path back. Pass
 * paths with `/` separators. Never throws (an unpaired surrogate becomes U+FFFD).
 *
 * @example
 * pathToUriReference('src/my file#1.ts') // 'src/my%20file%231.ts'
 */
export function pathToUriReference(path: string): string {
  const wellFormed = path.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  return wellFormed.split('/').map(encodeURIComponent).join('/');
}
