import { base64url } from 'jose';
import { invalidInput } from '../errors';
import { MAX_JSON_DEPTH, jsonDepth, tryParseJson } from '../jsonLimits';

/** A JWT split into its parts and decoded, not verified. */
export interface DecodedJwt {
  /** The compact token as inspected (whitespace and a `Bearer ` prefix removed). */
  token: string;
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** Length of the decoded signature in bytes (0 for an unsigned token). */
  signatureLength: number;
}

/** Longer than any real JWT (Gr4vy's are about 1 KB; the longest ID tokens seen are a few KB). */
export const MAX_TOKEN_LENGTH = 100_000;

const PART_NAMES = ['header (part 1)', 'payload (part 2)', 'signature (part 3)'] as const;

/** Removes what surrounds a token when it is copied from a header, a log or a JSON string. */
export function cleanTokenText(input: string): string {
  let t = input.trim();
  if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'"))) t = t.slice(1, -1);
  t = t.replace(/^(authorization\s*:\s*)?bearer\s+/i, '');
  return t.replace(/\s+/g, '');
}

function decodePart(part: string, index: 0 | 1): Record<string, unknown> {
  const name = PART_NAMES[index];
  if (part === '') throw invalidInput(`The ${name} is empty`);
  const bad = /[^A-Za-z0-9_-]/.exec(part);
  if (bad) {
    const which =
      bad[0] === '='
        ? 'padding (=)'
        : bad[0] === '+' || bad[0] === '/'
          ? `"${bad[0]}" (standard base64, not base64url)`
          : `"${bad[0]}"`;
    throw invalidInput(
      `The ${name} is not base64url: it contains ${which} at character ${bad.index + 1}`,
      'JWTs use base64url without padding.',
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(base64url.decode(part));
  } catch {
    throw invalidInput(`The ${name} does not decode to UTF-8 text`);
  }
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw invalidInput(`The ${name} nests deeper than ${MAX_JSON_DEPTH} levels`, 'Real claims use a few levels.');
  }
  const parsed = tryParseJson(text);
  if (!parsed)
    throw invalidInput(
      `The ${name} is not JSON`,
      index === 1 ? 'An encrypted or opaque token cannot be inspected.' : undefined,
    );
  const { value } = parsed;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalidInput(`The ${name} is JSON but not an object`);
  return value as Record<string, unknown>;
}

/**
 * Decodes a JWT without verifying it. Tolerates surrounding whitespace and quotes, line breaks
 * inside, and a leading `Bearer `. Throws an AppError with the precise reason otherwise: the
 * number of parts, which part is not base64url or not JSON, a missing `alg`.
 *
 * @example
 * decodeJwt('Bearer eyJ…').payload.exp
 */
export function decodeJwt(input: string): DecodedJwt {
  if (input.length > MAX_TOKEN_LENGTH * 2) {
    throw invalidInput(
      `This text is ${input.length} characters long: too long to be a JWT (at most ${MAX_TOKEN_LENGTH})`,
    );
  }
  const token = cleanTokenText(input);
  if (token === '') throw invalidInput('There is no token to inspect');
  if (token.length > MAX_TOKEN_LENGTH) {
    throw invalidInput(
      `This token is ${token.length} characters long: too long to be a JWT (at most ${MAX_TOKEN_LENGTH})`,
    );
  }
  const parts = token.split('.');
  if (parts.length === 5)
    throw invalidInput(
      'This token has five parts: it is an encrypted JWE, whose claims cannot be read without the decryption key',
    );
  if (parts.length !== 3) {
    throw invalidInput(
      `A JWT has three parts separated by dots; this has ${parts.length === 1 ? 'one (no dots)' : parts.length}`,
      parts.length === 2
        ? 'The signature part is missing (an unsigned token still ends with a dot).'
        : 'Copy the whole token.',
    );
  }
  const [h, p, s] = parts as [string, string, string];
  const header = decodePart(h, 0);
  const payload = decodePart(p, 1);
  if (typeof header.alg !== 'string' || header.alg === '') throw invalidInput('The header has no "alg"');
  if (s !== '' && /[^A-Za-z0-9_-]/.test(s)) throw invalidInput('The signature (part 3) is not base64url');
  let signatureLength = 0;
  try {
    signatureLength = s === '' ? 0 : base64url.decode(s).length;
  } catch {
    throw invalidInput('The signature (part 3) is not base64url');
  }
  return { token, header, payload, signatureLength };
}

/**
 * Finds JWT-shaped substrings (three base64url parts, the first two starting with `eyJ`) in `text`.
 * A token starts where a run of base64url characters starts: `\b` also matched after every `-`
 * inside a run, and each of those starts read the rest of the run (quadratic time on `eyJ-eyJ-…`).
 */
export const JWT_PATTERN = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;
