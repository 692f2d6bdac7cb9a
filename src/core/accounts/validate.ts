import { clip, invalidInput } from '../errors';
import { isLoopbackHost } from '../net/loopback';
import { withoutTrailingSlashes } from '../http/request';

/** Characters seen in Helcim api-tokens (letters, digits, `! % @ _ .`) plus `-`, kept generous. */
const HELCIM_TOKEN_CHAR = /[A-Za-z0-9!%@_.-]/;

/**
 * Checks a pasted Helcim api-token and returns it trimmed. Throws with the reason (and never the
 * token) for: empty, a header name or quotes pasted along, spaces inside, characters Helcim tokens
 * do not use, a value far too short or long, or a credential of another provider.
 */
export function validateHelcimToken(input: string): string {
  let t = input.trim();
  if (t === '')
    throw invalidInput(
      'The api-token is empty',
      'Copy it from Helcim: All Tools > Integrations > API Access Configuration.',
    );
  if (/^api-token\s*:/i.test(t))
    throw invalidInput('The text starts with the header name "api-token:"', 'Paste only the token value.');
  if (/^(["'`]).*\1$/s.test(t)) t = t.slice(1, -1).trim();
  if (/^bearer\s/i.test(t))
    throw invalidInput(
      'This is a bearer token; Helcim uses the api-token header value',
      'Paste the api-token from your API Access Configuration.',
    );
  if (/^(sk|rk|pk)_(live|test)_/.test(t)) throw invalidInput('This is a Stripe key, not a Helcim api-token');
  if (/^eyJ[\w-]*\.eyJ/.test(t))
    throw invalidInput(
      'This is a JWT (Gr4vy uses those), not a Helcim api-token',
      'Add a Gr4vy account for it instead.',
    );
  if (t.includes('-----BEGIN'))
    throw invalidInput('This is a PEM key, not a Helcim api-token', 'Add a Gr4vy account for a private key.');
  const ws = t.search(/\s/);
  if (ws >= 0)
    throw invalidInput(
      `The api-token contains white space (at character ${ws + 1})`,
      'Copy it again: a token is one unbroken string.',
    );
  for (let i = 0; i < t.length; i++) {
    if (!HELCIM_TOKEN_CHAR.test(t[i] ?? '')) {
      throw invalidInput(
        `The api-token contains a character Helcim tokens do not use (at character ${i + 1})`,
        'Copy it again from the Helcim dashboard.',
      );
    }
  }
  if (t.length < 20)
    throw invalidInput(
      `The api-token is too short (${t.length} characters); Helcim tokens are much longer`,
      'Copy the whole token.',
    );
  if (t.length > 512) throw invalidInput(`The api-token is too long (${t.length} characters)`, 'Copy only the token.');
  return t;
}

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
 * A Gr4vy instance id (the `<id>` in `api.<id>.gr4vy.app`). Accepts a pasted API URL and
 * extracts the id from it. Returns the id in lower case.
 */
export function validateInstanceId(input: string): string {
  let t = input.trim().toLowerCase();
  const fromUrl = /^(?:https?:\/\/)?api\.(?:sandbox\.)?([a-z0-9-]+)\.gr4vy\.app\/?$/.exec(t);
  if (fromUrl?.[1]) t = fromUrl[1];
  if (t === '') throw invalidInput('The instance id is empty', 'It is the <id> in https://api.<id>.gr4vy.app.');
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(t)) {
    throw invalidInput(
      'The instance id may contain only letters, digits and inner hyphens',
      'It is the <id> in https://api.<id>.gr4vy.app.',
    );
  }
  return t;
}

/** An optional Gr4vy merchant account id; '' means none. */
export function validateMerchantAccountId(input: string): string | undefined {
  const t = input.trim();
  if (t === '') return undefined;
  if (!/^[A-Za-z0-9_.:-]{1,100}$/.test(t))
    throw invalidInput('The merchant account id may contain only letters, digits and _ . : -');
  return t;
}

/**
 * Parses a comma- or space-separated scope list; each must look like `<resource>.read|write`,
 * `*.read|write` or `embed`.
 */
export function parseScopes(input: string): string[] {
  const scopes = [
    ...new Set(
      input
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  if (scopes.length === 0) throw invalidInput('At least one scope is needed', 'For example: *.read, *.write');
  for (const s of scopes) {
    if (s !== 'embed' && !/^(\*|[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*)\.(read|write)$/.test(s)) {
      throw invalidInput(
        `"${clip(s, 60)}" is not a scope`,
        'Scopes look like buyers.read, transactions.write, *.read or embed.',
      );
    }
  }
  return scopes;
}

/**
 * A base URL from settings or the command line: http(s), no credentials, no query. Plain http only
 * for loopback (local mocks), so a token never crosses a network unencrypted.
 */
export function validateBaseUrl(input: string, what: string): string {
  let u: URL;
  try {
    u = new URL(input.trim());
  } catch {
    throw invalidInput(`${what} is not a URL: "${input.trim().slice(0, 80)}"`);
  }
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
