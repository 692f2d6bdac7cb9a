import { invalidInput } from '../errors';

/**
 * Parses a URL as written, or undefined when it does not parse. Never throws.
 *
 * @example
 * tryParseUrl('https://api.helcim.com/v2')?.origin // 'https://api.helcim.com'
 * tryParseUrl('not a url') // undefined
 */
export function tryParseUrl(input: string): URL | undefined {
  try {
    return new URL(input);
  } catch {
    return undefined;
  }
}

/**
 * Parses a URL typed by a person (trimmed first). Throws ERR_INVALID_INPUT naming `what` and
 * quoting the start of the input, with `advice` when given.
 *
 * @example
 * parseUrl(' https://api.helcim.com/ ', 'The Helcim base URL').hostname // 'api.helcim.com'
 */
export function parseUrl(input: string, what: string, advice?: string): URL {
  const url = tryParseUrl(input.trim());
  if (!url) throw invalidInput(`${what} is not a URL: "${input.trim().slice(0, 80)}"`, advice);
  return url;
}
