import { Prefilter } from './prefilter';
import type { Rule } from './rule';
import { IGNORED_ENV_RULES, RULES } from './rules';

/** What a subset of a rule list keeps. */
const KEEP = {
  /** The rules that read git-ignored `.env` files. */
  ignored: (r: Rule) => r.readsIgnoredEnv === true,
  /** The rules that connect lines any distance apart ({@link Rule.anchorAnywhere}). */
  far: (r: Rule) => r.anchorAnywhere === true,
};

const subsets = {
  ignored: new WeakMap<readonly Rule[], readonly Rule[]>([[RULES, IGNORED_ENV_RULES]]),
  far: new WeakMap<readonly Rule[], readonly Rule[]>(),
};

/** A subset of a rule list, one array per list (so that its prefilter is made once). */
export function subsetOf(rules: readonly Rule[], which: keyof typeof KEEP): readonly Rule[] {
  let subset = subsets[which].get(rules);
  if (!subset) {
    subset = rules.filter(KEEP[which]);
    subsets[which].set(rules, subset);
  }
  return subset;
}

const prefilters = new WeakMap<readonly Rule[], Prefilter>();
/** The prefilter of a rule list, made once per list. */
export function prefilterOf(rules: readonly Rule[]): Prefilter {
  let p = prefilters.get(rules);
  if (!p) {
    p = new Prefilter(rules);
    prefilters.set(rules, p);
  }
  return p;
}
