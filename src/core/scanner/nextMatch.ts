import { Prefilter } from './prefilter';
import type { Rule } from './rule';

const literalsOf = new WeakMap<RegExp, Prefilter>();
/** The prefilter of one pattern (its literals: see {@link Prefilter}), made once per pattern. */
export function patternLiterals(re: RegExp): Prefilter {
  let literals = literalsOf.get(re);
  if (!literals) {
    literals = new Prefilter([{ id: 'pattern', anchor: re } as Rule]);
    literalsOf.set(re, literals);
  }
  return literals;
}

/**
 * The next match of the global pattern `re` at or after `from`, as `re.exec` from there finds it, but
 * searched for from the first of its literals (see {@link Prefilter.firstLiteral}): quicker over a
 * long text for a pattern that is slow to search for. `lead` is the most characters a match begins
 * before the literal it holds (none begins earlier, so no match is skipped).
 */
export function nextMatch(re: RegExp, lead: number, text: string, from: number): RegExpExecArray | null {
  const at = patternLiterals(re).firstLiteral(text, from);
  if (at < 0) return null;
  re.lastIndex = Math.max(from, at - lead);
  return re.exec(text);
}
