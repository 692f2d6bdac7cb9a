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

/** The rules that also read git-ignored `.env` files (see {@link Rule.readsIgnoredEnv}). */
export const IGNORED_ENV_RULES: readonly Rule[] = RULES.filter((r) => r.readsIgnoredEnv);

/** The rule with this id, if any. */
export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
