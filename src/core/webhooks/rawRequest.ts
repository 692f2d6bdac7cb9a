import { invalidInput } from '../errors';

/** A captured HTTP request: optional request line, headers (names lower-cased), and the body exactly as sent. */
export interface RawRequest {
  method?: string;
  target?: string;
  /** Header values by lower-cased name; a repeated header keeps every value in order. */
  headers: Map<string, string[]>;
  body: string;
}

/** Captured requests larger than this are refused (webhooks are a few KB). */
export const MAX_REQUEST_CHARS = 5 * 1024 * 1024;

const REQUEST_LINE = /^([A-Z]{3,10}) (\S+) HTTP\/\d(?:\.\d)?$/;
// The value is trimmed in code: `[ \t]*(.*?)[ \t]*$` is quadratic in a run of spaces or tabs.
const HEADER = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):(.*)$/;

/** `value` without the spaces and tabs around it (HTTP's optional white space; nothing else). */
function trimSpacesAndTabs(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && (value[start] === ' ' || value[start] === '\t')) start++;
  while (end > start && (value[end - 1] === ' ' || value[end - 1] === '\t')) end--;
  return value.slice(start, end);
}

/**
 * Reads a raw HTTP request as captured by a proxy, `nc -l`, a log line or a browser's "copy as
 * raw": an optional request line, header lines, a blank line, then the body. The body is kept
 * byte for byte (its line breaks too): the signature covers exactly those bytes. Header lines may
 * end in CRLF or LF. Throws an error naming what is wrong.
 */
export function parseRawRequest(text: string): RawRequest {
  if (text.length > MAX_REQUEST_CHARS)
    throw invalidInput(`The request is ${text.length} characters; at most ${MAX_REQUEST_CHARS} are read`);
  if (text.trim() === '')
    throw invalidInput(
      'The request is empty',
      'Paste the request as captured: headers (Name: value), a blank line, then the body.',
    );
  const sep = /\r?\n\r?\n/.exec(text);
  const head = sep ? text.slice(0, sep.index) : text.replace(/\r?\n$/, '');
  const body = sep ? text.slice(sep.index + sep[0].length) : '';
  const lines = head.split(/\r?\n/);
  const req: RawRequest = { headers: new Map(), body };
  const first = lines[0]?.trim() ?? '';
  const requestLine = REQUEST_LINE.exec(first);
  if (requestLine) {
    req.method = requestLine[1];
    req.target = requestLine[2];
    lines.shift();
  }
  for (const [i, line] of lines.entries()) {
    if (/^[ \t]/.test(line) && i > 0) throw invalidInput(`Header line ${i + 1} is folded (starts with a space)`);
    const m = HEADER.exec(line);
    if (!m?.[1]) {
      // The line is not echoed: it may be a body holding a secret (a connected-account apiToken).
      const n = i + (requestLine ? 2 : 1);
      throw invalidInput(
        sep
          ? `Line ${n} is not a header ("Name: value")`
          : `No blank line between the headers and the body, and line ${n} is not a header ("Name: value")`,
        'A captured request is: the request line (optional), headers, one blank line, the body.',
      );
    }
    const name = m[1].toLowerCase();
    req.headers.set(name, [...(req.headers.get(name) ?? []), trimSpacesAndTabs(m[2] ?? '')]);
  }
  if (req.headers.size === 0)
    throw invalidInput('The request has no headers', 'The signature headers must be part of what you paste.');
  return req;
}

/** The first value of a header, if present. */
export function header(req: RawRequest, name: string): string | undefined {
  return req.headers.get(name.toLowerCase())?.[0];
}
