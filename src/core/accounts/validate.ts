import { clip, invalidInput } from '../errors';
import { isLoopbackHost } from '../net/loopback';
import { parseUrl } from '../net/url';
import { withoutTrailingSlashes } from '../http/request';

/** An account label: 1 to 60 visible characters. Returns it trimmed. */
export function validateLabel(input: string): string {
  const t = input.trim();
  if (t === '') throw invalidInput('The name is empty');
  if (t.length > 60) throw invalidInput(`The name is too long (${t.length} characters, at most 60)`);
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0000-\u001f]/.test(t)) throw invalidInput('The name contains control characters');
  return t;
}

/**
 * A base URL from settings or the command line: http(s), no credentials, no query. Plain http only
 * for loopback (local mocks), so a token never crosses a network unencrypted.
 */
export function validateBaseUrl(input: string, what: string): string {
  const u = parseUrl(input, what);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw invalidInput(`${what} must start with https://`);
  if (u.username || u.password) throw invalidInput(`${what} must not contain a user name or password`);
  if (u.search || u.hash) throw invalidInput(`${what} must not contain a query or fragment`);
  if (u.protocol === 'http:' && !isLoopbackHost(u.hostname))
    throw invalidInput(
      `${what} must use https:// for ${clip(u.hostname, 80)}: plain http is allowed only on this machine ` +
        '(localhost, 127.x.x.x or [::1])',
    );
  return withoutTrailingSlashes(u.toString());
}
