import { invalidInput } from './errors';

/** How deep JSON from outside (token parts, embed objects) may nest: real claims use 3 or 4 levels. */
export const MAX_JSON_DEPTH = 32;

/**
 * The deepest nesting of `{`/`[` in JSON text, counted in one pass outside strings; stops counting
 * past `limit`. Lets a parser refuse a deeply nested document before recursing into it.
 */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 123 || c === 91 /* { [ */) {
      if (++depth > max && (max = depth) > limit) return max;
    } else if (c === 125 || c === 93 /* } ] */) {
      depth--;
    }
  }
  return max;
}

/**
 * JSON.parse for text from outside, refusing nesting deeper than {@link MAX_JSON_DEPTH} (which would
 * overflow the stack of a parser or printer) with a clear error naming `what`.
 */
export function parseBoundedJson(text: string, what: string): unknown {
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw invalidInput(`The ${what} nests deeper than ${MAX_JSON_DEPTH} levels`, 'Real claims use a few levels.');
  }
  return JSON.parse(text) as unknown;
}

/**
 * JSON.parse that answers `undefined` for text that is not JSON instead of throwing: its message
 * quotes the text, which may hold a secret, so callers word their own error.
 *
 * @example
 * tryParseJson('{"a":1}') // { value: { a: 1 } }
 * tryParseJson('{') // undefined
 */
export function tryParseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}
