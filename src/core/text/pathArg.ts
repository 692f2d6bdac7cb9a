import { SECRET_RULES } from '../scanner/rules';
import { scan } from '../scanner/scan';
import { escapeText } from './escape';

/** Longer than any path people type: a pasted key or token, more likely. */
const MAX_SHOWN_PATH = 300;

/**
 * A path the user gave, for a message: escaped, or withheld when it looks like a secret pasted
 * where a file name goes (`--key '{"kty":"EC","d":…}'`, `--key "$(cat key.pem)"`, a token as the
 * scan root): a line break, a brace, great length, or anything the scanner finds.
 *
 * @example
 * shownPath('keys/gr4vy.pem') // 'keys/gr4vy.pem'
 */
export function shownPath(p: string): string {
  if (p.length > MAX_SHOWN_PATH || /[\r\n{}]/.test(p) || scan(p, { rules: SECRET_RULES }).length > 0)
    return '(the path given is not shown: it looks like a key or token, not a file name)';
  return escapeText(p);
}
