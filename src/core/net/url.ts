import { invalidInput } from '../errors';

/**
 * Parses a URL typed by a person (trimmed first). Throws ERR_INVALID_INPUT naming `what` and
 * quoting the start of the input, with `advice` when given.
 *
 * @example
 * parseUrl(' https://api.helcim.com/ ', 'The Helcim base URL').hostname // 'api.helcim.com'
 */
export function parseUrl(input: string, what: string, advice?: string): URL {
  try {
    return new URL(input.trim());
  } catch {
    throw invalidInput(`${what} is not a URL: "${input.trim().slice(0, 80)}"`, advice);
  }
}
