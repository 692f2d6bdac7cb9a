import type { Rule } from './rule';
import { helcimPaySecretToken, helcimToken } from './rules/helcim';
import { jwt } from './rules/jwt';
import { paymentProviderRules } from './rules/payments';
import { privateJwk, privateKeyPem } from './rules/privateKeys';

/** Every rule, most specific first: where two overlap, the earlier one wins. */
export const RULES: readonly Rule[] = [
  helcimToken,
  helcimPaySecretToken,
  privateKeyPem,
  privateJwk,
  ...paymentProviderRules,
  jwt,
];

/** One pass over this tells which rules can find anything in a text (see {@link Rule.anchor}). */
export const ANY_ANCHOR = new RegExp(RULES.map((r) => `(?:${r.anchor.source})`).join('|'), 'gi');

/** The rule with this id, if any. */
export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
