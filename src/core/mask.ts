const BULLETS = '••••••••';
/** Secrets shorter than this show no characters at all: four of eight would be half of it. */
const MIN_LENGTH_TO_SHOW_TAIL = 12;

/**
 * Masks a secret for display: a fixed run of bullets (so the length does not leak) and the last
 * four characters. Short values show no characters. Never throws.
 *
 * @example
 * mask('abcdefghijklmnop') // '••••••••mnop'
 */
export function mask(secret: string | undefined | null): string {
  if (!secret) return BULLETS;
  const s = secret.trim();
  if (s.length < MIN_LENGTH_TO_SHOW_TAIL) return BULLETS;
  return BULLETS + s.slice(-4);
}

/**
 * Replaces every occurrence of each known secret in `text` by its mask. The last line of defence
 * for logs: call sites already log masked values, this catches the ones they forgot.
 */
export function redact(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const s of secrets) {
    if (s.length >= 4 && out.includes(s)) out = out.split(s).join(mask(s));
  }
  return out;
}
