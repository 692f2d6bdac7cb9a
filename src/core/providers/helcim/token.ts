import { invalidInput } from '../../errors';

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
