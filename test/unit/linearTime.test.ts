// Every rule stays linear on inputs made to break it: 10x the input may cost at most ~15x the time,
// and 2 MB of anything scans in under 3 s. (`npm run bench` prints the same table.) Then each rule
// on one long line of its own words (review of 2026-12-02: one line of `eyJ-` took 48 s for 200 KB):
// 4x the line may cost at most 6x the time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULES } from '../../src/core/scanner/rules';
import { scan } from '../../src/core/scanner/scan';
import { ADVERSARIAL, ONE_LINE_SEPARATORS, RULE_WORDS, oneLine } from './adversarial';

/** Best of `runs` timings of a full scan, in ms. */
function time(text: string, runs: number, opts: Parameters<typeof scan>[1] = {}): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    scan(text, opts);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/**
 * Scan time of `make(small)` and `make(large)`: whether it grows at most `maxRatio` times and 2 MB
 * stays under 3 s. Measured a second time, best of more runs, before it counts as too slow: one GC
 * pause or a busy machine must not read as quadratic time. A complaint, or undefined.
 */
function tooSlow(
  make: (n: number) => string,
  [small, large]: [number, number],
  maxRatio: number,
  opts: Parameters<typeof scan>[1] = {},
): string | undefined {
  // A sixteenth and a quarter first (a linear scan takes a few ms there): a quadratic pattern fails
  // in a second, not after minutes at full size.
  for (const [part, budget] of [
    [16, 100],
    [4, 400],
  ] as const) {
    const n = Math.round(small / part);
    const probe = time(make(n), 1, opts);
    if (probe > budget) return `${Math.round(n / 1000)} KB took ${Math.round(probe)} ms`;
  }
  let complaint: string | undefined;
  for (const runs of [1, 3]) {
    const ts = time(make(small), runs, opts);
    const tl = time(make(large), runs, opts);
    // Below a few ms, timer noise dominates: compare against at least 5 ms.
    const ratio = tl / Math.max(ts, 5);
    if (tl < 3000 && ratio <= maxRatio) return undefined;
    complaint = `${ts.toFixed(1)} ms → ${tl.toFixed(1)} ms (${ratio.toFixed(1)}x)`;
  }
  return complaint;
}

describe('linear time on adversarial input (200 KB vs 2 MB)', () => {
  for (const [name, make] of Object.entries(ADVERSARIAL)) {
    it(name, () => {
      const slow = tooSlow(make, [200_000, 2_000_000], 15);
      assert.equal(slow, undefined, `10x the input took more than 15x the time, or 2 MB over 3 s: ${slow}`);
    });
  }
});

describe('linear time on one long line per rule (512 KB vs 2 MB)', () => {
  it('every rule has words to repeat', () => {
    assert.deepEqual(
      RULES.map((r) => r.id).filter((id) => !RULE_WORDS[id]),
      [],
      'add the rule to RULE_WORDS in adversarial.ts',
    );
  });

  for (const rule of RULES) {
    const words = RULE_WORDS[rule.id] ?? [];
    it(rule.id, () => {
      const slow: string[] = [];
      // Each word alone (a run of one prefix) and all of them in turn, joined by each separator.
      for (const form of [...words.map((w) => [w]), words]) {
        for (const sep of ONE_LINE_SEPARATORS) {
          const what = `${JSON.stringify(form.join(sep) + sep)}…`;
          const line = oneLine(form, sep, 2_048_000);
          const make = (n: number) => line.slice(0, n);
          const complaint = tooSlow(make, [512_000, 2_048_000], 6, { rules: [rule] });
          if (complaint) slow.push(`${what}: ${complaint}`);
        }
      }
      assert.deepEqual(slow, [], '4x the line took more than 6x the time, or 2 MB over 3 s');
    });
  }
});
