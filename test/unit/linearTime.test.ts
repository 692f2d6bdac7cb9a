// Every rule stays linear on inputs made to break it: 10x the input may cost at most ~15x the time,
// and 2 MB of anything scans in under 3 s. (`npm run bench` prints the same table.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scan } from '../../src/core/scanner/scan';
import { ADVERSARIAL } from './adversarial';

/** Best of `runs` timings of a full scan, in ms. */
function time(text: string, runs: number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    scan(text);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

describe('linear time on adversarial input (200 KB vs 2 MB)', () => {
  for (const [name, make] of Object.entries(ADVERSARIAL)) {
    it(name, () => {
      const small = make(200_000);
      const large = make(2_000_000);
      const ts = time(small, 3);
      const tl = time(large, 2); // best of two: one GC pause must not read as quadratic time
      // Below a few ms, timer noise dominates: compare against at least 5 ms.
      const ratio = tl / Math.max(ts, 5);
      assert.ok(tl < 3000, `2 MB took ${Math.round(tl)} ms`);
      assert.ok(
        ratio <= 15,
        `10x the input took ${ratio.toFixed(1)}x the time (${ts.toFixed(1)} ms → ${tl.toFixed(1)} ms)`,
      );
    });
  }
});
