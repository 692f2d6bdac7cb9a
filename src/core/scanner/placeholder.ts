import { createHash } from 'node:crypto';

const WORDS = [
  'example',
  'sample',
  'placeholder',
  'dummy',
  'redacted',
  'changeme',
  'change_me',
  'replace',
  'insert',
  'fake',
  'notreal',
  'not_real',
  'here',
];
/** Placeholder words in the casings people write them (lower, Capitalised, UPPER): random tokens rarely hold those. */
const PLACEHOLDER_WORDS = new RegExp(
  [...WORDS, 'your_', 'your-', 'yourkey', 'yourtoken']
    .flatMap((w) => [w, w[0]?.toUpperCase() + w.slice(1), w.toUpperCase()])
    .join('|'),
);
// `<[^<>]*>`, not `<[^>]*>`: the latter reads from every `<` of a run to the end (quadratic time).
const MASK_CHARS = /x{4,}|X{4,}|\*{3,}|•{2,}|<[^<>]*>|\$\{|\$\(|\{\{/;

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/**
 * Whether a matched value is a placeholder, a masked or redacted value, or too regular to be a real
 * secret: `sk_live_xxxxxxxx…`, `••••1234`, `<your-token>`, `${TOKEN}`, `aaaaaaaa…`, `12345678…`.
 */
export function isPlaceholder(value: string): boolean {
  if (MASK_CHARS.test(value) || PLACEHOLDER_WORDS.test(value)) return true;
  if (/(.)\1{5,}/.test(value)) return true;
  if (/0123456|1234567|abcdefg|ABCDEFG/.test(value)) return true;
  const body = value.replace(/^[a-z]+_(live|test|sbox)_/i, '');
  return body.length >= 16 && (new Set(body).size < 8 || entropy(body) < 3);
}

/** SHA-256 (hex) of well-known documentation example keys: found in docs everywhere, never secret. */
const DOCUMENTATION_EXAMPLES = new Set([
  // Stripe's test key shown throughout its API reference.
  createHash('sha256').update(['sk', 'test', '4eC39HqLyjWDarjtT1zdp7dc'].join('_')).digest('hex'),
  createHash('sha256').update(['sk', 'test', 'BQokikJOvBiI2HlWgH4olfQ2'].join('_')).digest('hex'),
]);

/** Whether `value` is a published documentation example. */
export function isDocumentationExample(value: string): boolean {
  return DOCUMENTATION_EXAMPLES.has(createHash('sha256').update(value).digest('hex'));
}
