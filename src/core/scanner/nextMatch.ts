import { Prefilter } from './prefilter';
import type { Rule } from './rule';

/** A prefilter of each pattern walked with {@link nextMatch}, made once. */
const literalsOf = new WeakMap<RegExp, Prefilter>();

/**
 * The next match of the global pattern `re` at or after `from`, as `re.exec` from there finds it, but
 * searched for from the first of its literals (see {@link Prefilter.firstLiteral}): quicker over a
 * long text for a pattern that is slow to search for. `lead` is the most characters a match begins
 * before the literal it holds (none begins earlier, so no match is skipped).
 */
export function nextMatch(re: RegExp, lead: number, text: string, from: number): RegExpExecArray | null {
  let literals = literalsOf.get(re);
  if (!literals) {
    literals = new Prefilter([{ id: 'next-match', anchor: re } as Rule]);
    literalsOf.set(re, literals);
  }
  const at = literals.firstLiteral(text, from);
  if (at < 0) return null;
  re.lastIndex = Math.max(from, at - lead);
  return re.exec(text);
}
