import type { Rule } from './rule';
import { jwt } from './rules/jwt';
import { VALUE_RULES } from './rules/values';
import { EXPOSURE_RULES } from './exposure/rules';

/** Every rule, most specific first: where two overlap, the earlier one wins. */
export const RULES: readonly Rule[] = [...VALUE_RULES, jwt, ...EXPOSURE_RULES];

/**
 * The rules that find secrets' values (not where a secret reaches the browser or a log): what a
 * webhook body or a shown path is masked by.
 */
export const SECRET_RULES: readonly Rule[] = RULES.filter((r) => r.kind !== 'exposure');

const anchorsOf = (caseless: boolean) => [
  ...new Set(RULES.filter((r) => r.anchor.flags.includes('i') === caseless).map((r) => `(?:${r.anchor.source})`)),
];
const CASED_ANCHORS = new RegExp(anchorsOf(false).join('|'));
const CASELESS_ANCHORS = new RegExp(anchorsOf(true).join('|'), 'i');

/**
 * Whether any rule's anchor occurs in `text`: two quick tests (case-sensitive prefixes, then
 * case-insensitive names) that reject most files before anything else runs.
 */
export function hasAnyAnchor(text: string): boolean {
  return CASED_ANCHORS.test(text) || CASELESS_ANCHORS.test(text);
}

/** The rule with this id, if any. */
export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
