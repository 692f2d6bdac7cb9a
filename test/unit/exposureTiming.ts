// The long-line growth check the exposure rules' tests share: 512 KB vs 2 MB of a rule's own words.
import type { Rule } from '../../src/core/scanner/rule';
import type { FileContext } from '../../src/core/scanner/fileContext';
import { scan } from '../../src/core/scanner/scan';

/** Best of `runs` timings of `rule` alone on `text`, in ms. */
function time(rule: Rule, text: string, file: FileContext, runs: number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    scan(text, { rules: [rule], file });
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/**
 * For each separator, one line of `words` joined by it: a complaint for each where 2 MB takes over
 * 1.5 s or more than 6x the time of 512 KB. A slow reading is measured again, best of more runs,
 * before it counts: on a shared machine one busy moment must not read as quadratic time.
 */
export function slowLines(rule: Rule, file: FileContext, words: readonly string[], separators: readonly string[]) {
  const slow: string[] = [];
  for (const sep of separators) {
    const cycle = words.map((w) => w + sep).join('');
    const line = cycle.repeat(Math.ceil(2_048_000 / cycle.length)).slice(0, 2_048_000);
    let complaint: string | undefined;
    for (const runs of [2, 5]) {
      const small = time(rule, line.slice(0, 512_000), file, runs);
      const large = time(rule, line, file, runs);
      complaint =
        large > 1500 || large / Math.max(small, 5) > 6
          ? `${JSON.stringify(sep)}: ${small.toFixed(1)} → ${large.toFixed(1)} ms`
          : undefined;
      if (!complaint) break;
    }
    if (complaint) slow.push(complaint);
  }
  return slow;
}
